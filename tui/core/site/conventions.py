"""Reading the meaning of front-matter fields across CMS conventions: status, categories, tags, date."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from tui.core.model import StatusSource, describe_type
from tui.core.site.config import Config

STATUS_FIELDS = ("post_status", "status")
CATEGORY_KEYS = ("taxonomy.category", "categories", "category")
TAG_KEYS = ("tags", "taxonomy.tag", "taxonomy.post_tag", "tag")
# Keys whose string value is a space-separated list (Jekyll); the others hold one name.
SPACE_SEPARATED = {"categories", "tags"}
_SYNONYMS = {"published": "publish", "scheduled": "future", "deleted": "trash", "drafts": "draft"}

_MISSING = object()


def get_path(meta: Any, dotted: str) -> Any:
    """The value at a dotted key path, or _MISSING."""
    node = meta
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return _MISSING
        node = node[part]
    return node


def has_path(meta: Any, dotted: str) -> bool:
    return get_path(meta, dotted) is not _MISSING


def lookup(meta: Any, dotted: str, any_case: bool = False) -> tuple[str, Any]:
    """(the key path as the file spells it, its value), or (dotted, _MISSING).

    With any_case, a key matches in any case (Hugo reads `Title:` as `title`); an exact match
    is preferred."""
    node = meta
    spelled: list[str] = []
    for part in dotted.split("."):
        if not isinstance(node, dict):
            return dotted, _MISSING
        if part in node:
            spelled.append(part)
            node = node[part]
            continue
        if not any_case:
            return dotted, _MISSING
        folded = part.casefold()
        for key in node:
            if isinstance(key, str) and key.casefold() == folded:
                spelled.append(key)
                node = node[key]
                break
        else:
            return dotted, _MISSING
    return ".".join(spelled), node


def known_statuses(config: Config) -> tuple[str, ...]:
    """The values that are not 'unknown': the declared ones, else the built-in and the site's."""
    if config.statuses_declared:
        return config.statuses
    return config.statuses + tuple(s for s in config.site.status_values
                                   if s not in config.statuses)


def normalise_status(value: str, allowed: tuple[str, ...]) -> str | None:
    """A known status for a text value (`Published` → publish), or None."""
    word = value.strip().lower()
    word = _SYNONYMS.get(word, word) if word not in allowed else word
    return word if word in allowed else None


def status_word(value: str, allowed: tuple[str, ...]) -> str | None:
    """The status a text value stands for: a known one, else the value itself (lower case,
    trimmed), so `review` is `review`, not "no status". None for an empty value."""
    known = normalise_status(value, allowed)
    if known is not None:
        return known
    word = " ".join(value.split()).lower()
    return word or None


def in_drafts_folder(relpath: str) -> bool:
    return "_drafts" in relpath.split("/")[:-1]


def in_posts_folder(relpath: str) -> bool:
    return "_posts" in relpath.split("/")[:-1]


def _inside(path: str, folder: str | None) -> bool:
    if not folder:
        return False
    base = folder.rstrip("/") + "/"
    return path.startswith(base)


def _text_status(meta: dict[str, Any], keys: tuple[str, ...], config: Config, any_case: bool
                 ) -> tuple[str | None, Any, StatusSource, list[str]] | None:
    """The status of the first text status field present among `keys`; None if none is."""
    warnings: list[str] = []
    for wanted in keys:
        key, raw = lookup(meta, wanted, any_case)
        if raw is _MISSING:
            continue
        source = StatusSource("field", key)
        if isinstance(raw, str):
            allowed = known_statuses(config)
            status = status_word(raw, allowed)
            if status is not None and status not in allowed:
                warnings.append(f"unknown status value '{raw}' in '{key}'")
            return status, raw, source, warnings
        if raw is None:
            return None, None, source, warnings
        if isinstance(raw, bool) and key.rsplit(".", 1)[-1].lower() == "status":
            continue  # `status: true` is not a status; look further
        warnings.append(f"the status in '{key}' is {describe_type(raw)}, not a text value")
        return None, raw, source, warnings
    return None


