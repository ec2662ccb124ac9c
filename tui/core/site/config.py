"""The per-folder config file, `draftdeck.toml` at the folder's root.

Every setting is optional; without the file, conventions are detected per article.

    [fields]
    title = "title"
    status = "post_status"          # dotted key paths
    categories = "taxonomy.category"
    tags = "tags"
    date = "date"

    [status]
    values = ["draft", "review", "publish"]   # the allowed status values

    [fields.description]           # a table under [fields] is a schema entry (a text value
    type = "text"                  # there is the field mapping above)
    required = true
    max_length = 160
    values = ["a", "b"]            # the allowed values
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from tui.core.model import STATUSES
from tui.core.site.detect import Site, detect_site
from tui.core.views.saved import View, ViewError, parse_views

CONFIG_NAME = "draftdeck.toml"


class ConfigError(ValueError):
    pass


FIELD_TYPES = ("text", "date", "datetime", "bool", "int", "number", "list")
_SPEC_KEYS = {"type", "required", "values", "max_length"}


@dataclass(frozen=True)
class FieldSpec:
    """One field of the schema: its dotted key, type, and rules."""

    key: str
    type: str | None = None
    required: bool = False
    values: tuple[object, ...] = ()
    max_length: int | None = None

    def describe(self) -> dict[str, object]:
        return {"key": self.key, "type": self.type, "required": self.required,
                "values": list(self.values), "max_length": self.max_length}


@dataclass(frozen=True)
class Config:
    title_key: str = "title"
    status_key: str | None = None
    category_key: str | None = None
    tag_key: str | None = None
    date_key: str | None = None  # None: the site's date fields
    statuses: tuple[str, ...] = STATUSES
    statuses_declared: bool = False  # [status] values given in draftdeck.toml
    site: Site = field(default_factory=Site)
    schema: tuple[FieldSpec, ...] = ()

    def spec(self, key: str) -> FieldSpec | None:
        for spec in self.schema:
            if spec.key == key:
                return spec
        return None

    def status_order(self, seen: Iterable[object] = ()) -> list[str]:
        """Statuses in display order: the declared ones (or the built-in ones and the site's)
        in their order, then any other value seen, sorted."""
        order = list(self.statuses)
        if not self.statuses_declared:
            order += [s for s in self.site.status_values if s not in order]
        extra = sorted({s for s in seen if isinstance(s, str)} - set(order))
        return order + extra


def _text(table: dict[str, object], key: str, where: str) -> str | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: '{key}' must be a non-empty text value")
    return value.strip()


def load_config(root: Path, detect: bool = True) -> Config:
    """Read `draftdeck.toml` from a folder (defaults when there is none), with the site found
    from that folder upward (see detect.py); the file's settings override the site's."""
    site = detect_site(root) if detect else Site()
    return replace(_load_toml(root), site=site)


def load_views(folder: Path) -> dict[str, View]:
    """The saved views of `draftdeck.toml` (`[views.NAME]`, see core/views/saved.py), by name;
    read on their own so that editing a view never invalidates the index."""
    path = folder / CONFIG_NAME
    if not path.is_file():
        return {}
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    try:
        return parse_views(raw.get("views"))
    except ViewError as exc:
        raise ConfigError(f"{path}: {exc}") from None


def _load_toml(root: Path) -> Config:
    path = root / CONFIG_NAME
    if not path.is_file():
        return Config()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    fields = raw.get("fields", {})
    status = raw.get("status", {})
    if not isinstance(fields, dict) or not isinstance(status, dict):
        raise ConfigError(f"{path}: [fields] and [status] must be tables")
    values = status.get("values")
    statuses = STATUSES
    if values is not None:
        if not isinstance(values, list) or not values or not all(
            isinstance(v, str) and v.strip() for v in values
        ):
            raise ConfigError(f"{path}: [status] values must be a list of text values")
        statuses = tuple(v.strip().lower() for v in values)
    where = str(path)
    mapping = {k: v for k, v in fields.items() if not isinstance(v, dict)}
    schema = tuple(_schema(fields, "", where))
    return Config(
        title_key=_text(mapping, "title", where) or "title",
        status_key=_text(mapping, "status", where),
        category_key=_text(mapping, "categories", where),
        tag_key=_text(mapping, "tags", where),
        date_key=_text(mapping, "date", where),
        statuses=statuses,
        statuses_declared=values is not None,
        schema=schema,
    )


def _schema(table: dict[str, object], prefix: str, where: str) -> list[FieldSpec]:
    """The tables under [fields]: `[fields.description]` is a field; `[fields.taxonomy.tag]`
    (a table of tables) is the nested field `taxonomy.tag`, as is `[fields."taxonomy.tag"]`."""
    out: list[FieldSpec] = []
    for name, value in table.items():
        if not isinstance(value, dict):
            continue
        key = f"{prefix}{name}"
        if value and not (set(value) & _SPEC_KEYS) and all(
                isinstance(v, dict) for v in value.values()):
            out += _schema(value, key + ".", where)
            continue
        unknown = set(value) - _SPEC_KEYS
        if unknown:
            raise ConfigError(f"{where}: [fields.{key}] has unknown settings: "
                              + ", ".join(sorted(unknown)) + " (known: type, required, values, "
                              "max_length)")
        kind = value.get("type")
        if kind is not None and kind not in FIELD_TYPES:
            raise ConfigError(f"{where}: [fields.{key}] type must be one of "
                              + ", ".join(FIELD_TYPES))
        required = value.get("required", False)
        if not isinstance(required, bool):
            raise ConfigError(f"{where}: [fields.{key}] required must be true or false")
        allowed = value.get("values", [])
        if not isinstance(allowed, list):
            raise ConfigError(f"{where}: [fields.{key}] values must be a list")
        max_length = value.get("max_length")
        if max_length is not None and (isinstance(max_length, bool)
                                       or not isinstance(max_length, int) or max_length < 1):
            raise ConfigError(f"{where}: [fields.{key}] max_length must be a positive number")
        out.append(FieldSpec(key, kind if isinstance(kind, str) else None, required,
                             tuple(allowed), max_length))
    return out
