"""Bytes to a split document: the front-matter block, the body, and the facts an editor needs.

Nothing here interprets the front matter's values; `frontmatter_parse` does that. This module only
finds where things are, so that an edit can splice exactly the lines it changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

BOM = "\ufeff"
Format = Literal["yaml", "toml", "json"]

# A key at the start of a line, as YAML front matter begins: `title:`, `"title":`, `- item`.
_YAMLISH_LINE = re.compile(r"""^(?:[^\s#:][^:\n]*:(?:\s|$)|["'][^"'\n]*["']\s*:|-\s|-$|\{)""")


class DocumentError(ValueError):
    """A file's bytes cannot be read as a text document at all."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Document:
    """A decoded Markdown file, split into front matter and body.

    Offsets are indexes into `text` (the decoded file without its BOM).
    """

    text: str
    bom: bool
    newline: str
    format: Format | None
    # Front matter: the text between the fences, and where it sits in `text`.
    fm_text: str
    fm_start: int
    fm_end: int
    # The line (1-based, in the file) where the front matter's first content line is.
    fm_first_line: int
    # The opening and closing fence lines as written (without line ending), or "".
    open_fence: str
    close_fence: str
    body: str
    body_start: int
    # The 1-based line in the file where the body starts.
    body_first_line: int
    # A problem with the fences found while splitting (for example, never closed).
    split_error: str | None = None
    split_error_line: int | None = None

    @property
    def has_front_matter(self) -> bool:
        return self.format is not None


def decode(data: bytes) -> tuple[str, bool]:
    """Decode UTF-8 bytes (with or without a BOM); raise DocumentError with a plain reason."""
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        raise DocumentError("the file is UTF-16 encoded; draftdeck reads UTF-8 only")
    bom = data.startswith(b"\xef\xbb\xbf")
    if bom:
        data = data[3:]
    if data.startswith(b"\x89PNG") or data[:8].startswith(b"GIF8") or data[:3] == b"\xff\xd8\xff":
        raise DocumentError("the file is an image, not a text file")
    nul = data.find(b"\x00")
    if nul != -1:
        line = data.count(b"\n", 0, nul) + 1
        raise DocumentError("the file contains NUL bytes (binary data?)", line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DocumentError(
            f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x} at line {line})", line
        ) from None
    return text, bom


def _detect_newline(text: str) -> str:
    first = text.find("\n")
    if first > 0 and text[first - 1] == "\r":
        return "\r\n"
    return "\n"


def _line_end(text: str, offset: int) -> int:
    """Offset just after the line ending of the line that starts at `offset`."""
    end = text.find("\n", offset)
    return len(text) if end == -1 else end + 1


def _no_front_matter(text: str, bom: bool, newline: str, error: str | None = None,
                     error_line: int | None = None) -> Document:
    return Document(
        text=text, bom=bom, newline=newline, format=None, fm_text="", fm_start=0, fm_end=0,
        fm_first_line=1, open_fence="", close_fence="", body=text, body_start=0,
        body_first_line=1, split_error=error, split_error_line=error_line,
    )


def _looks_like_yaml_front_matter(block: str) -> bool:
    for raw in block.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        return bool(_YAMLISH_LINE.match(line))
    return False


def split(data: bytes) -> Document:
    """Split a file's bytes. Raises DocumentError when the bytes are not UTF-8 text."""
    text, bom = decode(data)
    return split_text(text, bom)


def split_text(text: str, bom: bool = False) -> Document:
    if text.startswith(BOM):  # a BOM decoded as text (a second one, or from a str caller)
        text = text[1:]
        bom = True
    newline = _detect_newline(text)
    first_end = _line_end(text, 0)
    first = text[:first_end].rstrip("\r\n")
    stripped = first.rstrip()
    if stripped == "---":
        return _split_fenced(text, bom, newline, "yaml", first, first_end, ("---", "..."))
    if stripped == "+++":
        return _split_fenced(text, bom, newline, "toml", first, first_end, ("+++",))
    if stripped.startswith("{"):
        return _split_json(text, bom, newline)
    return _no_front_matter(text, bom, newline)


_CLOSERS = {
    ("---", "..."): re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE),
    ("+++",): re.compile(r"^\+\+\+[ \t]*\r?$", re.MULTILINE),
}


def _split_fenced(text: str, bom: bool, newline: str, fmt: Format, open_line: str,
                  content_start: int, closers: tuple[str, ...]) -> Document:
    m = _CLOSERS[closers].search(text, content_start)
    if m is not None:
        offset = m.start()
        line = m.group(0).rstrip("\r")
        lineno = text.count("\n", 0, offset) + 1
        fm_text = text[content_start:offset]
        if (fmt == "yaml" and fm_text[:1] in ("\n", "\r") and fm_text.strip()
                and not _looks_like_yaml_front_matter(fm_text)):
            # `---`, a blank line, prose, `---`: two thematic breaks, not front matter.
            return _no_front_matter(text, bom, newline)
        body_start = _line_end(text, offset)
        return Document(
            text=text, bom=bom, newline=newline, format=fmt, fm_text=fm_text,
            fm_start=content_start, fm_end=offset, fm_first_line=2, open_fence=open_line,
            close_fence=line, body=text[body_start:], body_start=body_start,
            body_first_line=lineno + 1,
        )
    block = text[content_start:]
    if fmt == "yaml" and not _looks_like_yaml_front_matter(block):
        # A thematic break at the top of a plain Markdown file: no front matter, nothing lost.
        return _no_front_matter(text, bom, newline)
    fence = "---" if fmt == "yaml" else "+++"
    return _no_front_matter(
        text, bom, newline,
        error=f"the front matter opened with '{fence}' on line 1 is never closed", error_line=1,
    )


# The closing fence with the newline before it: a pattern that opens with a literal character is
# searched for that character first (`^` with MULTILINE tries every position: 4x slower).
_CLOSER_BYTES = re.compile(rb"\n(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


def split_listed(data: bytes) -> Document | None:
    """`split` for a listing, which reads the front matter and counts the body's words: the
    same Document with `text` left empty, made without decoding the file as one string (a
    title with one curly quote makes Python hold all of it at two bytes a character). Only the
    common case: a file that opens with a `---` line and closes its front matter, UTF-8 with
    no NUL byte; None for anything else (use `split`)."""
    if data[:4] != b"---\n" or b"\x00" in data:
        return None
    m = _CLOSER_BYTES.search(data, 3)
    if m is None or data[4:5] in (b"\n", b"\r"):
        return None  # never closed, or a blank line first (maybe two thematic breaks)
    offset = m.start() + 1
    end = data.find(b"\n", offset)
    body_start = len(data) if end == -1 else end + 1
    try:
        fm_text = data[4:offset].decode("utf-8")
        body = data[body_start:].decode("utf-8")
        close = m.group(0)[1:].rstrip(b"\r").decode("ascii")
    except UnicodeDecodeError:
        return None
    fm_end = 4 + len(fm_text)  # offsets in characters, as `split` gives them
    return Document(
        text="", bom=False, newline="\n", format="yaml", fm_text=fm_text, fm_start=4,
        fm_end=fm_end, fm_first_line=2, open_fence="---", close_fence=close, body=body,
        body_start=fm_end + body_start - offset,
        body_first_line=data.count(b"\n", 0, offset) + 2,
    )


def _split_json(text: str, bom: bool, newline: str) -> Document:
    """JSON front matter: an object starting on line 1, ending on a line that is `}`."""
    import json

    try:
        _, end = json.JSONDecoder().raw_decode(text, 0)
    except json.JSONDecodeError as exc:
        # Not JSON: a body that happens to start with '{' (a Liquid or Hugo tag, say).
        if text.startswith("{{") or text.startswith("{%"):
            return _no_front_matter(text, bom, newline)
        return _no_front_matter(
            text, bom, newline,
            error=f"the JSON front matter does not parse: {exc.msg} (line {exc.lineno})",
            error_line=exc.lineno,
        )
    body_start = _line_end(text, end) if text[end:_line_end(text, end)].strip() == "" else end
    first_end = _line_end(text, 0)
    return Document(
        text=text, bom=bom, newline=newline, format="json", fm_text=text[:end], fm_start=0,
        fm_end=end, fm_first_line=1, open_fence=text[:first_end].rstrip("\r\n"),
        close_fence="}", body=text[body_start:], body_start=body_start,
        body_first_line=text.count("\n", 0, body_start) + 1,
    )
