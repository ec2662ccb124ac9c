"""Every front-matter field across a folder (`draftdeck fields`), and the checks on fields: the
schema of draftdeck.toml (required, type, values, max_length) and, without one, fields whose type
differs across articles. Pure: works on parsed articles."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tui.core.edit.values import conforms, type_name
from tui.core.model import Article
from tui.core.site.config import Config
from tui.core.site.conventions import _MISSING, get_path

# Types that are one kind of value for the "differs across articles" check.
_FAMILY = {"int": "number", "number": "number", "datetime": "date", "date": "date"}
TOP_VALUES = 5


def flatten(meta: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(dotted key, value) of every leaf: nested mappings are walked, lists are values."""
    for key, value in meta.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            yield from flatten(value, name + ".")
        else:
            yield name, value


def family(value: Any) -> str:
    kind = type_name(value)
    return _FAMILY.get(kind, kind)


def show_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return "null"
    return str(value)


@dataclass
class FieldInfo:
    key: str
    count: int = 0
    types: Counter[str] = field(default_factory=Counter)
    values: Counter[str] = field(default_factory=Counter)

    @property
    def mixed(self) -> bool:
        """Whether the field holds values of different kinds (null aside)."""
        return len({_FAMILY.get(t, t) for t in self.types if t != "null"}) > 1

    def top(self, n: int = TOP_VALUES) -> list[tuple[str, int]]:
        return sorted(self.values.items(), key=lambda kv: (-kv[1], kv[0]))[:n]

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "count": self.count, "types": dict(self.types.most_common()),
                "mixed_types": self.mixed,
                "values": [{"value": v, "count": c} for v, c in self.top()]}


def field_report(articles: Sequence[Article]) -> list[FieldInfo]:
    """Every key of every article's front matter, commonest first: how many articles have it,
    the types of its values, its commonest values (list items count one by one)."""
    infos: dict[str, FieldInfo] = {}
    for article in articles:
        if article.error:
            continue
        for key, value in flatten(article.metadata):
            info = infos.setdefault(key, FieldInfo(key))
            info.count += 1
            info.types[type_name(value)] += 1
            items = value if isinstance(value, list) else [value]
            for item in items:
                if isinstance(item, dict | list):
                    continue
                text = show_value(item)
                info.values[text if len(text) <= 80 else text[:79] + "…"] += 1
    return sorted(infos.values(), key=lambda i: (-i.count, i.key))


def mixed_fields(articles: Sequence[Article], config: Config
                 ) -> dict[str, tuple[str, Counter[str]]]:
    """Fields (not in the schema) whose type differs across articles: key → (the commonest
    kind, the count of each kind)."""
    out: dict[str, tuple[str, Counter[str]]] = {}
    for info in field_report(articles):
        if not info.mixed or config.spec(info.key) is not None:
            continue
        kinds: Counter[str] = Counter()
        for kind, n in info.types.items():
            if kind != "null":
                kinds[_FAMILY.get(kind, kind)] += n
        if set(kinds) <= {"text", "list"} and info.key.casefold() in _taxonomy_keys(config):
            continue  # one name, or Jekyll's "a b" / "a, b", is as valid as a list there
        if set(kinds) <= {"text", "date"} and info.key.casefold() in _date_keys(config):
            continue  # a quoted date is a date to draftdeck and to the generators
        out[info.key] = (kinds.most_common(1)[0][0], kinds)
    return out


def _taxonomy_keys(config: Config) -> set[str]:
    """The fields read as lists of names (categories, tags), where text is a list too."""
    from tui.core.site.conventions import CATEGORY_KEYS, TAG_KEYS

    site = config.site
    keys = {*CATEGORY_KEYS, *TAG_KEYS, *site.category_fields, *site.tag_fields}
    keys |= {k for k in (config.category_key, config.tag_key) if k}
    return {k.casefold() for k in keys}


def _date_keys(config: Config) -> set[str]:
    from tui.core.site.conventions import date_fields

    return {k.casefold() for k in (*date_fields(config), "date")}


_WORDS = {"text": "text", "number": "a number", "int": "a whole number", "bool": "true/false",
          "date": "a date", "datetime": "a date and time", "list": "a list",
          "mapping": "a mapping", "null": "empty"}


def words(kind: str) -> str:
    return _WORDS.get(kind, kind)


def mixed_problems(article: Article, mixed: dict[str, tuple[str, Counter[str]]]
                   ) -> list[tuple[str, str]]:
    """(kind, message) for each field of this article of a kind most articles do not use."""
    problems: list[tuple[str, str]] = []
    for key, value in flatten(article.metadata):
        if key not in mixed or value is None:
            continue
        common, kinds = mixed[key]
        mine = family(value)
        if mine != common:
            total = sum(kinds.values())
            problems.append(("type", f"'{key}' is {words(mine)} here; {kinds[common]} of "
                             f"{total} articles have {words(common)}"))
    return problems


def schema_problems(article: Article, config: Config) -> list[tuple[str, str]]:
    """(kind, message) for each way the article breaks the schema."""
    problems: list[tuple[str, str]] = []
    if article.error:
        return problems
    for spec in config.schema:
        raw = get_path(article.metadata, spec.key)
        if raw is _MISSING or raw is None or raw == "":
            if spec.required:
                problems.append(("required", f"the required field '{spec.key}' is missing"))
            continue
        if spec.type and not conforms(raw, spec.type):
            problems.append(("type", f"'{spec.key}' should be {words(spec.type)}, but it is "
                             f"{words(type_name(raw))}: {show_value(raw)[:60]}"))
            continue
        if spec.values:
            allowed = [show_value(v) for v in spec.values]
            items = raw if isinstance(raw, list) else [raw]
            for item in items:
                if show_value(item) not in allowed:
                    problems.append(("value", f"'{spec.key}' is '{show_value(item)[:60]}', "
                                     "not one of " + ", ".join(allowed)))
        if spec.max_length is not None and isinstance(raw, str) and len(raw) > spec.max_length:
            problems.append(("length", f"'{spec.key}' has {len(raw)} characters; at most "
                             f"{spec.max_length}"))
    return problems


def matches_where(article: Article, key: str, value: str | None) -> bool:
    """`--where KEY=VALUE`: the field (dotted key) holds VALUE, or has it among its items (text
    compared in any case); `KEY=` matches an article without the field (or with it empty);
    `KEY` alone one that has it."""
    raw = get_path(article.metadata, key)
    empty = raw is _MISSING or raw is None or raw == "" or raw == []
    if value is None:
        return not empty
    if value == "":
        return empty
    if raw is _MISSING:
        return False
    items = raw if isinstance(raw, list) else [raw]
    wanted = value.casefold()
    return any(not isinstance(i, dict | list) and show_value(i).casefold() == wanted
               for i in items)
