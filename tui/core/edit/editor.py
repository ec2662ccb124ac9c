"""Verified edits of an article's front matter: status, categories, tags and any field.

Each edit splices only the text that holds the changed value (per format: yaml_edit, toml_edit,
json_edit), then the result is parsed again and must equal the old data plus exactly the intended
change, with the body and everything around the front matter unchanged. Only then is it offered
for writing; otherwise the edit is refused with a reason and nothing is written.
"""

from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tui.core.edit.change import TAG_KINDS, Edit
from tui.core.edit.json_edit import JsonEditError, set_json, unset_json
from tui.core.edit.toml_edit import TomlEditError, edit_toml
from tui.core.edit.values import (
    DateStyle,
    ValueRefused,
    default_style,
    parse_bool,
    parse_int,
    parse_number,
    parse_when,
    type_name,
)
from tui.core.edit.writer import Snapshot, WriteRefused, check_writable
from tui.core.edit.yaml_edit import YamlEditError, YamlText
from tui.core.model import Article
from tui.core.read.corpus import article_from_document
from tui.core.read.document import Document, DocumentError, split_text
from tui.core.read.files import ReadError, read_bytes, relative_posix
from tui.core.read.frontmatter_parse import FrontMatterError, parse, same_data
from tui.core.site import conventions
from tui.core.site.config import Config

DEFAULT_STATUS_KEY = "post_status"
DEFAULT_CATEGORY_KEY = "taxonomy.category"
DEFAULT_TAG_KEY = "tags"

# Kinds of Edit on a list of names, per taxonomy: (add, remove, rename, the whole list).
CATEGORY_KINDS = ("add", "remove", "rename", "categories")
FIELD_KINDS = ("set", "unset", "list-add", "list-remove", "title", "date")


