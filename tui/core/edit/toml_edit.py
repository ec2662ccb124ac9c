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
    """op: "set" (value), "append" (value), "delete_at" (index), "replace_at" (index, value)."""
    try:
        doc = tomlkit.parse(text)
    except tomlkit.exceptions.TOMLKitError as exc:
        raise TomlEditError(f"the TOML front matter does not parse: {exc}") from None
    parent = _parent(doc, path, create=op in ("set", "append"))
    leaf = path[-1]
    if op == "set":
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
