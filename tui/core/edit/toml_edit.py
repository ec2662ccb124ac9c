"""Edits of TOML front matter through tomlkit, which keeps comments, order and layout."""

from __future__ import annotations

import re
from typing import Any

import tomlkit
import tomlkit.exceptions
from tomlkit.items import Array, Table


class TomlEditError(ValueError):
    pass


def _parent(doc: Any, path: list[str], create: bool) -> Any:
    node = doc
    for part in path[:-1]:
        if part not in node:
            if not create:
                return None
            node[part] = tomlkit.table()
        node = node[part]
        if not isinstance(node, Table | dict):
            raise TomlEditError(f"'{part}' is not a table")
    return node


def edit_toml(text: str, newline: str, path: list[str], op: str, value: Any = None,
              index: int | None = None) -> str:
    """op: "set" (value), "append" (value), "delete_at" (index), "replace_at" (index, value),
    "unset" (remove the key, and its table with it)."""
    try:
        doc = tomlkit.parse(text)
    except tomlkit.exceptions.TOMLKitError as exc:
        raise TomlEditError(f"the TOML front matter does not parse: {exc}") from None
    parent = _parent(doc, path, create=op in ("set", "append"))
    leaf = path[-1]
    if op == "unset":
        if parent is None or leaf not in parent:
            return text
        del parent[leaf]
    elif op == "set":
        if len(path) == 1 and leaf not in doc:
            return _insert_root(text, newline, leaf, value)
        parent[leaf] = value
    else:
        if leaf not in parent:
            if op != "append":
                raise TomlEditError(f"'{'.'.join(path)}' is missing")
            parent[leaf] = tomlkit.array()
        arr = parent[leaf]
        if not isinstance(arr, Array):
            raise TomlEditError(f"'{'.'.join(path)}' is not an array")
        if op == "append":
            arr.append(value)
        elif op == "delete_at":
            assert index is not None
            del arr[index]
        elif op == "replace_at":
            assert index is not None
            arr[index] = value
        else:  # pragma: no cover
            raise ValueError(op)
    out = tomlkit.dumps(doc)
    if newline == "\r\n":
        out = re.sub(r"(?<!\r)\n", "\r\n", out)
    return out


_HEADER = re.compile(r"[ \t]*\[")


def _insert_root(text: str, newline: str, leaf: str, value: Any) -> str:
    """A new top-level key, as one line after the last top-level key (tomlkit would add a blank
    line before the first table as well)."""
    line = f"{tomlkit.key(leaf).as_string()} = {tomlkit.item(value).as_string()}{newline}"
    lines = text.splitlines(keepends=True)
    at = next((i for i, x in enumerate(lines) if _HEADER.match(x)), len(lines))
    while at > 0 and (not lines[at - 1].strip() or lines[at - 1].lstrip().startswith("#")):
        at -= 1
    head = "".join(lines[:at])
    if head and not head.endswith("\n"):
        head += newline
    return head + line + "".join(lines[at:])