class EditRefused(Exception):
    def __init__(self, message: str, needs_confirm: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.needs_confirm = needs_confirm


@dataclass(frozen=True)
class Conventions:
    """Where to write a value that a file does not have yet (the folder's usual way)."""

    status_key: str = DEFAULT_STATUS_KEY
    status_kind: str = "field"  # field, draft or published
    category_key: str = DEFAULT_CATEGORY_KEY
    tag_key: str = DEFAULT_TAG_KEY
    date_key: str = "date"
    date_style: DateStyle | None = None  # None: a date value (text in JSON)


@dataclass
class EditResult:
    path: Path
    relpath: str
    old_bytes: bytes = b""
    new_bytes: bytes | None = None
    snapshot: Snapshot | None = None
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    refused: str | None = None
    needs_confirm: bool = False
    conflict: bool = False
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return self.new_bytes is not None and self.new_bytes != self.old_bytes

    def diff(self) -> str:
        if not self.changed:
            return ""
        assert self.new_bytes is not None
        old = self.old_bytes.decode("utf-8", "replace").splitlines(keepends=True)
        new = self.new_bytes.decode("utf-8", "replace").splitlines(keepends=True)
        return "".join(difflib.unified_diff(old, new, f"a/{self.relpath}", f"b/{self.relpath}"))


def folder_conventions(articles: list[Article], config: Config) -> Conventions:
    """Where a value a file does not have yet is written: draftdeck.toml's field, else the
    detected site's (what its generator reads), else what most files of the folder use."""
    site = config.site
    if config.status_key:
        status_key, status_kind = config.status_key, "field"
    elif site.generator:
        status_key, status_kind = site.status_field, site.status_kind
    else:
        kinds: dict[tuple[str, str], int] = {}
        for a in articles:
            src = a.status_source
            if src.kind in ("field", "draft", "published"):
                kinds[(src.kind, src.key)] = kinds.get((src.kind, src.key), 0) + 1
        if kinds:
            status_kind, status_key = max(kinds.items(), key=lambda kv: kv[1])[0]
        elif site.kind == "wordpress":
            status_kind, status_key = "field", site.status_field
        else:
            status_kind, status_key = "field", DEFAULT_STATUS_KEY
    if config.category_key:
        category_key = config.category_key
    elif site.generator and site.category_fields:
        category_key = site.category_fields[0]
    else:
        keys: dict[str, int] = {}
        for a in articles:
            if a.category_key:
                keys[a.category_key] = keys.get(a.category_key, 0) + 1
        # No article has categories yet: `categories`, the key most generators read, unless
        # the folder is a WordPress-style export (taxonomy.category).
        fallback = DEFAULT_CATEGORY_KEY if site.kind == "wordpress" else "categories"
        category_key = max(keys.items(), key=lambda kv: kv[1])[0] if keys else fallback
    if config.tag_key:
        tag_key = config.tag_key
    elif site.tag_fields:
        tag_key = site.tag_fields[0]
    else:
        found: dict[str, int] = {}
        for a in articles:
            for wanted in conventions.tag_fields(config):
                if conventions.has_path(a.metadata, wanted):
                    found[wanted] = found.get(wanted, 0) + 1
                    break
        tag_key = max(found.items(), key=lambda kv: kv[1])[0] if found else DEFAULT_TAG_KEY
    date_keys: dict[str, int] = {}
    styles: dict[DateStyle, int] = {}
    for a in articles:
        if a.date_source and a.date_source != "filename":
            date_keys[a.date_source] = date_keys.get(a.date_source, 0) + 1
        if a.date is not None and a.date_source != "filename":
            raw = conventions.get_path(a.metadata, a.date_source or "")
            if raw is conventions._MISSING:  # an indexed article: its date and its text
                raw = a.date if a.format != "json" else a.date_text
            style = DateStyle.of(raw, a.date_text)
            if style is not None:
                styles[style] = styles.get(style, 0) + 1
    date_key = (conventions.date_fields(config) or ("date",))[0]
    if config.date_key is None and date_keys:
        date_key = max(date_keys.items(), key=lambda kv: kv[1])[0]
    date_style = max(styles.items(), key=lambda kv: kv[1])[0] if styles else None
    return Conventions(status_key, status_kind, category_key, tag_key, date_key, date_style)


def _set_path(data: dict[str, Any], path: list[str], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(data)
    node = out
    for part in path[:-1]:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    node[path[-1]] = value
    return out


class _State:
    """The file's text as it goes through a sequence of edits."""

    def __init__(self, doc: Document, relpath: str, path: Path, config: Config) -> None:
        self.doc = doc
        self.relpath = relpath
        self.path = path
        self.config = config
        self.article = article_from_document(doc, relpath, path, config, None)
        if self.article.error:
            raise EditRefused(f"the file cannot be edited: {self.article.error}")
        if any("more than once" in w for w in self.article.warnings):
            raise EditRefused("the front matter has a duplicate key; fix it by hand first")
        self.data: dict[str, Any] = dict(self.article.metadata)

    def splice(self, path: list[str], op: str, value: Any = None, index: int | None = None,
               force: bool = False, plain: str | None = None) -> str:
        """New front-matter text with one change. op: set, append, delete_at, replace_at,
        unset."""
        doc = self.doc
        fm = doc.fm_text
        try:
            if doc.format == "yaml":
                y = YamlText(fm, doc.newline)
                if op == "unset":
                    return y.unset(path)
                if op == "set":
                    if isinstance(value, list):
                        return y.replace_value(path, value)
                    return y.set_scalar(path, value, force=force, plain=plain)
                if op == "append":
                    return y.list_add(path, value)
                if op == "delete_at":
                    assert index is not None
                    return y.list_remove_at(path, index)
                assert index is not None
                return y.list_replace_at(path, index, value)
            if doc.format == "toml":
                return edit_toml(fm, doc.newline, path, op, value, index)
            if doc.format == "json":
                if op == "unset":
                    return unset_json(fm, path)
                if op != "set":
                    current = conventions.get_path(self.data, ".".join(path))
                    items = list(current) if isinstance(current, list) else []
                    if op == "append":
                        items.append(value)
                    elif op == "delete_at":
                        assert index is not None
                        del items[index]
                    else:
                        assert index is not None
                        items[index] = value
                    value = items
                return set_json(fm, doc.newline, path, value)
        except (YamlEditError, TomlEditError, JsonEditError) as exc:
            raise EditRefused(str(exc)) from None
        raise EditRefused("the file has no front matter format draftdeck can edit")

    def commit(self, new_fm: str, path: list[str], expected_value: Any,
               expected: dict[str, Any] | None = None) -> None:
        """Accept a spliced front matter only if it parses to old data + exactly this change
        (`expected`: the whole data wanted, for a change that is not one value set)."""
        doc = self.doc
        fmt = doc.format
        assert fmt is not None
        try:
            new_data = parse(new_fm, fmt).data
        except FrontMatterError as exc:
            raise EditRefused(f"the edit did not verify (the result does not parse: "
                              f"{exc.message}); nothing was written") from None
        if expected is None:
            expected = _set_path(self.data, path, expected_value)
        if not same_data(new_data, expected):
            raise EditRefused("the edit did not verify (the result would change more than the "
                              "intended value); nothing was written")
        text = doc.text[: doc.fm_start] + new_fm + doc.text[doc.fm_end:]
        new_doc = split_text(text, doc.bom)
        if new_doc.body != doc.body or new_doc.fm_text != new_fm or new_doc.format != fmt:
            raise EditRefused("the edit did not verify (the body or fences would change); "
                              "nothing was written")
        self.doc = new_doc
        self.data = new_data
        self.article = article_from_document(new_doc, self.relpath, self.path, self.config, None)


def _ensure_front_matter(doc: Document) -> Document:
    if doc.format is not None:
        return doc
    nl = doc.newline
    return split_text(f"---{nl}---{nl}" + doc.text, doc.bom)


TEXT_STATUS_KEYS = ("post_status", "status")
FLAG_KEYS = (("draft", "draft"), ("published", "published"))


def _flag_value(kind: str, status: str) -> bool:
    """draft: true/false or published: true/false for a status (publish or not)."""
    return status != "publish" if kind == "draft" else status == "publish"


def _status_writes(state: _State, status: str, conv: Conventions) -> list[tuple[str, Any]]:
    """Every (key, value) to write so that the fields the site reads say `status`: the
    primary field (the file's own, else the site's or the folder's), and the other status
    fields the file already has, kept consistent. Never a key the site does not read."""
    config = state.config
    site = config.site
    any_case = site.case_insensitive
    src = state.article.status_source
    if config.status_key:
        primary = ("field", config.status_key)
    elif site.generator:
        key, _ = conventions.lookup(state.data, site.status_field, any_case)
        primary = (site.status_kind, key)
    elif src.kind in ("field", "draft", "published"):
        primary = (src.kind, src.key)
    else:
        primary = (conv.status_kind, conv.status_key)
    # The text fields the file has (a workflow value the flag cannot say lives there).
    texts: list[str] = []
    if not config.status_key:
        for wanted in TEXT_STATUS_KEYS:
            key, raw = conventions.lookup(state.data, wanted, any_case)
            if isinstance(raw, str) and key != primary[1]:
                texts.append(key)
    kind, key = primary
    if kind != "field" and status not in ("draft", "publish") and not texts:
        raise EditRefused(f"this file keeps its status as '{key}: true/false', which can only "
                          f"say draft or published, not '{status}'")
    writes: list[tuple[str, Any]] = []
    if kind == "field":
        raw = conventions.get_path(state.data, key)
        if not (isinstance(raw, str) and conventions.status_word(
                raw, conventions.known_statuses(config)) == status):
            writes.append((key, status))
    else:
        value = _flag_value(kind, status)
        raw = conventions.get_path(state.data, key)
        if raw is conventions._MISSING or raw is None:
            if value != _flag_default(state, kind):
                writes.append((key, value))
        elif raw != value or not isinstance(raw, bool):
            writes.append((key, value))
    for text_key in texts:
        raw = conventions.get_path(state.data, text_key)
        if conventions.status_word(raw, conventions.known_statuses(config)) != status:
            writes.append((text_key, status))
    if status in ("draft", "publish") and not config.status_key:
        for wanted, flag_kind in FLAG_KEYS:
            flag_key, raw = conventions.lookup(state.data, wanted, any_case)
            if isinstance(raw, bool) and flag_key != key and raw != _flag_value(flag_kind, status):
                writes.append((flag_key, _flag_value(flag_kind, status)))
    return writes


def _flag_default(state: _State, kind: str) -> bool:
    """What the generator assumes when a file has no draft/published flag: not a draft, and
    published — unless the site's defaults (Jekyll's `defaults`) made this file a draft."""
    if kind == "draft":
        return False
    src = state.article.status_source
    return not (src.kind == "published" and state.article.status == "draft")


def _apply_status(state: _State, status: str, conv: Conventions, force: bool) -> str | None:
    allowed = conventions.known_statuses(state.config)
    status = conventions.normalise_status(status, allowed) or status
    if status not in allowed:
        raise EditRefused(f"'{status}' is not a known status (known: "
                          + ", ".join(allowed) + ")")
    src = state.article.status_source
    if src.kind == "folder":
        raise EditRefused("the file is in a _drafts/ folder, which is what makes it a draft; "
                          "move it to change its status (draftdeck does not move files)")
    writes = _status_writes(state, status, conv)
    if not writes:
        return None
    before = state.article.status or "(none)"
    for key, value in writes:
        raw = conventions.get_path(state.data, key)
        if isinstance(raw, list | dict) and not force:
            kind = "list" if isinstance(raw, list) else "mapping"
            raise EditRefused(f"the status in '{key}' is a {kind}; overwriting it needs "
                              "confirmation", needs_confirm=True)
        path = key.split(".")
        state.doc = _ensure_front_matter(state.doc)
        new_fm = state.splice(path, "set", value, force=force)
        state.commit(new_fm, path, value)
    return f"status: {before} → {status}"


def _same(a: str, b: str, fold: bool) -> bool:
    return a.casefold() == b.casefold() if fold else a == b


def _name_index(items: list[Any], name: str, fold: bool = True) -> list[int]:
    exact = [i for i, v in enumerate(items) if isinstance(v, str) and v.strip() == name]
    if exact or not fold:
        return exact or [i for i, v in enumerate(items)
                         if not isinstance(v, str) and str(v) == name]
    folded = name.casefold()
    return [i for i, v in enumerate(items) if str(v).strip().casefold() == folded]


_category_index = _name_index  # the older name

# Each names kind: (its base operation, the kind that adds, the kind that removes).
_NAMES: dict[str, tuple[str, str, str]] = {
    "add": ("add", "add", "remove"), "remove": ("remove", "add", "remove"),
    "rename": ("rename", "add", "remove"), "categories": ("all", "add", "remove"),
    "add-tag": ("add", "add-tag", "remove-tag"), "remove-tag": ("remove", "add-tag", "remove-tag"),
    "rename-tag": ("rename", "add-tag", "remove-tag"), "tags": ("all", "add-tag", "remove-tag"),
    "list-add": ("add", "list-add", "list-remove"),
    "list-remove": ("remove", "list-add", "list-remove"),
}


def tag_key_of(data: dict[str, Any], config: Config) -> str | None:
    """The key (as the file spells it) the file's tags are under, or None."""
    for wanted in conventions.tag_fields(config):
        key, raw = conventions.lookup(data, wanted, config.site.case_insensitive)
        if raw is not conventions._MISSING:
            return key
    return None


def _generic_names(raw: Any, key: str) -> tuple[str, ...]:
    if raw is conventions._MISSING or raw is None:
        return ()
    if isinstance(raw, str):
        return (raw,) if raw.strip() else ()
    if isinstance(raw, list):
        return tuple(dict.fromkeys(v if isinstance(v, str) else str(v) for v in raw
                                   if not isinstance(v, list | dict)))
    raise EditRefused(f"'{key}' holds {_a(type_name(raw))}, not a list; not edited")


def _names_target(state: _State, edit: Edit, conv: Conventions
                  ) -> tuple[str, tuple[str, ...], bool, str]:
    """(key, the names it holds, whether names match in any case, what they are called)."""
    if edit.kind in CATEGORY_KINDS:
        return (state.article.category_key or conv.category_key, state.article.categories, True,
                "category")
    if edit.kind in TAG_KINDS:
        key = tag_key_of(state.data, state.config) or conv.tag_key
        return key, state.article.tags, True, "tag"
    key = _field_key(state, edit.key)
    spec = state.config.spec(key)
    if spec is not None and spec.type not in (None, "list"):
        raise EditRefused(f"the schema says '{key}' is {spec.type}, not a list")
    raw = conventions.get_path(state.data, key)
    return key, _generic_names(raw, key), False, "value"


def _apply_names(state: _State, edit: Edit, conv: Conventions) -> list[str]:
    """Add, remove or rename one name in a list field (categories, tags, any list), or set
    the whole list; a field holding one text value becomes a list the way categories do."""
    base, add_kind, remove_kind = _NAMES[edit.kind]
    key, names, fold, what = _names_target(state, edit, conv)
    path = key.split(".")
    raw = conventions.get_path(state.data, key)
    missing = raw is conventions._MISSING
    folded = [n.casefold() if fold else n for n in names]

    def norm(text: str) -> str:
        return text.casefold() if fold else text

    changes: list[str] = []
    if base == "all":
        wanted = list(dict.fromkeys(v for v in edit.values if v.strip()))
        keep = {norm(w) for w in wanted}
        for name in [n for n in names if norm(n) not in keep]:
            changes += _apply_names(state, Edit(remove_kind, value=name, key=edit.key), conv)
        for name in wanted:
            changes += _apply_names(state, Edit(add_kind, value=name, key=edit.key), conv)
        return changes
    name = edit.value.strip() if fold else edit.value
    if base in ("add", "rename") and not name.strip():
        raise EditRefused(f"a {what} cannot be empty")
    if not (missing or raw is None or isinstance(raw, str | list)):
        plural = "categories" if what == "category" else f"{what}s"
        raise EditRefused(f"the {plural} in '{key}' are not a list or text; not edited")
    if base == "add":
        if norm(name) in folded:
            return []
        new_names = [*names, name]
    elif base == "remove":
        target = (edit.old or edit.value).strip() if fold else (edit.old or edit.value)
        if norm(target) not in folded:
            return []
        new_names = [n for n in names if norm(n) != norm(target)]
    else:
        if norm(edit.old) not in folded:
            return []
        new_names = list(dict.fromkeys(name if norm(n) == norm(edit.old) else n
                                       for n in names))

    if isinstance(raw, list):
        current = list(raw)
        if base == "add":
            new_fm = state.splice(path, "append", name)
            state.commit(new_fm, path, [*current, name])
        elif base == "remove":
            target = (edit.old or edit.value).strip() if fold else (edit.old or edit.value)
            for index in reversed(_name_index(current, target, fold)):
                new_fm = state.splice(path, "delete_at", index=index)
                del current[index]
                state.commit(new_fm, path, list(current))
        else:
            indexes = _name_index(current, edit.old, fold)
            already = norm(name) in folded and norm(name) != norm(edit.old)
            for index in reversed(indexes):
                if already or index != indexes[0]:
                    new_fm = state.splice(path, "delete_at", index=index)
                    del current[index]
                else:
                    new_fm = state.splice(path, "replace_at", name, index=index)
                    current[index] = name
                state.commit(new_fm, path, list(current))
    else:
        leaf = path[-1]
        new_value: Any
        commas = any("," in n for n in new_names)  # such a name is one only in a list
        if not fold:  # any other field: one text value stays one, more make a list
            new_value = new_names[0] if isinstance(raw, str) and len(new_names) == 1 \
                else new_names
        elif isinstance(raw, str) and "," in raw and not commas:
            new_value = ", ".join(new_names)  # the file's comma-separated form
        elif commas:
            new_value = new_names
        elif (isinstance(raw, str) and leaf in conventions.SPACE_SEPARATED
              and conventions.spaces_split(state.config)
              and not any(len(n.split()) != 1 for n in new_names)):
            new_value = " ".join(new_names)
        elif isinstance(raw, str) and len(new_names) == 1:
            new_value = new_names[0]
        else:
            new_value = new_names
        if missing or raw is None:
            state.doc = _ensure_front_matter(state.doc)
        new_fm = state.splice(path, "set", new_value)
        state.commit(new_fm, path, new_value)
    changes.append(edit.describe())
    return changes


def _apply_category(state: _State, edit: Edit, conv: Conventions) -> list[str]:
    return _apply_names(state, edit, conv)


# -- any field --------------------------------------------------------------------------------

_ARTICLES = {"int": "a whole number", "number": "a number", "bool": "true/false",
             "date": "a date", "datetime": "a date and time", "text": "text",
             "list": "a list", "mapping": "a mapping", "null": "nothing"}


def _a(kind: str) -> str:
    return _ARTICLES.get(kind, kind)


def _field_key(state: _State, key: str) -> str:
    """A dotted key as the file spells it (any case where the site reads any case)."""
    key = key.strip()
    parts = key.split(".")
    if not key or any(not p.strip() for p in parts):
        raise EditRefused(f"'{key}' is not a field name (use dotted names for nested fields: "
                          "taxonomy.tag)")
    spelled, raw = conventions.lookup(state.data, key, state.config.site.case_insensitive)
    return spelled if raw is not conventions._MISSING else key


def _show(value: Any) -> str:
    if value is conventions._MISSING or value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)


def _date_style(state: _State, path: list[str], raw: Any, conv: Conventions) -> DateStyle:
    text = None
    if state.doc.format == "yaml" and raw is not conventions._MISSING:
        try:
            found = YamlText(state.doc.fm_text, state.doc.newline).source_of(path)
        except YamlEditError:
            found = None
        text = found[0] if found else None
    style = DateStyle.of(raw, text) if raw is not conventions._MISSING else None
    style = style or conv.date_style or default_style(state.doc.format)
    if state.doc.format == "json" and style.native:
        from dataclasses import replace

        style = replace(style, native=False, layout="iso")
    return style


def _typed(state: _State, key: str, raw: Any, text: str, conv: Conventions,
           wanted: str | None = None) -> tuple[Any, str | None]:
    """The value to write for text typed by a person, and (YAML) its text: the type the schema
    gives, else the type the field holds (text when it has none)."""
    spec = state.config.spec(key)
    holds = type_name(raw) if raw is not conventions._MISSING else "null"
    kind = wanted or (spec.type if spec is not None and spec.type else None)
    source = "the schema says" if wanted is None and spec is not None and spec.type else "holds"
    if kind is None:
        kind = holds if holds in ("bool", "int", "number", "date", "datetime", "list",
                                  "mapping") else "text"
    where = f"'{key}' {source} {_a(kind)}"
    try:
        if kind == "text":
            return text, None
        if kind == "bool":
            return parse_bool(text), None
        if kind == "int":
            return parse_int(text), None
        if kind == "number":
            return parse_number(text, as_float=holds == "number"), None
        if kind in ("date", "datetime"):
            when = parse_when(text)
            if kind == "date" and source == "the schema says" and isinstance(when, datetime) \
                    and (when.hour, when.minute, when.second, when.microsecond) != (0, 0, 0, 0):
                raise ValueRefused(f"the schema says '{key}' is a date; '{text}' has a time")
            style = _date_style(state, key.split("."), raw, conv)
            if kind == "datetime" and not style.timed:
                from dataclasses import replace

                style = replace(style, timed=True)
            return style.value(when)
    except ValueRefused as exc:
        raise EditRefused(f"{where}; {exc}") from None
    if kind == "list":
        raise EditRefused(f"{where}; add or remove its items (--add/--remove) instead")
    raise EditRefused(f"{where}; set its fields one by one ({key}.NAME=VALUE) instead")


def _check_spec(state: _State, key: str, value: Any) -> None:
    spec = state.config.spec(key)
    if spec is None:
        return
    if spec.values and value not in spec.values and _show(value) not in [
            _show(v) for v in spec.values]:
        raise EditRefused(f"'{_show(value)}' is not one of the values the schema allows for "
                          f"'{key}': " + ", ".join(_show(v) for v in spec.values))
    if spec.max_length is not None and isinstance(value, str) and len(value) > spec.max_length:
        raise EditRefused(f"'{key}' may be at most {spec.max_length} characters (the schema "
                          f"says); this value has {len(value)}")


def _apply_set(state: _State, key: str, text: str, conv: Conventions, force: bool,
               wanted: str | None = None) -> list[str]:
    key = _field_key(state, key)
    raw = conventions.get_path(state.data, key)
    path = key.split(".")
    if raw is conventions._MISSING:
        node: Any = state.data
        for part in path[:-1]:
            node = node.get(part) if isinstance(node, dict) else None
            if node is not None and not isinstance(node, dict):
                raise EditRefused(f"'{part}' holds {_a(type_name(node))}, so '{key}' cannot be "
                                  "added under it")
    if isinstance(raw, list | dict) and wanted is None:
        if not force:
            _typed(state, key, raw, text, conv)  # refuses with the reason
        spec = state.config.spec(key)
        wanted = spec.type if spec is not None and spec.type not in (None, "list") else "text"
    value, plain = _typed(state, key, raw, text, conv, wanted)
    _check_spec(state, key, value)
    if raw is not conventions._MISSING and same_data(raw, value):
        return []
    state.doc = _ensure_front_matter(state.doc)
    new_fm = state.splice(path, "set", value, force=force, plain=plain)
    state.commit(new_fm, path, value)
    return [f"{key}: {_show(raw)} → {_show(value)}"]


def _del_path(data: dict[str, Any], path: list[str]) -> dict[str, Any]:
    out = copy.deepcopy(data)
    node = out
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]
    return out


