"""A fast path for the YAML front matter most sites write, with exactly the safe loader's values.

The subset, read line by line: block mappings whose keys are plain text, nested block mappings,
block lists of scalars (indented or at the key's own indentation), and one-line scalars that are
plain, single-quoted or double-quoted without escapes. Plain scalars are typed by PyYAML's own
resolver and constructed by its SafeConstructor, so `yes`, `017`, `1_000`, `2024-03-02`,
`.nan`, `~` and the rest become what the safe loader makes of them.

Anything else gives None and the caller uses the guarded loader: anchors, aliases, tags, flow
collections, block scalars, values over several lines, comments after a value, tabs, control
characters, document markers and directives, quoted, repeated or non-text keys, an indentation
that does not line up, a top level that is not a mapping. When in doubt, None: the guarded path
is always right, this one only has to be right when it answers.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_PLAIN = (True, False)
# The tags the resolver gives a plain scalar that this path constructs; any other (merge `<<`,
# value `=`) goes to the guarded loader.
_TYPED = {
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp",
}

# Characters the fast path reads: printable YAML characters other than the YAML 1.1 line breaks
# (NEL, LS, PS), the byte-order mark and tabs. A carriage return is handled before this check.
_UNSAFE = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
                     "\U00010000-\U0010ffff]")
# `key:` or `key: value`: a plain key that starts with no indicator and holds no ':' or '#'.
_KEY = re.compile(r"([^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#]*)(?<! ):(?: +(.*))?")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# A key longer than this is not a simple key for YAML (the limit is 1024 characters).
_MAX_KEY = 1000

_MARKERS = ("---", "...")
_FAIL = object()
_cache: dict[str, Any] = {}
_text_keys: set[str] = set()
_CACHE_MAX = 8192
# Plain text longer than this (a slug, a description, a path) is not kept in the cache: it would
# push out the values that recur (names, dates, numbers).
_CACHED_LENGTH = 40


class _Fallback(Exception):
    """Raised inside the fast path: the text is outside its subset."""


def load(text: str) -> dict[str, Any] | None:
    """The front matter's mapping, or None when the text is outside the subset (use the
    guarded loader then)."""
    if "\r" in text:
        if text.count("\r") != text.count("\r\n"):
            return None
        text = text.replace("\r\n", "\n")
    if _UNSAFE.search(text):
        return None
    lines: list[tuple[int, str]] = []
    for raw in text.split("\n"):
        content = raw.lstrip(" ")
        if not content or content[0] == "#":
            continue  # blank lines and whole-line comments (no multi-line scalars here)
        if content[0] in "-." and content[:3] in _MARKERS:
            return None  # a document marker (at the first column), or looks like one
        lines.append((len(raw) - len(content), content.rstrip(" ")))
    if not lines or lines[0][0] != 0:
        return None
    try:
        data, end = _mapping(lines, 0, 0)
    except _Fallback:
        return None
    if end != len(lines):
        return None
    return data


def _text_key(key: str) -> bool:
    if len(key) > _MAX_KEY or _resolve(key) != _STR:
        return False
    if len(_text_keys) < _CACHE_MAX:
        _text_keys.add(key)
    return True


def _is_item(content: str) -> bool:
    """`-` or `- ...` (content is never empty)."""
    return content[0] == "-" and (len(content) == 1 or content[1] == " ")


def _mapping(lines: list[tuple[int, str]], i: int, indent: int) -> tuple[dict[str, Any], int]:
    out: dict[str, Any] = {}
    n = len(lines)
    match = _KEY.fullmatch
    cached = _cache.get
    while i < n:
        level, content = lines[i]
        if level < indent:
            break
        if level > indent or _is_item(content):
            raise _Fallback  # deeper, or a list item where a key should be
        m = match(content)
        if m is None:
            raise _Fallback
        key, rest = m.groups()
        if key in out or (key not in _text_keys and not _text_key(key)):
            raise _Fallback  # repeated (the guarded path warns), too long, or not text
        i += 1
        if rest:
            value = cached(rest, _FAIL)  # a plain scalar met before: the checks passed then
            out[key] = _scalar(rest) if value is _FAIL else value
            if i < n and lines[i][0] > indent:
                raise _Fallback  # a value over several lines
            continue
        if i < n and lines[i][0] > indent:
            if _is_item(lines[i][1]):
                out[key], i = _sequence(lines, i, lines[i][0])
            else:
                out[key], i = _mapping(lines, i, lines[i][0])
            if i < n and lines[i][0] > indent:
                raise _Fallback  # an indentation between two levels
        elif i < n and lines[i][0] == indent and _is_item(lines[i][1]):
            out[key], i = _sequence(lines, i, indent)
        else:
            out[key] = _plain("")
    return out, i


def _sequence(lines: list[tuple[int, str]], i: int, indent: int) -> tuple[list[Any], int]:
    out: list[Any] = []
    n = len(lines)
    cached = _cache.get
    while i < n:
        level, content = lines[i]
        if level != indent or not _is_item(content):
            break
        item = content[2:].lstrip(" ")
        if not item:
            raise _Fallback  # an empty item, or one whose value is on the next lines
        value = cached(item, _FAIL)
        out.append(_scalar(item) if value is _FAIL else value)
        i += 1
        if i < n and lines[i][0] > indent:
            raise _Fallback
    return out, i


def _scalar(text: str) -> Any:
    """A one-line scalar (text starts with no space and ends with none) that is not in the
    cache: the callers look there first, in their loops (a plain scalar met before passed the
    checks below then; only such scalars are kept)."""
    first = text[0]
    if first == "'":
        return _single_quoted(text)
    if first == '"':
        end = text.find('"', 1)
        if end == -1 or end != len(text) - 1 or "\\" in text:
            raise _Fallback
        return text[1:end]
    # `-1`, `-.inf`, `-x` are plain scalars; `- x`, `--`, `-:` and other indicators are left to
    # the loader.
    if first in _INDICATORS and (first != "-" or len(text) < 2
                                 or not (text[1].isalnum() or text[1] == ".")):
        raise _Fallback
    if ": " in text or text[-1] == ":" or " #" in text:
        raise _Fallback  # a nested mapping, or a comment after the value
    return _new_plain(text)


def _single_quoted(text: str) -> str:
    pos = 1
    n = len(text)
    while True:
        end = text.find("'", pos)
        if end == -1:
            raise _Fallback  # continues on the next line
        if end + 1 < n and text[end + 1] == "'":
            pos = end + 2
            continue
        if end != n - 1:
            raise _Fallback  # something after the closing quote
        return text[1:end].replace("''", "'")


def _resolve(value: str) -> str:
    # The resolver's own shortcut, taken here without a call: it only tries the resolvers
    # registered for the value's first character (and none are registered for every character).
    table = Resolver.yaml_implicit_resolvers
    if value and value[0] not in table and None not in table:
        return _STR
    return str(_RESOLVER.resolve(yaml.ScalarNode, value, _PLAIN))  # type: ignore[no-untyped-call]


def _plain(value: str) -> Any:
    """A plain scalar as the safe loader makes it: the resolver's tag, the constructor's value.
    Every value made here is immutable, so one object serves every file that holds it."""
    found = _cache.get(value, _FAIL)
    return _new_plain(value) if found is _FAIL else found


def _new_plain(value: str) -> Any:
    """`_plain` for a value not in the cache."""
    tag = _resolve(value)
    if tag == _STR:
        result: Any = value
    elif tag in _TYPED:
        node = yaml.ScalarNode(tag, value)
        try:
            result = SafeConstructor.yaml_constructors[tag](_CONSTRUCTOR, node)
        except (ValueError, ArithmeticError, yaml.YAMLError):
            raise _Fallback from None  # the loader reports it (a date like 2024-02-30)
    else:
        raise _Fallback
    if len(value) <= _CACHED_LENGTH or tag != _STR:  # long text rarely comes again
        if len(_cache) >= _CACHE_MAX:
            _cache.clear()
        _cache[value] = result
    return result
