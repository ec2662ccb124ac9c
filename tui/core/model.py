"""The article model: what draftdeck knows about one file. Frozen dataclasses, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

STATUSES: tuple[str, ...] = ("draft", "pending", "publish", "private", "future", "trash")

# Words a minute used for reading time.
READING_WPM = 230


@dataclass(frozen=True)
class StatusSource:
    """Where a file keeps its status, so the editor writes it back the same way.

    kind: "field" (a text field such as post_status or status), "draft" (draft: true/false),
    "published" (published: true/false), "folder" (a _drafts/ folder), or "none".
    key: the dotted key path for field/draft/published.
    """

    kind: str
    key: str = ""


@dataclass(frozen=True)
class Section:
    level: int
    title: str
    line: int  # 1-based line in the file


@dataclass(frozen=True)
class FaqItem:
    question: str
    answer: str
    line: int  # 1-based line of the question in the file


@dataclass(frozen=True)
class Structure:
    sections: tuple[Section, ...] = ()
    takeaways: tuple[str, ...] = ()
    faq: tuple[FaqItem, ...] = ()
    faq_line: int | None = None
    takeaways_line: int | None = None


@dataclass(frozen=True, slots=True)
class Article:
    path: str  # POSIX path relative to the folder that was opened
    abspath: str
    title: str
    has_title: bool
    status: str | None
    status_raw: Any
    status_source: StatusSource
    categories: tuple[str, ...]
    category_key: str | None  # dotted key where categories live, None when absent
    tags: tuple[str, ...]
    date: date | datetime | None
    date_text: str | None
    words: int
    error: str | None = None
    error_line: int | None = None
    warnings: tuple[str, ...] = ()
    format: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    body: str = field(default="", compare=False, repr=False)
    body_first_line: int = 1
    size: int = 0
    mtime_ns: int = 0
    date_source: str | None = None  # the key the date came from, or "filename"

    @property
    def reading_minutes(self) -> int:
        if self.words == 0:
            return 0
        return max(1, round(self.words / READING_WPM))

    @property
    def iso_date(self) -> str | None:
        if self.date is None:
            return None
        return self.date.isoformat()

    @property
    def sort_date(self) -> str:
        """What lists sort dates by: the ISO date and time to the second ('' without a date)."""
        iso = self.iso_date
        return iso[:19] if iso else ""

    def summary(self) -> dict[str, Any]:
        """The keys of `draftdeck list --json` (a contract)."""
        out: dict[str, Any] = {
            "path": self.path,
            "title": self.title,
            "status": self.status,
            "categories": list(self.categories),
            "tags": list(self.tags),
            "date": self.iso_date,
            "words": self.words,
            "error": self.error,
        }
        if self.status is None and self.status_raw is not None:
            out["status_raw"] = self.status_raw if isinstance(self.status_raw, str) else repr(
                self.status_raw
            )
        if self.warnings:
            out["warnings"] = list(self.warnings)
        return out


def describe_type(value: object) -> str:
    if value is None:
        return "empty (null)"
    if isinstance(value, bool):
        return "a true/false value"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a text value"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__} value"