def _apply_unset(state: _State, key: str) -> list[str]:
    key = _field_key(state, key)
    raw = conventions.get_path(state.data, key)
    if raw is conventions._MISSING:
        return []
    spec = state.config.spec(key)
    if spec is not None and spec.required:
        raise EditRefused(f"the schema says '{key}' is required; not removed")
    path = key.split(".")
    # A mapping left empty goes too: `taxonomy:` with nothing under it would read as null.
    while len(path) > 1:
        parent = conventions.get_path(state.data, ".".join(path[:-1]))
        if not (isinstance(parent, dict) and len(parent) == 1):
            break
        path = path[:-1]
    new_fm = state.splice(path, "unset")
    state.commit(new_fm, path, None, expected=_del_path(state.data, path))
    was = _show(raw)
    return [f"unset {key} (was {was if len(was) <= 60 else was[:59] + '…'})"]


def _apply_field(state: _State, edit: Edit, conv: Conventions, force: bool) -> list[str]:
    if edit.kind == "set":
        return _apply_set(state, edit.key, edit.value, conv, force)
    if edit.kind == "unset":
        return _apply_unset(state, edit.key)
    if edit.kind == "title":
        _, key, _ = conventions.read_title(state.data, state.config)
        return _apply_set(state, key or state.config.title_key, edit.value, conv, force,
                          wanted="text")
    if edit.kind == "date":
        key = state.article.date_source
        if not key or key == "filename":
            key = conv.date_key
        raw = conventions.get_path(state.data, key)
        timed = isinstance(raw, datetime) or (
            isinstance(raw, str) and (style := DateStyle.of(raw)) is not None and style.timed)
        spec = state.config.spec(key)
        wanted = spec.type if spec is not None and spec.type in ("date", "datetime") else (
            "datetime" if timed else "date")
        return _apply_set(state, key, edit.value, conv, force, wanted=wanted)
    return _apply_names(state, edit, conv)