def read_status(meta: dict[str, Any], relpath: str, config: Config,
                now: datetime | None = None) -> tuple[str | None, Any, StatusSource, list[str]]:
    """(status, raw value, where it came from, warnings).

    `relpath` is the file's path (absolute when known, so folder conventions and the site's
    content folder apply to a file opened on its own)."""
    site = config.site
    if config.status_key:
        found = _text_status(meta, (config.status_key,), config, False)
        if found is not None:
            return found
        if in_drafts_folder(relpath):
            return "draft", None, StatusSource("folder"), []
        return None, None, StatusSource("none"), []
    if site.generator:
        return _site_status(meta, relpath, config, now)
    return _generic_status(meta, relpath, config)


def _generic_status(meta: dict[str, Any], relpath: str, config: Config
                    ) -> tuple[str | None, Any, StatusSource, list[str]]:
    """No generator found: the first of post_status, status, draft, published, a _drafts/ or
    _posts/ folder."""
    found = _text_status(meta, STATUS_FIELDS, config, False)
    if found is not None:
        return found
    warnings: list[str] = []
    draft = meta.get("draft", _MISSING)
    if isinstance(draft, bool):
        return ("draft" if draft else "publish"), draft, StatusSource("draft", "draft"), warnings
    published = meta.get("published", _MISSING)
    if isinstance(published, bool):
        return (("publish" if published else "draft"), published,
                StatusSource("published", "published"), warnings)
    for key, value in (("draft", draft), ("published", published)):
        if value is not _MISSING:
            warnings.append(f"'{key}' is {describe_type(value)}, not true or false")
    if in_drafts_folder(relpath):
        return "draft", None, StatusSource("folder"), warnings
    if in_posts_folder(relpath):
        # Jekyll: a post in _posts/ is published unless it says `published: false`.
        return "publish", None, StatusSource("published", "published"), warnings
    return None, None, StatusSource("none"), warnings


def as_moment(value: date | datetime, zone: tzinfo | None = None) -> datetime:
    """A moment to compare with now: a date or a time without a zone is taken in `zone` (the
    site's time zone, as Hugo reads it), else in UTC; a date is its midnight."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone or UTC)
    return datetime(value.year, value.month, value.day, tzinfo=zone or UTC)


def site_zone(config: Config) -> tzinfo | None:
    """The time zone a site's generator reads dates without a zone in (Hugo's `timeZone`), or
    None for UTC (an unknown name included)."""
    name = config.site.time_zone
    if not name:
        return None
    found = _ZONES.get(name, _MISSING)
    if found is _MISSING:
        from zoneinfo import ZoneInfo

        try:
            found = ZoneInfo(name)
        except (ValueError, OSError, KeyError):  # unknown, or no time zone data here
            found = None
        _ZONES[name] = found
    return found if isinstance(found, tzinfo) else None


_ZONES: dict[str, object] = {}


# Hugo's schedule, as its default front-matter configuration reads it: the first of these keys
# that holds a date says when an article comes out (`date` last: an article dated tomorrow with
# no publishDate is not published before then), the first of the others when it expires.
_PUBLISH_KEYS = ("publishDate", "pubdate", "published", "date")
_EXPIRY_KEYS = ("expiryDate", "unpublishdate")
_SCHEDULE_KEYS = _PUBLISH_KEYS + _EXPIRY_KEYS
_SCHEDULE_FOLDED = {key.casefold(): key for key in _SCHEDULE_KEYS}


def _schedule_values(meta: dict[str, Any]) -> dict[str, Any]:
    """Hugo's schedule keys present in any case, by their spelling in _SCHEDULE_KEYS: what
    `lookup(meta, key, True)` gives for each. Which keys those are depends on the front
    matter's keys alone, and the files of a site share a few sets of keys: found once per set."""
    keys = tuple(meta)
    spelled = _SCHEDULE_SPELLED.get(keys)
    if spelled is None:
        spelled = _schedule_spellings(keys)
        if len(_SCHEDULE_SPELLED) >= 1024:
            _SCHEDULE_SPELLED.clear()
        _SCHEDULE_SPELLED[keys] = spelled
    return {name: meta[key] for name, key in spelled}


