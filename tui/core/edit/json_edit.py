"""Edits of JSON front matter: find a value's span with the standard decoder and replace it."""

from __future__ import annotations

import json
import re
from typing import Any

_WS = re.compile(r"[ \t\r\n]*")


class JsonEditError(ValueError):
    pass


def _members(text: str, start: int) -> tuple[dict[str, tuple[int, int, int]], int]:
    """Members of the object at `start`: key -> (key start, value start, value end); and end."""
    decoder = json.JSONDecoder()
    if text[start] != "{":
        raise JsonEditError("not an object")
    pos = _WS.match(text, start + 1).end()  # type: ignore[union-attr]
    out: dict[str, tuple[int, int, int]] = {}
    if text[pos] == "}":
        return out, pos + 1
    while True:
        key_start = pos
        key, pos = decoder.raw_decode(text, pos)
        pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
        if text[pos] != ":":
            raise JsonEditError("malformed object")
        value_start = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
        _, value_end = decoder.raw_decode(text, value_start)
        if key in out:
            raise JsonEditError(f"the key '{key}' appears more than once")
        out[key] = (key_start, value_start, value_end)
        pos = _WS.match(text, value_end).end()  # type: ignore[union-attr]
        if text[pos] == "}":
            return out, pos + 1
        if text[pos] != ",":
            raise JsonEditError("malformed object")
        pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]


def _encode(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def set_json(text: str, newline: str, path: list[str], value: Any) -> str:
    """Set a value at a key path, replacing only its span, or add the key after the `{`."""
    try:
        start = 0
        for depth, part in enumerate(path):
            members, _ = _members(text, start)
            if part not in members:
                rest = path[depth + 1:]
                new_value: Any = value
                for name in reversed(rest):
                    new_value = {name: new_value}
                member = f"{_encode(part)}: {_encode(new_value)}"
                if _inline(text, members, start):
                    # {"a": 1} stays on its line: {"new": x, "a": 1} (or {"new": x})
                    insert = member + (", " if members else "")
                    return text[: start + 1] + insert + text[start + 1:]
                indent = _indent_of(text, members, start)
                insert = f"{newline}{indent}{member}"
                insert += "," if members else newline
                return text[: start + 1] + insert + text[start + 1:]
            _, value_start, value_end = members[part]
            if depth == len(path) - 1:
                return text[:value_start] + _encode(value) + text[value_end:]
            if text[value_start] != "{":
                raise JsonEditError(f"'{part}' is not an object")
            start = value_start
    except (json.JSONDecodeError, IndexError) as exc:
        raise JsonEditError(f"the JSON front matter does not parse: {exc}") from None
    raise JsonEditError("empty key path")  # pragma: no cover


def unset_json(text: str, path: list[str]) -> str:
    """Remove a member at a key path, with its comma and the whitespace before it."""
    try:
        start = 0
        for depth, part in enumerate(path):
            members, end = _members(text, start)
            if part not in members:
                return text
            key_start, value_start, value_end = members[part]
            if depth < len(path) - 1:
                if text[value_start] != "{":
                    raise JsonEditError(f"'{part}' is not an object")
                start = value_start
                continue
            spans = sorted(members.values())
            i = spans.index((key_start, value_start, value_end))
            if len(spans) == 1:
                return text[: start + 1] + text[end - 1:]
            if i < len(spans) - 1:
                return text[:key_start] + text[spans[i + 1][0]:]
            return text[: spans[i - 1][2]] + text[value_end:]
    except (json.JSONDecodeError, IndexError) as exc:
        raise JsonEditError(f"the JSON front matter does not parse: {exc}") from None
    raise JsonEditError("empty key path")  # pragma: no cover


def _inline(text: str, members: dict[str, tuple[int, int, int]], start: int) -> bool:
    """An object written on one line with its `{`: its first member (or its `}`) follows the
    brace on the same line."""
    if members:
        first = min(k for k, _, _ in members.values())
        return "\n" not in text[start:first]
    close = text.find("}", start)
    return close != -1 and "\n" not in text[start:close] and start > 0


def _indent_of(text: str, members: dict[str, tuple[int, int, int]], start: int) -> str:
    if members:
        first = min(k for k, _, _ in members.values())
        line_start = text.rfind("\n", 0, first) + 1
        lead = text[line_start:first]
        if lead.strip() == "":
            return lead
    # The indentation of the line the `{` is on (not the key before it), one level deeper.
    line_start = text.rfind("\n", 0, start) + 1
    line = text[line_start:start]
    return line[: len(line) - len(line.lstrip())] + "  "
