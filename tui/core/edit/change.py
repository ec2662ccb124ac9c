"""One change asked of an article's front matter (`Edit`), as the CLI, the app and saved
plans name it; the editor (tui.core.edit.editor) carries it out."""

from __future__ import annotations

from dataclasses import dataclass

TAG_KINDS = ("add-tag", "remove-tag", "rename-tag", "tags")


@dataclass(frozen=True)
class Edit:
    """One change. kind: status (value); categories: add (value), remove (value), rename
    (old -> value), categories (values: the whole new list); tags: add-tag, remove-tag,
    rename-tag, tags, likewise; any field (key, dotted): set (value: text, read as the type
    the field holds or the schema gives), unset, list-add (value), list-remove (value);
    title (value) and date (value: a date as typed, written in the file's style)."""

    kind: str
    value: str = ""
    old: str = ""
    values: tuple[str, ...] = ()
    key: str = ""

    def describe(self) -> str:
        kind = self.kind
        if kind == "status":
            return f"status → {self.value}"
        if kind in ("add", "add-tag"):
            return f"add {_what(kind)} {self.value}"
        if kind in ("remove", "remove-tag"):
            return f"remove {_what(kind)} {self.old or self.value}"
        if kind in ("rename", "rename-tag"):
            return f"rename {_what(kind)} {self.old} → {self.value}"
        if kind == "tags":
            return "tags → " + (", ".join(self.values) or "(none)")
        if kind == "set":
            return f"{self.key} → {self.value}"
        if kind == "unset":
            return f"unset {self.key}"
        if kind == "list-add":
            return f"add {self.value} to {self.key}"
        if kind == "list-remove":
            return f"remove {self.value} from {self.key}"
        if kind == "title":
            return f"title → {self.value}"
        if kind == "date":
            return f"date → {self.value}"
        return "categories → " + (", ".join(self.values) or "(none)")


def _what(kind: str) -> str:
    return "tag" if kind in TAG_KINDS else "category"