def _schedule_spellings(keys: tuple[Any, ...]) -> tuple[tuple[str, str], ...]:
    """(name in _SCHEDULE_KEYS, the key that holds it) for each present: the exact spelling
    first, else the first key that matches in another case."""
    found = {key: key for key in _SCHEDULE_KEYS if key in keys}
    for key in keys:
        if isinstance(key, str):
            name = _SCHEDULE_FOLDED.get(key.casefold())
            if name is not None and name not in found:
                found[name] = key
    return tuple(found.items())


_SCHEDULE_SPELLED: dict[tuple[Any, ...], tuple[tuple[str, str], ...]] = {}


def _first_date(values: dict[str, Any], keys: tuple[str, ...]) -> date | datetime | None:
    for key in keys:
        when = parse_date(values[key]) if key in values else None
        if when is not None:
            return when
    return None


def _hugo_schedule(meta: dict[str, Any], now: datetime | None, config: Config) -> str | None:
    """'future' for a publishDate still to come, 'expired' for an expiryDate gone by."""
    values = _schedule_values(meta)
    if not values:
        return None
    moment = now or datetime.now(UTC)
    zone = site_zone(config)
    when = _first_date(values, _PUBLISH_KEYS)
    if when is not None and as_moment(when, zone) > moment:
        return "future"
    when = _first_date(values, _EXPIRY_KEYS)
    if when is not None:
        return "expired" if as_moment(when, zone) <= moment else None
    return None


def status_turns_at(meta: dict[str, Any], config: Config,
                    now: datetime | None = None) -> datetime | None:
    """The moment a status read now stops being true with no change to the file (a Hugo
    publishDate or expiryDate still to come: scheduled becomes published, published becomes
    expired), so a cache knows when to read the file again; None when it never does."""
    if config.site.kind != "hugo":
        return None
    values = _schedule_values(meta)
    if not values:
        return None
    moment = now or datetime.now(UTC)
    zone = site_zone(config)
    turns = []
    for key in _SCHEDULE_KEYS:
        when = parse_date(values[key]) if key in values else None
        if when is not None and as_moment(when, zone) > moment:
            turns.append(as_moment(when, zone))
    return min(turns) if turns else None


def _site_status(meta: dict[str, Any], path: str, config: Config, now: datetime | None
                 ) -> tuple[str | None, Any, StatusSource, list[str]]:
    """As the detected generator reads it."""
    site = config.site
    any_case = site.case_insensitive
    if site.status_kind == "field":
        found = _text_status(meta, (site.status_field,), config, any_case)
        return found or (None, None, StatusSource("none"), [])
    warnings: list[str] = []
    key, raw = lookup(meta, site.status_field, any_case)
    kind = site.status_kind
    if isinstance(raw, bool):
        shown = raw if kind == "published" else not raw
        status = "publish" if shown else "draft"
        if status == "publish" and site.kind == "hugo":
            status = _hugo_schedule(meta, now, config) or status
        return status, raw, StatusSource(kind, key), warnings
    if raw is not _MISSING and raw is not None:
        warnings.append(f"'{key}' is {describe_type(raw)}, not true or false")
    # No flag: what the generator does by default.
    if site.kind == "jekyll" and in_drafts_folder(path):
        return "draft", None, StatusSource("folder"), warnings
    text = _text_status(meta, STATUS_FIELDS, config, any_case)
    if text is not None and text[0] is not None and text[0] not in ("draft", "publish"):
        # A workflow value the generator does not read (`status: review`): shown as itself.
        return text[0], text[1], text[2], warnings + text[3]
    source = StatusSource(kind, site.status_field)
    if site.kind == "jekyll":
        rel = path[len(site.root or "") :].strip("/") if _inside(path, site.root) else path
        for prefix, published in site.published_defaults:
            if not prefix or rel.startswith(prefix.rstrip("/") + "/"):
                return ("publish" if published else "draft"), None, source, warnings
        if in_posts_folder(path):
            return "publish", None, source, warnings
        return None, None, StatusSource("none"), warnings
    if _inside(path, site.content_dir):
        status = "publish"
        if site.kind == "hugo":
            status = _hugo_schedule(meta, now, config) or status
        return status, None, source, warnings
    return None, None, StatusSource("none"), warnings


