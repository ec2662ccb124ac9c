"""Article bodies as Rich renderables, in chunks that can be mounted lazily.

The body is cut at headings and FAQ questions (so the outline and the FAQ can scroll to them) and at
blank lines in long stretches; each chunk is rendered with Rich's Markdown on its own. All text is
sanitised first: no control or escape sequence from a file reaches the terminal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, RenderResult
from rich.markdown import Heading, Markdown, MarkdownContext
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from rich.theme import Theme

from tui.core.model import Structure
from tui.core.sanitize import clean

# Bodies larger than this, or with a line longer than LONG_LINE, are shown as plain text.
PLAIN_TEXT_LIMIT = 1_500_000
LONG_LINE = 20_000
# A plain view shows at most this much of the text.
PLAIN_SHOWN = 1_000_000
# A chunk with more lines than this (a huge table, list or code block) is drawn as plain text.
PLAIN_CHUNK_LINES = 400
MAX_CHUNKS = 400
LONG_CHUNK_LINES = 120
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_URL = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)|<(https?://[^>\s]+)>")


@dataclass(frozen=True)
class Chunk:
    start: int  # 0-based line in the body where the chunk starts
    text: str


def _split_long(lines: list[str], start: int, end: int) -> list[int]:
    """Extra cut points (blank lines outside fenced code) in a long stretch of lines."""
    cuts: list[int] = []
    fence: str | None = None
    since = 0
    for i in range(start, end):
        line = lines[i]
        m = _FENCE.match(line)
        if m:
            marker = m.group(1)
            if fence is None:
                fence = marker[0] * 3
            elif marker.startswith(fence):
                fence = None
        since += 1
        if fence is None and since >= LONG_CHUNK_LINES and not line.strip() and i + 1 < end:
            nxt = lines[i + 1]
            if nxt.strip() and not nxt.startswith((" ", "\t")) and not re.match(r"^\d+[.)] |[-*+] ", nxt):
                cuts.append(i + 1)
                since = 0
    return cuts


def chunk_body(body: str, structure: Structure, first_line: int) -> list[Chunk]:
    """Cut a body into chunks at its headings and FAQ questions (and in long stretches)."""
    lines = clean(body).split("\n")
    anchors = {s.line - first_line for s in structure.sections}
    anchors |= {f.line - first_line for f in structure.faq}
    anchors = {a for a in anchors if 0 < a < len(lines)}
    points = sorted({0, *anchors})
    bounds = [*points, len(lines)]
    cuts: set[int] = set(points)
    for a, b in zip(bounds, bounds[1:], strict=False):
        if b - a > LONG_CHUNK_LINES * 2:
            cuts.update(_split_long(lines, a, b))
    ordered = sorted(cuts)
    if len(ordered) > MAX_CHUNKS:
        step = -(-len(ordered) // MAX_CHUNKS)
        ordered = ordered[::step]
    ordered.append(len(lines))
    chunks = []
    for a, b in zip(ordered, ordered[1:], strict=False):
        text = "\n".join(lines[a:b])
        if text.strip():
            chunks.append(Chunk(a, text))
    return chunks


def chunk_index_for_line(chunks: list[Chunk], body_line: int) -> int:
    """The chunk holding a 0-based body line."""
    index = 0
    for i, chunk in enumerate(chunks):
        if chunk.start <= body_line:
            index = i
        else:
            break
    return index


def links(body: str) -> list[tuple[str, str]]:
    """(text, url) of every link in a body, in order, sanitised."""
    out: list[tuple[str, str]] = []
    for m in _URL.finditer(body):
        if m.group(3):
            out.append((m.group(3), m.group(3)))
        else:
            out.append((m.group(1) or m.group(2), m.group(2)))
    return [(clean(t).replace("\n", " "), clean(u)) for t, u in out]


def is_web_url(url: str) -> bool:
    return bool(re.match(r"^https?://[^\s/$.?#][^\s]*$", url, re.IGNORECASE))


class Highlighted:
    """A renderable that highlights every match of a search term in what another renders."""

    def __init__(self, inner: Markdown, term: str, current: int | None = None) -> None:
        self.inner = inner
        self.term = term
        self.current = current  # index of the match to mark as current, in this chunk
        self.match_lines: list[int] = []

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = console.render_lines(self.inner, options, pad=False)
        pattern = re.compile(re.escape(self.term), re.IGNORECASE) if self.term else None
        count = 0
        self.match_lines = []
        for y, line in enumerate(lines):
            text = Text(end="")  # one line each: Segment.line() below ends it (no double spacing)
            for seg in line:
                if not seg.control:
                    text.append(seg.text, seg.style)
            if pattern is not None:
                for m in pattern.finditer(text.plain):
                    style = "black on yellow" if count != self.current else "bold white on red"
                    text.stylize(style, m.start(), m.end())
                    self.match_lines.append(y)
                    count += 1
            yield text
            yield Segment.line()


def needs_plain_view(body: str) -> bool:
    if len(body) > PLAIN_TEXT_LIMIT:
        return True
    return any(len(line) > LONG_LINE for line in body.split("\n"))


def render_chunk(chunk: Chunk, code_theme: str, term: str = "",
                 current: int | None = None) -> Markdown | Highlighted | Text:
    if chunk.text.count("\n") > PLAIN_CHUNK_LINES:
        text = Text(chunk.text, no_wrap=False)
        if term:
            text.highlight_words([term], style="black on yellow", case_sensitive=False)
        return text
    md = Markdown(chunk.text, code_theme=code_theme, hyperlinks=False, inline_code_theme=None)
    if term:
        return Highlighted(md, term, current)
    return md


def count_matches(chunks: Iterable[Chunk], term: str) -> list[int]:
    """Matches per chunk, in the source text (close to what is shown)."""
    if not term:
        return [0 for _ in chunks]
    pattern = re.compile(re.escape(term), re.IGNORECASE)
    return [len(pattern.findall(_visible_text(c.text))) for c in chunks]


def _visible_text(markdown_text: str) -> str:
    """Markdown source minus the markers that are not shown (emphasis, heading hashes, links)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown_text)
    text = re.sub(r"(\*\*|__|\*|_|`)", "", text)
    return re.sub(r"^ {0,3}#{1,6} +", "", text, flags=re.MULTILINE)