def plan_edit(path: Path, root: Path, edits: list[Edit], config: Config | None = None,
              conv: Conventions | None = None, force: bool = False,
              expect: tuple[int, int] | None = None) -> EditResult:
    """Work out an edit without writing: the new bytes, or why it is refused.

    `expect` is (size, mtime_ns) of the file as the user last saw it: if it differs now, the
    edit is refused as a conflict (the caller offers reload or applying it to the new text)."""
    config = config or Config()
    conv = conv or Conventions()
    relpath = relative_posix(path, root)
    result = EditResult(path=path, relpath=relpath)
    try:
        check_writable(path, root)
    except WriteRefused as exc:
        result.refused = exc.message
        return result
    try:
        data, st = read_bytes(path)
    except ReadError as exc:
        result.refused = str(exc)
        return result
    result.old_bytes = data
    result.snapshot = Snapshot.of(data, st.size, st.mtime_ns)
    if expect is not None and expect != (st.size, st.mtime_ns):
        result.refused = "the file changed on disk since it was shown"
        result.conflict = True
        return result
    try:
        from tui.core.read.document import split

        doc = split(data)
        state = _State(doc, relpath, path, config)
        result.before = {"status": state.article.status,
                         "categories": list(state.article.categories),
                         "tags": list(state.article.tags)}
        for edit in edits:
            if edit.kind == "status":
                change = _apply_status(state, edit.value.strip().lower(), conv, force)
                if change:
                    result.changes.append(change)
            elif edit.kind in _NAMES:
                if edit.kind in ("list-add", "list-remove") and \
                        edit.key.casefold() == (config.title_key or "title").casefold():
                    # A title made a list is no title to any generator (nor to draftdeck).
                    raise EditRefused(f"'{edit.key}' is the title, one text; set it with "
                                      "--title (or --field), not as a list")
                result.changes += _apply_names(state, edit, conv)
            elif edit.kind in FIELD_KINDS:
                result.changes += _apply_field(state, edit, conv, force)
            else:
                raise EditRefused(f"unknown edit '{edit.kind}'")
    except DocumentError as exc:
        result.refused = f"the file cannot be edited: {exc.message}"
        return result
    except EditRefused as exc:
        result.refused = exc.message
        result.needs_confirm = exc.needs_confirm
        return result
    final = state.doc
    text = final.text
    if final.body != doc.body and doc.format is not None:  # pragma: no cover - commit checks it
        result.refused = "the body would change; nothing was written"
        return result
    new_bytes = (b"\xef\xbb\xbf" if final.bom else b"") + text.encode("utf-8")
    result.new_bytes = new_bytes
    result.after = {"status": state.article.status, "categories": list(state.article.categories),
                    "tags": list(state.article.tags)}
    return result
