"""What every CLI command prints with: plain lines, safe JSON, and the usage error (exit 2)."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from tui.core.json_rows import rows_text
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
    text = rows_text(value)
    if text is None:
        text = json.dumps(value, ensure_ascii=False, indent=2, default=str)
    write_json_text(text)


def write_json_text(text: str) -> None:
    """JSON text made elsewhere (kept rows), with C1 controls and bidi marks escaped."""
    text = _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
    sys.stdout.write(text + "\n")

