"""Article bodies as Rich renderables, in chunks that can be mounted lazily.

The body is cut at headings and FAQ questions (so the outline and the FAQ can scroll to them) and at
blank lines in long stretches; each chunk is rendered on its own with ArticleMarkdown (Rich's
Markdown adapted for reading: see tui/ui/article_markdown.py). The body's link reference
definitions go with every chunk, so `[text][ref]` works whichever chunk defines `ref`. All text is
sanitised first: no control or escape sequence from a file reaches the terminal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from rich.text import Text

from tui.core.model import Structure
from tui.core.sanitize import clean
from tui.ui.article_markdown import ArticleMarkdown

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
# A link reference definition, [label]: url, and a reference link, [text][label] or [label][].
_REF_DEF = re.compile(r"^ {0,3}\[([^\]\n]+)\]:[ \t]*<?([^\s>]+)>?.*$", re.MULTILINE)
_REF_LINK = re.compile(r"\[([^\]\n]+)\]\[([^\]\n]*)\]")
_BRACKETED = re.compile(r"\[([^\]\n]+)\]")


@dataclass(frozen=True)
class Chunk:
    start: int  # 0-based line in the body where the chunk starts
    text: str
    refs: str = ""  # the body's link reference definitions this chunk may use, one a line

    def source(self) -> str:
        """The Markdown to render: the chunk and the reference definitions it may use."""
        return f"{self.text}\n\n{self.refs}" if self.refs else self.text


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
    defs = _reference_definitions(lines)
    chunks = []
    for a, b in zip(ordered, ordered[1:], strict=False):
        text = "\n".join(lines[a:b])
        if text.strip():
            refs = ""
            if defs and "]" in text:
                used = {_label(m.group(1)) for m in _BRACKETED.finditer(text)}
                refs = "\n".join(line for label, line in defs.items() if label in used)
            chunks.append(Chunk(a, text, refs))
    return chunks


def _label(text: str) -> str:
    return " ".join(text.lower().split())


def _reference_definitions(lines: list[str]) -> dict[str, str]:
    """Label -> the line that defines it ([label]: url), outside fenced code; first one wins."""
    out: dict[str, str] = {}
    fence: str | None = None
    for line in lines:
        m = _FENCE.match(line)
        if m:
            marker = m.group(1)
            if fence is None:
                fence = marker[0] * 3
            elif marker.startswith(fence):
                fence = None
            continue
        if fence is None and "]:" in line:
            m = _REF_DEF.match(line)
            if m:
                out.setdefault(_label(m.group(1)), line)
    return out


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
    """(text, url) of every link in a body, in order, sanitised; reference links included."""
    found: list[tuple[int, str, str]] = []
    for m in _URL.finditer(body):
        if m.group(3):
            found.append((m.start(), m.group(3), m.group(3)))
        else:
            found.append((m.start(), m.group(1) or m.group(2), m.group(2)))
    if "][" in body:
        defs: dict[str, str] = {}
        for m in _REF_DEF.finditer(body):
            defs.setdefault(_label(m.group(1)), m.group(2))
        for m in _REF_LINK.finditer(body):
            label = _label(m.group(2) or m.group(1))
            if label in defs:
                found.append((m.start(), m.group(1), defs[label]))
        found.sort(key=lambda f: f[0])
    return [(clean(t).replace("\n", " "), clean(u)) for _, t, u in found]


def is_web_url(url: str) -> bool:
    return bool(re.match(r"^https?://[^\s/$.?#][^\s]*$", url, re.IGNORECASE))


class Highlighted:
    """A renderable that highlights every match of a search term in what another renders."""

    def __init__(self, inner: RenderableType, term: str, current: int | None = None) -> None:
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
                 current: int | None = None) -> ArticleMarkdown | Highlighted | Text:
    if chunk.text.count("\n") > PLAIN_CHUNK_LINES:
        text = Text(chunk.text, no_wrap=False)
        if term:
            text.highlight_words([term], style="black on yellow", case_sensitive=False)
        return text
    md = ArticleMarkdown(chunk.source(), code_theme=code_theme)
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
    text = re.sub(r"!\[([^\]]*)\]\(\s*<?([^)\s>]*)>?[^)]*\)", r"[image: \1 — \2]", markdown_text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__|\*|_|`)", "", text)
    return re.sub(r"^ {0,3}#{1,6} +", "", text, flags=re.MULTILINE)


