"""Reading the meaning of front-matter fields across CMS conventions: status, categories, tags, date."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from tui.core.model import StatusSource
from tui.core.read.frontmatter_parse import describe_type
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


def normalise_status(value: str, allowed: tuple[str, ...]) -> str | None:
    word = value.strip().lower()
    word = _SYNONYMS.get(word, word) if word not in allowed else word
    return word if word in allowed else None


def in_drafts_folder(relpath: str) -> bool:
    return "_drafts" in relpath.split("/")[:-1]


def in_posts_folder(relpath: str) -> bool:
    return "_posts" in relpath.split("/")[:-1]


def read_status(meta: dict[str, Any], relpath: str, config: Config
                ) -> tuple[str | None, Any, StatusSource, list[str]]:
    """(status, raw value, where it came from, warnings)."""
    warnings: list[str] = []
    keys = (config.status_key,) if config.status_key else STATUS_FIELDS
    for key in keys:
        raw = get_path(meta, key)
        if raw is _MISSING:
            continue
        source = StatusSource("field", key)
        if isinstance(raw, str):
            status = normalise_status(raw, config.statuses)
            if status is None:
                warnings.append(f"unknown status value '{raw}' in '{key}'")
            return status, raw, source, warnings
        if raw is None:
            return None, None, source, warnings
        if isinstance(raw, bool) and key == "status":
            break  # `status: true` is not a status; fall through to the others
        warnings.append(f"the status in '{key}' is {describe_type(raw)}, not a text value")
        return None, raw, source, warnings
    if not config.status_key:
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
    if not config.status_key and in_posts_folder(relpath):
        # Jekyll: a post in _posts/ is published unless it says `published: false`.
        return "publish", None, StatusSource("published", "published"), warnings
    return None, None, StatusSource("none"), warnings


def _names(raw: Any, key: str, what: str, warnings: list[str]) -> tuple[str, ...]:
    leaf = key.rsplit(".", 1)[-1]
    if raw is None:
        return ()
    if isinstance(raw, str):
        if leaf in SPACE_SEPARATED:
            return tuple(raw.split())
        return (raw.strip(),) if raw.strip() else ()
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


def read_categories(meta: dict[str, Any], config: Config
                    ) -> tuple[tuple[str, ...], str | None, list[str]]:
    warnings: list[str] = []
    keys = (config.category_key,) if config.category_key else CATEGORY_KEYS
    for key in keys:
        raw = get_path(meta, key)
        if raw is not _MISSING:
            return _names(raw, key, "categories", warnings), key, warnings
    taxonomy = meta.get("taxonomy", _MISSING)
    if taxonomy is not _MISSING and taxonomy is not None and not isinstance(taxonomy, dict):
        warnings.append(f"'taxonomy' is {describe_type(taxonomy)}, not a mapping")
    return (), None, warnings


def read_tags(meta: dict[str, Any], config: Config) -> tuple[tuple[str, ...], list[str]]:
    warnings: list[str] = []
    keys = (config.tag_key,) if config.tag_key else TAG_KEYS
    for key in keys:
        raw = get_path(meta, key)
        if raw is not _MISSING:
            return _names(raw, key, "tags", warnings), warnings
    return (), warnings


_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M %z", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S%z", "%Y/%m/%d", "%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%Y-%m-%d",
)


def parse_date(raw: Any) -> date | datetime | None:
    if isinstance(raw, datetime | date):
        return raw
    if not isinstance(raw, str):
        return None
    text = re.sub(r"\s+", " ", raw.strip())
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            value = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return value.date() if fmt in ("%Y/%m/%d", "%d %B %Y", "%B %d, %Y", "%b %d, %Y",
                                       "%Y-%m-%d") else value
    return None


def read_date(meta: dict[str, Any], config: Config) -> tuple[date | datetime | None, str | None]:
    raw = get_path(meta, config.date_key)
    if raw is _MISSING or raw is None:
        return None, None
    return parse_date(raw), str(raw)
