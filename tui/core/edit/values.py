"""Values for field edits: the type a field holds, text parsed as that type, and dates written in
the style the file (or the folder) already uses. Pure: no I/O."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from tui.core.site.conventions import _DATE_FORMATS, parse_date

TYPES = ("text", "date", "datetime", "bool", "int", "number", "list")

_TRUE = {"true", "yes", "on", "y"}
_FALSE = {"false", "no", "off", "n"}


class ValueRefused(ValueError):
    """Text that is not a value of the type the field needs; the message says why."""


def type_name(value: Any) -> str:
    """The type of a front-matter value in draftdeck's words."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "number"
    if isinstance(value, datetime):
        return "datetime"
    if isinstance(value, date):
        return "date"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return type(value).__name__


def conforms(value: Any, wanted: str) -> bool:
    """Whether a value read from a file is of a schema type (a date may be written as text)."""
    if value is None:
        return False
    got = type_name(value)
    if wanted == "text":
        return got == "text"
    if wanted == "number":
        return got in ("int", "number")
    if wanted == "date":
        if got == "date":
            return True
        return got == "text" and isinstance(parse_date(value), date) and not isinstance(
            parse_date(value), datetime)
    if wanted == "datetime":
        if got in ("datetime", "date"):
            return True
        return got == "text" and parse_date(value) is not None
    return got == wanted


def parse_bool(text: str) -> bool:
    word = text.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueRefused(f"'{text}' is not true or false")


def parse_int(text: str) -> int:
    if not re.fullmatch(r"\s*[-+]?\d+\s*", text):
        raise ValueRefused(f"'{text}' is not a whole number")
    return int(text)


def parse_number(text: str, as_float: bool = False) -> int | float:
    if re.fullmatch(r"\s*[-+]?\d+\s*", text) and not as_float:
        return int(text)
    try:
        value = float(text)
    except ValueError:
        raise ValueRefused(f"'{text}' is not a number") from None
    if math.isnan(value) or math.isinf(value):
        raise ValueRefused(f"'{text}' is not a finite number")
    return value


def parse_when(text: str) -> date | datetime:
    """A date or a date and time typed by a person: ISO 8601, the layouts sites use, `today`."""
    word = text.strip().lower()
    if word == "today":
        return date.today()
    when = parse_date(text)
    if when is None:
        raise ValueRefused(f"'{text}' is not a date (write it as 2024-03-02 or "
                           "2024-03-02 14:05)")
    return when


# -- dates in a file's own style ------------------------------------------------------------------

_ISO = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})(?:(?P<sep>[Tt ])(?P<hm>\d{1,2}:\d{2})"
                  r"(?P<sec>:\d{2})?(?P<frac>\.\d+)?(?P<space> ?)(?P<tz>Z|z|[-+]\d{2}:?\d{2}|"
                  r"[-+]\d{1,2})?)?$")


@dataclass(frozen=True)
class DateStyle:
    """How a date is written. native: a YAML/TOML date value (not text); text: its layout."""

    native: bool = True
    timed: bool = False
    layout: str = "iso"  # "iso", or a strptime format from conventions
    sep: str = " "
    seconds: bool = True
    space_before_tz: bool = False
    tz: str = ""  # "", "Z", "+01:00" style or "+0100" style marker
    tzinfo: Any = None

    @classmethod
    def of(cls, value: Any, text: str | None = None) -> DateStyle | None:
        """The style of an existing date value (and its source text when known)."""
        if isinstance(value, datetime):
            style = cls._of_text(text) if text else None
            tz = value.tzinfo
            if style is None:
                style = DateStyle(timed=True, tz="+00:00" if tz else "", tzinfo=tz)
            return DateStyle(True, True, "iso", style.sep, style.seconds,
                             style.space_before_tz, style.tz if tz else "", tz)
        if isinstance(value, date):
            return DateStyle(native=True, timed=False)
        if isinstance(value, str):
            style = cls._of_text(value.strip())
            if style is not None:
                return DateStyle(False, style.timed, style.layout, style.sep, style.seconds,
                                 style.space_before_tz, style.tz, style.tzinfo)
        return None

    @classmethod
    def _of_text(cls, text: str) -> DateStyle | None:
        m = _ISO.match(text.strip().strip("'\""))
        if m:
            if not m.group("sep"):
                return DateStyle(timed=False)
            tz = m.group("tz") or ""
            tzinfo = None
            if tz:
                parsed = parse_date(text.strip().strip("'\""))
                tzinfo = parsed.tzinfo if isinstance(parsed, datetime) else None
            return DateStyle(True, True, "iso", m.group("sep"), bool(m.group("sec")),
                             bool(m.group("space")), tz, tzinfo)
        text = re.sub(r"\s+", " ", text.strip())
        for fmt, timed in _DATE_FORMATS:
            try:
                datetime.strptime(text, fmt)
            except ValueError:
                continue
            return DateStyle(False, timed, fmt)
        return None

    def value(self, when: date | datetime) -> tuple[Any, str | None]:
        """(the value to write, the text to write it as) for a date typed by a person. A date
        without a time in a timed style gets midnight (in the style's zone); a time given in a
        date-only style is kept (the precision of what was typed wins)."""
        timed = self.timed or (isinstance(when, datetime) and when.time() != time(0))
        if timed and not isinstance(when, datetime):
            when = datetime.combine(when, time(0))
        if isinstance(when, datetime) and when.tzinfo is None and self.tzinfo is not None:
            when = when.replace(tzinfo=self.tzinfo)
        if not timed:
            day = when.date() if isinstance(when, datetime) else when
            if self.native:
                return day, day.isoformat()
            text = day.strftime(self.layout) if self.layout != "iso" else day.isoformat()
            return text, None
        assert isinstance(when, datetime)
        if self.layout != "iso" and self.timed:
            return when.strftime(self.layout), None
        text = self._iso(when)
        if self.native:
            return when, text
        return text, None

    def _iso(self, when: datetime) -> str:
        out = when.strftime("%Y-%m-%d") + (self.sep if self.sep in "Tt " else " ")
        out += when.strftime("%H:%M:%S" if self.seconds or when.second else "%H:%M")
        if when.microsecond:
            out += f".{when.microsecond:06d}"
        offset = when.utcoffset()
        if offset is not None:
            out += " " if self.space_before_tz else ""
            out += _tz_text(offset, self.tz)
        return out


def _tz_text(offset: timedelta, like: str) -> str:
    if offset == timedelta(0) and like in ("Z", "z"):
        return like
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    if like and ":" not in like and len(like) == 5:
        return f"{sign}{hours:02d}{mins:02d}"
    return f"{sign}{hours:02d}:{mins:02d}"


def default_style(fmt: str | None) -> DateStyle:
    """A folder with no dates: a YAML/TOML date value, or ISO text in JSON."""
    return DateStyle(native=fmt != "json")
