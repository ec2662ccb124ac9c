"""`json.dumps(rows, ensure_ascii=False, indent=2)`, character for character, for a list of flat
mappings (what `draftdeck list --json` prints), at C speed: json writes indented output in
Python. One row's text can be made once and kept (the index keeps it beside each article), so
a warm `list --json` joins kept texts."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any

_string = json.encoder.encode_basestring  # the C encoder json.dumps(ensure_ascii=False) uses
_float = float.__repr__
_INF = (float("inf"), float("-inf"))


# What json leaves raw and a terminal must not get: C1 controls and bidi marks (json escapes C0),
# and the surrogates that stand for the bytes of a file name that is not UTF-8 (not UTF-8 either).
_UNSAFE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ud800-\udfff]")


def escape_unsafe(text: str) -> str:
    """JSON text with C1 controls and bidi marks written as \\u escapes (still the same JSON)."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _compact_encoder() -> Callable[[Any], str]:
    """`json.dumps(value, ensure_ascii=False, default=str)` without the encoder json.dumps
    builds on every call (a third of its time for a short list): json's C encoder made once,
    when this Python has it and it writes what json.dumps writes; json.dumps otherwise."""
    make = getattr(json.encoder, "c_make_encoder", None)
    probe = ["é “x”", 1, 2.5, True, None, ["a", {"k": "v"}], float("nan")]
    try:
        encoder = make(None, str, _string, None, ": ", ", ", False, False, True)  # type: ignore[misc]
        if "".join(encoder(probe, 0)) != _dumps(probe):
            return _dumps
    except Exception:  # no C encoder here (None), or one that takes other arguments
        return _dumps

    def dumps(value: Any) -> str:
        return "".join(encoder(value, 0))

    return dumps


# Compact JSON text of values that hold no cycle (the index's cached rows).
compact_json = _compact_encoder()


class _NotFlat(Exception):
    pass


def _scalar(value: Any) -> str:
    kind = type(value)
    if kind is str:
        return str(_string(value))
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float and value == value and value not in _INF:
        return _float(value)
    raise _NotFlat


def safe_row_text(row: Any) -> str | None:
    """`row_text` with controls and bidi marks escaped: what a terminal may be given as is."""
    text = row_text(row)
    return None if text is None else escape_unsafe(text)


def row_text(row: Any) -> str | None:
    """One row as it stands inside the indented list (two spaces in), or None when it is not a
    flat mapping (text keys; text, number, true/false, null or lists of those as values)."""
    if type(row) is not dict:
        return None
    if not row:
        return "  {}"
    fields = []
    try:
        for key, item in row.items():
            head = _HEADS.get(key)
            if head is None:
                if type(key) is not str:
                    return None
                head = _head(key)
            kind = type(item)
            if kind is str:  # most values: the C encoder, no call of ours between
                fields.append(head + _string(item))
            elif kind is list:
                fields.append(head + ("[\n      " + ",\n      ".join(map(_scalar, item))
                                      + "\n    ]" if item else "[]"))
            else:
                fields.append(head + _scalar(item))
    except _NotFlat:
        return None
    return "  {\n" + ",\n".join(fields) + "\n  }"


# `    "key": ` for the keys met so far (a row's keys are a few, the same in every row).
_HEADS: dict[str, str] = {}


def _head(key: str) -> str:
    head = f"    {_string(key)}: "
    if len(_HEADS) < 256:
        _HEADS[key] = head
    return head


def join_rows(texts: Iterable[str]) -> str:
    """The indented list of rows made by `row_text`."""
    body = ",\n".join(texts)
    return "[\n" + body + "\n]" if body else "[]"


def rows_text(value: Any) -> str | None:
    """The indented JSON of a list of flat mappings; None for anything else."""
    if type(value) is not list:
        return None
    texts = []
    for row in value:
        text = row_text(row)
        if text is None:
            return None
        texts.append(text)
    return join_rows(texts)
