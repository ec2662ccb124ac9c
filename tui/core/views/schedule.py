"""The schedule: dated articles around a moment (now, injected), each in one state.

- `scheduled`: status `future` written in a text field (WordPress), or an article that would be
  out (published, private, no status) whose `publishDate` (or date) is after now;
- `expired`: an `expiryDate` (Hugo; `unpublish_date` in Grav) at or before now;
- `published`: out, dated at or before now;
- `draft`: every other status (draft, pending, review…), whatever its date: a draft dated
  next week is not going out by itself.

Trashed articles and undated ones are not on the schedule. Times without a zone are read in the
site's time zone (Hugo's `timeZone`), else as UTC, as the site readers do; a date without a time
is its midnight.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from tui.core.model import Article
from tui.core.site.conventions import _MISSING, as_moment, lookup, parse_date

STATES = ("scheduled", "expired", "published", "draft")
DAYS_BACK = 30
DAYS_AHEAD = 90

# The keys each generator reads, in any case (Hugo's own spellings, Grav's, Eleventy/Astro's).
PUBLISH_KEYS = ("publishDate", "pubdate", "publish_date")
EXPIRY_KEYS = ("expiryDate", "unpublishdate", "unpublish_date", "expiry_date")
# Statuses of an article that is (or will be) out.
LIVE = frozenset({"publish", "private", "future", "expired"})

When = date | datetime


@dataclass(frozen=True)
class Timing:
    """An article's publish and expiry dates, when its front matter has them."""

    publish: When | None = None
    expiry: When | None = None


NO_TIMING = Timing()


def timing_of(metadata: Mapping[str, Any]) -> Timing:
    return Timing(_first_date(metadata, PUBLISH_KEYS), _first_date(metadata, EXPIRY_KEYS))


def _first_date(metadata: Mapping[str, Any], keys: tuple[str, ...]) -> When | None:
    for key in keys:
        _, raw = lookup(dict(metadata), key, True)
        if raw is _MISSING or raw is None or isinstance(raw, bool):
            continue
        when = parse_date(raw)
        if when is not None:
            return when
    return None


@dataclass(frozen=True)
class Entry:
    article: Article
    when: When
    state: str
    zone: tzinfo | None = field(default=None, compare=False)

    @property
    def at(self) -> datetime:
        return as_moment(self.when, self.zone)

    def to_json(self) -> dict[str, Any]:
        """One element of `draftdeck schedule --json` (a contract)."""
        a = self.article
        return {"path": a.path, "title": a.title, "status": a.status,
                "date": self.when.isoformat(), "state": self.state}


def schedule_entry(article: Article, now: datetime, timing: Timing = NO_TIMING,
                   zone: tzinfo | None = None) -> Entry | None:
    """The article's place on the schedule at `now` (aware), or None (trashed, or undated);
    times without a zone are in `zone` (the site's), else UTC."""
    status = article.status
    if status == "trash" or article.error:
        return None
    dated = article.date
    going_out = timing.publish or dated  # a publish date, when given, says when (Hugo)
    if (status == "future" and article.status_source.kind != "field"
            and going_out is not None and as_moment(going_out, zone) > now):
        # Not out yet, as the list says (an expiry gone by as well changes nothing until then).
        return Entry(article, going_out, "scheduled", zone)
    if timing.expiry is not None and as_moment(timing.expiry, zone) <= now:
        return Entry(article, timing.expiry, "expired", zone)
    if status == "expired" and timing.expiry is None:
        return Entry(article, dated, "expired", zone) if dated is not None else None
    if status is not None and status not in LIVE:
        return Entry(article, dated, "draft", zone) if dated is not None else None
    if status == "future" and article.status_source.kind == "field":
        when = timing.publish or dated
        return Entry(article, when, "scheduled", zone) if when is not None else None
    # Out, or going out: a status the generator derived from the dates is worked out again
    # at `now`.
    when = going_out
    if when is not None and as_moment(when, zone) > now:
        return Entry(article, when, "scheduled", zone)
    if when is None:
        return None
    if status == "future" and timing.publish is None:  # derived from a date not read: trust it
        return Entry(article, when, "scheduled", zone)
    return Entry(article, when, "published", zone)


def build_schedule(articles: Iterable[Article], now: datetime, *,
                   back: timedelta = timedelta(days=DAYS_BACK),
                   ahead: timedelta = timedelta(days=DAYS_AHEAD),
                   timings: Mapping[str, Timing] | None = None,
                   zone: tzinfo | None = None) -> list[Entry]:
    """The entries dated within [now - back, now + ahead], by date (then path)."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    start, end = now - back, now + ahead
    found: list[Entry] = []
    for article in articles:
        timing = (timings or {}).get(article.path, NO_TIMING)
        entry = schedule_entry(article, now, timing, zone)
        if entry is not None and start <= entry.at <= end:
            found.append(entry)
    found.sort(key=lambda e: (e.at, e.article.path))
    return found


def read_timings(articles: Sequence[Article], read: Callable[[str], Article]
                 ) -> dict[str, Timing]:
    """The publish/expiry dates of each article, from its front matter (`read` gives the whole
    article by path: the index keeps no front matter)."""
    out: dict[str, Timing] = {}
    for article in articles:
        if article.error or article.status == "trash":
            continue
        metadata = article.metadata or read(article.path).metadata
        timing = timing_of(metadata)
        if timing != NO_TIMING:
            out[article.path] = timing
    return out