def split_names(raw: str, leaf: str, spaces: bool) -> tuple[str, ...]:
    """One string of names: split on commas when it has any (`computer, linux`), else on
    spaces for Jekyll's `categories`/`tags` (`spaces`), else one name."""
    if "," in raw:
        return tuple(dict.fromkeys(p.strip() for p in raw.split(",") if p.strip()))
    if spaces and leaf.lower() in SPACE_SEPARATED:
        return tuple(dict.fromkeys(raw.split()))
    return (raw.strip(),) if raw.strip() else ()


def spaces_split(config: Config) -> bool:
    """Whether a `categories`/`tags` string is split on spaces (Jekyll, and where no generator
    says otherwise); Hugo, Grav and the others read one string as one name."""
    return config.site.kind == "jekyll" or not config.site.generator


def _names(raw: Any, key: str, what: str, warnings: list[str], spaces: bool = True
           ) -> tuple[str, ...]:
    leaf = key.rsplit(".", 1)[-1]
    if raw is None:
        return ()
    if isinstance(raw, str):
        return split_names(raw, leaf, spaces)
    if isinstance(raw, list):
        out: list[str] = []
        for item in raw:
            if isinstance(item, str):
                if item.strip():
                    out.append(item.strip())
            elif isinstance(item, bool | int | float | date):
                warnings.append(f"{what} in '{key}' include {describe_type(item)}: {item!r}")
                out.append(str(item))
            else:
                warnings.append(f"{what} in '{key}' include {describe_type(item)}, which is ignored")
        return tuple(dict.fromkeys(out))
    if isinstance(raw, bool | int | float):
        warnings.append(f"{what} in '{key}' is {describe_type(raw)}: {raw!r}")
        return (str(raw),)
    warnings.append(f"{what} in '{key}' is {describe_type(raw)}, which is ignored")
    return ()


def category_fields(config: Config) -> tuple[str, ...]:
    if config.category_key:
        return (config.category_key,)
    return config.site.category_fields or CATEGORY_KEYS


def tag_fields(config: Config) -> tuple[str, ...]:
    if config.tag_key:
        return (config.tag_key,)
    return config.site.tag_fields or TAG_KEYS


def read_categories(meta: dict[str, Any], config: Config
                    ) -> tuple[tuple[str, ...], str | None, list[str]]:
    """(categories, the key they are under as the file spells it, warnings)."""
    warnings: list[str] = []
    for wanted in category_fields(config):
        key, raw = lookup(meta, wanted, config.site.case_insensitive)
        if raw is not _MISSING:
            return _names(raw, key, "categories", warnings, spaces_split(config)), key, warnings
    taxonomy = meta.get("taxonomy", _MISSING)
    if taxonomy is not _MISSING and taxonomy is not None and not isinstance(taxonomy, dict):
        warnings.append(f"'taxonomy' is {describe_type(taxonomy)}, not a mapping")
    return (), None, warnings


