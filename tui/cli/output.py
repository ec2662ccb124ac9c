"""What every CLI command prints with: plain lines, safe JSON, and the usage error (exit 2)."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from tui.core.json_rows import escape_unsafe, rows_text
from tui.core.sanitize import clean


class UsageError(Exception):
    """Wrong words on the command line: printed plainly, exit status 2."""


def out(text: str) -> None:
    """A line of text as it is, but for the bytes of a file name that are not UTF-8 (held as
    surrogates): shown as the replacement character, never written raw."""
    if not text.isascii():
        text = _SURROGATES.sub("\ufffd", text)
    sys.stdout.write(text + "\n")


_SURROGATES = re.compile("[\ud800-\udfff]")


def err(text: str) -> None:
    sys.stderr.write(clean(text) + "\n")


def json_dump(value: Any) -> None:
    """JSON with text as UTF-8, but C1 controls and bidi marks escaped (json escapes C0)."""
    text = rows_text(value)
    if text is None:
        text = json.dumps(value, ensure_ascii=False, indent=2, default=str)
    write_json_text(text)


def write_json_text(text: str, escaped: bool = False) -> None:
    """JSON text, with C1 controls and bidi marks escaped (unless `escaped` already)."""
    sys.stdout.write((text if escaped else escape_unsafe(text)) + "\n")

