"""What every CLI command prints with: plain lines, safe JSON, and the usage error (exit 2)."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from tui.core.sanitize import clean


class UsageError(Exception):
    """Wrong words on the command line: printed plainly, exit status 2."""


def out(text: str) -> None:
    sys.stdout.write(text + "\n")


def err(text: str) -> None:
    sys.stderr.write(clean(text) + "\n")


_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def json_dump(value: Any) -> None:
    """JSON with text as UTF-8, but C1 controls and bidi marks escaped (json escapes C0)."""
    text = rows_json(value)
    if text is None:
        text = json.dumps(value, ensure_ascii=False, indent=2, default=str)
    text = _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
    sys.stdout.write(text + "\n")


_string = json.encoder.encode_basestring  # the C encoder json.dumps(ensure_ascii=False) uses
_float = float.__repr__


class _NotFlat(Exception):
    pass


def _scalar(value: Any) -> str:
    kind = type(value)
    if kind is str:
        return str(_string(value))
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float and value == value and value not in (float("inf"), float("-inf")):
        return _float(value)
    raise _NotFlat


def rows_json(value: Any) -> str | None:
    """`json.dumps(value, ensure_ascii=False, indent=2)`, character for character, for a list
    of flat mappings (text keys; text, number, true/false, null or lists of those as values),
    what `list --json` prints, at C speed (json's indented output is written in Python).
    None for anything else."""
    if type(value) is not list:
        return None
    try:
        rows = []
        for row in value:
            if type(row) is not dict:
                return None
            if not row:
                rows.append("  {}")
                continue
            fields = []
            for key, item in row.items():
                if type(key) is not str:
                    return None
                if type(item) is list:
                    text = ("[\n" + ",\n".join("      " + _scalar(x) for x in item) + "\n    ]"
                            if item else "[]")
                else:
                    text = _scalar(item)
                fields.append(f"    {_string(key)}: {text}")
            rows.append("  {\n" + ",\n".join(fields) + "\n  }")
    except _NotFlat:
        return None
    return "[\n" + ",\n".join(rows) + "\n]" if rows else "[]"
