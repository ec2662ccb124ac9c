"""Making text from files safe to show: no control or escape sequence reaches a terminal."""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, the bidi embedding/override/isolate marks,
# and surrogates (a file name's bytes that are not UTF-8: written raw, 0x9b is a C1 CSI).
_UNSAFE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ud800-\udfff]")
_UNSAFE_LINE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ud800-\udfff]")


def _visible(match: re.Match[str]) -> str:
    ch = match.group(0)
    code = ord(ch)
    if code == 0x1B:
        return "␛"
    if code in (0x09, 0x0A):
        return " "
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ ␁ ...
    if code == 0x7F:
        return "␡"
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd"  # a byte of a name that is not UTF-8: the replacement character
    return f"<U+{code:04X}>"


def clean(text: str) -> str:
    """Text for a multi-line view: controls made visible, newlines and tabs kept."""
    text = text.replace("\r\n", "\n")
    return _UNSAFE.sub(_visible, text)


def clean_line(text: str) -> str:
    """Text for one line (a title, a category, a message): also folds newlines and tabs."""
    return _UNSAFE_LINE.sub(_visible, text)


def is_clean(text: str) -> bool:
    return _UNSAFE.search(text) is None