def read_tags(meta: dict[str, Any], config: Config) -> tuple[tuple[str, ...], list[str]]:
    warnings: list[str] = []
    for wanted in tag_fields(config):
        key, raw = lookup(meta, wanted, config.site.case_insensitive)
        if raw is not _MISSING:
            return _names(raw, key, "tags", warnings, spaces_split(config)), warnings
    return (), warnings


def read_title(meta: dict[str, Any], config: Config) -> tuple[Any, str | None, list[str]]:
    """(the raw title, the key it is under, warnings). A title under another case (`Title:`)
    is found in every site; outside Hugo (which reads any case) that is also a warning."""
    key, raw = lookup(meta, config.title_key, False)
    if raw is not _MISSING:
        return raw, key, []
    key, raw = lookup(meta, config.title_key, True)
    if raw is _MISSING:
        return None, None, []
    warnings = []
    if config.site.generator and not config.site.case_insensitive:
        warnings.append(f"the title is under '{key}'; {config.site.kind} reads "
                        f"'{config.title_key}'")
    return raw, key, warnings


_DATE_FORMATS: tuple[tuple[str, bool], ...] = (
    # (format, whether it has a time of day)
    ("%Y-%m-%d %H:%M:%S %z", True), ("%Y-%m-%d %H:%M %z", True), ("%Y-%m-%d %H:%M:%S", True),
    ("%Y-%m-%d %H:%M", True), ("%Y-%m-%dT%H:%M:%S%z", True), ("%Y/%m/%d", False),
    ("%d %B %Y", False), ("%B %d, %Y", False), ("%b %d, %Y", False), ("%Y-%m-%d", False),
    # Grav (PHP's strtotime): 17-06-2017 is day-month-year, 01/01/2020 month/day/year.
    ("%d-%m-%Y", False), ("%d-%m-%Y %H:%M", True), ("%d-%m-%Y %H:%M:%S", True),
    ("%m/%d/%Y", False), ("%m/%d/%Y %I:%M%p", True), ("%m/%d/%Y %I:%M %p", True),
    ("%m/%d/%Y %H:%M", True), ("%H:%M %m/%d/%Y", True), ("%H:%M %d-%m-%Y", True),
    ("%Y-%m-%d %H:%M:%S.%f %z", True), ("%Y-%m-%d %H:%M:%S %Z", True),
)
_FILE_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-.")


def parse_date(raw: Any) -> date | datetime | None:
    if isinstance(raw, datetime | date):
        return raw
    if isinstance(raw, dict):  # MkDocs Material: date: {created: …, updated: …}
        for key in ("created", "date"):
            if key in raw:
                return parse_date(raw[key])
        return None
    if not isinstance(raw, str):
        return None
    text = re.sub(r"\s+", " ", raw.strip())
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    for fmt, timed in _DATE_FORMATS:
        try:
            value = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return value if timed else value.date()
    return None


def date_from_file_name(path: str) -> date | None:
    """Jekyll's post date: `2024-03-02-slug.md`."""
    m = _FILE_DATE.match(path.rsplit("/", 1)[-1])
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def date_fields(config: Config) -> tuple[str, ...]:
    return (config.date_key,) if config.date_key else config.site.date_fields


def read_date(meta: dict[str, Any], config: Config, path: str = ""
              ) -> tuple[date | datetime | None, str | None, str | None]:
    """(date, its text, where it came from: the key as spelled, or "filename")."""
    first_text: str | None = None
    first_key: str | None = None
    for wanted in date_fields(config):
        key, raw = lookup(meta, wanted, config.site.case_insensitive)
        if raw is _MISSING or raw is None or isinstance(raw, bool):
            continue
        when = parse_date(raw)
        if when is not None:
            return when, str(raw), key
        if first_key is None:
            first_text, first_key = str(raw), key
    if not config.date_key and path and (
            config.site.dated_file_names
            or (not config.site.generator and in_posts_folder(path))):
        when = date_from_file_name(path)
        if when is not None:
            return when, first_text or when.isoformat(), "filename"
    return None, first_text, first_key
