"""Verified edits of an article's status and categories.

Each edit splices only the text that holds the changed value (per format: yaml_edit, toml_edit,
json_edit), then the result is parsed again and must equal the old data plus exactly the intended
change, with the body and everything around the front matter unchanged. Only then is it offered
for writing; otherwise the edit is refused with a reason and nothing is written.
"""

from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.core.edit.json_edit import JsonEditError, set_json
from tui.core.edit.toml_edit import TomlEditError, edit_toml
from tui.core.edit.writer import Snapshot, WriteRefused, check_writable
from tui.core.edit.yaml_edit import YamlEditError, YamlText
from tui.core.model import Article
from tui.core.read.corpus import ReadError, article_from_document, read_bytes, relative_posix
from tui.core.read.document import Document, DocumentError, split_text
from tui.core.read.frontmatter_parse import FrontMatterError, parse, same_data
from tui.core.site import conventions
from tui.core.site.config import Config

DEFAULT_STATUS_KEY = "post_status"
DEFAULT_CATEGORY_KEY = "taxonomy.category"


class EditRefused(Exception):
    def __init__(self, message: str, needs_confirm: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.needs_confirm = needs_confirm


@dataclass(frozen=True)
class Edit:
    """One change. kind: status (value), add (value), remove (value), rename (old -> value),
    categories (values: the whole new list)."""

    kind: str
    value: str = ""
    old: str = ""
    values: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.kind == "status":
            return f"status → {self.value}"
        if self.kind == "add":
            return f"add category {self.value}"
        if self.kind == "remove":
            return f"remove category {self.old or self.value}"
        if self.kind == "rename":
            return f"rename category {self.old} → {self.value}"
        return "categories → " + (", ".join(self.values) or "(none)")


@dataclass(frozen=True)
class Conventions:
    """Where to write a value that a file does not have yet (the folder's usual way)."""

    status_key: str = DEFAULT_STATUS_KEY
    status_kind: str = "field"  # field, draft or published
    category_key: str = DEFAULT_CATEGORY_KEY


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
        category_key = max(keys.items(), key=lambda kv: kv[1])[0] if keys else DEFAULT_CATEGORY_KEY
    return Conventions(status_key, status_kind, category_key)


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
               force: bool = False) -> str:
        """New front-matter text with one change. op: set, append, delete_at, replace_at."""
        doc = self.doc
        fm = doc.fm_text
        try:
            if doc.format == "yaml":
                y = YamlText(fm, doc.newline)
                if op == "set":
                    if isinstance(value, list):
                        return y.replace_value(path, value)
                    return y.set_scalar(path, value, force=force)
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

    def commit(self, new_fm: str, path: list[str], expected_value: Any) -> None:
        """Accept a spliced front matter only if it parses to old data + exactly this change."""
        doc = self.doc
        fmt = doc.format
        assert fmt is not None
        try:
            new_data = parse(new_fm, fmt).data
        except FrontMatterError as exc:
            raise EditRefused(f"the edit did not verify (the result does not parse: "
                              f"{exc.message}); nothing was written") from None
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
    if status not in state.config.statuses:
        raise EditRefused(f"'{status}' is not a known status (known: "
                          + ", ".join(state.config.statuses) + ")")
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


def _category_index(items: list[Any], name: str) -> list[int]:
    exact = [i for i, v in enumerate(items) if isinstance(v, str) and v.strip() == name]
    if exact:
        return exact
    folded = name.casefold()
    return [i for i, v in enumerate(items) if str(v).strip().casefold() == folded]


def _apply_category(state: _State, edit: Edit, conv: Conventions) -> list[str]:
    key = state.article.category_key or conv.category_key
    path = key.split(".")
    raw = conventions.get_path(state.data, key)
    missing = raw is conventions._MISSING
    names = list(state.article.categories)
    folded = [n.casefold() for n in names]
    changes: list[str] = []
    if edit.kind == "categories":
        wanted = list(dict.fromkeys(v for v in edit.values if v.strip()))
        for name in [n for n in names if n.casefold() not in {w.casefold() for w in wanted}]:
            changes += _apply_category(state, Edit("remove", value=name), conv)
        for name in wanted:
            changes += _apply_category(state, Edit("add", value=name), conv)
        return changes
    name = edit.value.strip()
    if edit.kind in ("add", "rename") and not name:
        raise EditRefused("a category name cannot be empty")
    if not (missing or raw is None or isinstance(raw, str | list)):
        raise EditRefused(f"the categories in '{key}' are not a list or text; not edited")
    if edit.kind == "add":
        if name.casefold() in folded:
            return []
        new_names = [*names, name]
    elif edit.kind == "remove":
        target = (edit.old or edit.value).strip()
        if target.casefold() not in folded:
            return []
        new_names = [n for n in names if n.casefold() != target.casefold()]
    elif edit.kind == "rename":
        if edit.old.casefold() not in folded:
            return []
        new_names = list(dict.fromkeys(name if n.casefold() == edit.old.casefold() else n
                                       for n in names))
    else:  # pragma: no cover
        raise ValueError(edit.kind)

    if isinstance(raw, list):
        current = list(raw)
        if edit.kind == "add":
            new_fm = state.splice(path, "append", name)
            state.commit(new_fm, path, [*current, name])
        elif edit.kind == "remove":
            for index in reversed(_category_index(current, (edit.old or edit.value).strip())):
                new_fm = state.splice(path, "delete_at", index=index)
                del current[index]
                state.commit(new_fm, path, list(current))
        else:
            indexes = _category_index(current, edit.old)
            already = name.casefold() in folded and name.casefold() != edit.old.casefold()
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
        if isinstance(raw, str) and "," in raw and not commas:
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
                         "categories": list(state.article.categories)}
        for edit in edits:
            if edit.kind == "status":
                change = _apply_status(state, edit.value.strip().lower(), conv, force)
                if change:
                    result.changes.append(change)
            else:
                result.changes += _apply_category(state, edit, conv)
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
    result.after = {"status": state.article.status, "categories": list(state.article.categories)}
    return result
