"""An article body's structure from markdown-it-py tokens: sections, Key Takeaways, the FAQ."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from tui.core.model import FaqItem, Section, Structure

# Bodies larger than this get their outline from a line scan (ATX headings only); only the FAQ
# and Key Takeaways sections are parsed in full.
FULL_PARSE_LIMIT = 200_000

FAQ_HEADING = re.compile(r"^\s*(faqs?|frequently\s+asked\s+questions)\b\s*:?\s*$", re.IGNORECASE)
TAKEAWAYS_HEADING = re.compile(r"^\s*key\s+take-?aways?\s*:?\s*$", re.IGNORECASE)

_Q_BOLD_WHOLE = re.compile(r"^(\*\*|__)\s*Q\d*\s*[:.]\s*(?P<q>.+?)\s*\1(?P<rest>.*)$")
_Q_BOLD_PREFIX = re.compile(r"^(\*\*|__)\s*Q\d*\s*[:.]\s*\1\s*(?P<q>.+)$")
_Q_PLAIN = re.compile(r"^Q\d*\s*[:.]\s*(?P<q>.+)$")
_Q_BOLD_QUESTION = re.compile(r"^(\*\*|__)(?P<q>[^*_].*?\?)\s*\1(?P<rest>.*)$")
_A_PREFIX = re.compile(r"^\s*(?:(\*\*|__)\s*A\d*\s*[:.]\s*\1|A\d*\s*[:.]|(\*\*|__)A\d*\s*[:.])\s*")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@lru_cache(maxsize=1)
def markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough")


def inline_text(children: list[Token] | None) -> str:
    """Plain text of inline tokens: markup, links and images reduced to their words."""
    parts: list[str] = []
    for tok in children or []:
        if tok.type in ("text", "code_inline", "html_inline"):
            if tok.type == "html_inline":
                continue
            parts.append(tok.content)
        elif tok.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif tok.type == "image":
            parts.append(inline_text(tok.children))
    return re.sub(r"[ \t]+", " ", "".join(parts)).strip()


def markdown_to_text(source: str) -> str:
    tokens = markdown().parseInline(source)
    return inline_text(tokens[0].children if tokens else None)


@dataclass
class _Block:
    kind: str  # "heading", "paragraph" or "other"
    level: int
    line: int  # 0-based line in the body
    raw: str  # inline source for paragraphs and headings
    text: str  # plain text
    items: list[str] = field(default_factory=list)  # plain text of list item paragraphs


def _blocks(tokens: list[Token]) -> list[_Block]:
    """Top-level blocks of a token stream, with list items gathered under their list."""
    blocks: list[_Block] = []
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        line = tok.map[0] if tok.map else 0
        if tok.type == "heading_open":
            inline = tokens[i + 1]
            blocks.append(_Block("heading", int(tok.tag[1]), line, inline.content,
                                 inline_text(inline.children)))
            i += 3
            continue
        if tok.type == "paragraph_open" and tok.level == 0:
            inline = tokens[i + 1]
            blocks.append(_Block("paragraph", 0, line, inline.content,
                                 inline_text(inline.children)))
            i += 3
            continue
        if tok.nesting == 1 and tok.level == 0:
            # A container (list, quote, table...): gather its paragraphs until it closes.
            depth = 0
            block = _Block("other", 0, line, "", "")
            texts: list[str] = []
            item_depth = 0
            while i < n:
                t = tokens[i]
                depth += t.nesting
                if t.type == "list_item_open":
                    item_depth += 1
                    if item_depth == 1:
                        block.items.append("")
                elif t.type == "list_item_close":
                    item_depth -= 1
                elif t.type == "inline":
                    text = inline_text(t.children)
                    texts.append(text)
                    if item_depth >= 1 and block.items:
                        sep = " " if block.items[-1] else ""
                        block.items[-1] = (block.items[-1] + sep + text).strip()
                i += 1
                if depth == 0:
                    break
            block.text = "\n".join(texts)
            blocks.append(block)
            continue
        if tok.type in ("fence", "code_block", "html_block") and tok.level == 0:
            blocks.append(_Block("other", 0, line, "", tok.content.strip()))
        i += 1
    return blocks


def _strip_answer_prefix(raw: str) -> str:
    return _A_PREFIX.sub("", raw, count=1)


def _question_start(raw: str) -> tuple[str, str] | None:
    """(question source, the rest of the paragraph) when a paragraph opens a question."""
    first, _, rest = raw.partition("\n")
    first = first.strip()
    for pattern in (_Q_BOLD_PREFIX, _Q_BOLD_WHOLE, _Q_PLAIN, _Q_BOLD_QUESTION):
        m = pattern.match(first)
        if m:
            tail = m.groupdict().get("rest") or ""
            remainder = (tail.strip() + "\n" + rest).strip() if tail.strip() else rest
            question = m.group("q").strip()
            if pattern is _Q_PLAIN:
                question = question.strip("*_ ").strip()
            return question, remainder
    return None


def _faq_items(blocks: list[_Block], line_offset: int) -> list[FaqItem]:
    items: list[tuple[str, list[str], int]] = []
    for block in blocks:
        if block.kind == "heading":
            items.append((block.text, [], block.line + line_offset))
            continue
        if block.kind == "paragraph":
            started = _question_start(block.raw)
            if started is not None:
                question, rest = started
                answer = [markdown_to_text(_strip_answer_prefix(rest))] if rest.strip() else []
                items.append((markdown_to_text(question), answer, block.line + line_offset))
                continue
            if items:
                items[-1][1].append(markdown_to_text(_strip_answer_prefix(block.raw)))
            continue
        if items:
            if block.items:
                items[-1][1].append("\n".join(f"- {it}" for it in block.items))
            elif block.text:
                items[-1][1].append(block.text)
    return [FaqItem(q, "\n\n".join(a for a in ans if a), line) for q, ans, line in items if q]


def parse_structure(body: str, first_line: int = 1) -> Structure:
    """Sections (every heading), Key Takeaways items and FAQ pairs of a Markdown body.

    `first_line` is the file line on which the body starts, so lines point into the file.
    """
    if len(body) > FULL_PARSE_LIMIT:
        return _large_structure(body, first_line)
    tokens = markdown().parse(body)
    blocks = _blocks(tokens)
    offset = first_line
    sections = [Section(b.level, b.text, b.line + offset) for b in blocks if b.kind == "heading"]
    takeaways: list[str] = []
    faq: list[FaqItem] = []
    faq_line: int | None = None
    takeaways_line: int | None = None
    for idx, block in enumerate(blocks):
        if block.kind != "heading":
            continue
        end = next((j for j in range(idx + 1, len(blocks))
                    if blocks[j].kind == "heading" and blocks[j].level <= block.level), len(blocks))
        region = blocks[idx + 1:end]
        if not takeaways and TAKEAWAYS_HEADING.match(block.text):
            takeaways_line = block.line + offset
            for b in region:
                if b.kind == "heading":
                    break
                takeaways.extend(it for it in b.items if it)
        elif faq_line is None and FAQ_HEADING.match(block.text):
            faq_line = block.line + offset
            faq = _faq_items(region, offset)
    return Structure(tuple(sections), tuple(takeaways), tuple(faq), faq_line,
                     takeaways_line if takeaways else None)


def _large_structure(body: str, first_line: int) -> Structure:
    """Headings by a line scan; the FAQ and Key Takeaways regions parsed on their own."""
    sections = scan_headings(body, first_line)
    lines: list[str] | None = None
    takeaways: tuple[str, ...] = ()
    faq: tuple[FaqItem, ...] = ()
    faq_line = takeaways_line = None
    for i, sec in enumerate(sections):
        is_faq = faq_line is None and FAQ_HEADING.match(sec.title)
        is_take = takeaways_line is None and TAKEAWAYS_HEADING.match(sec.title)
        if not (is_faq or is_take):
            continue
        if lines is None:
            lines = body.split("\n")
        # Takeaways end at the next heading of any level; the FAQ may have question headings.
        end = next((s.line for s in sections[i + 1:] if is_take or s.level <= sec.level),
                   len(lines) + first_line)
        region = "\n".join(lines[sec.line - first_line:end - first_line])
        if len(region) > FULL_PARSE_LIMIT:
            continue
        part = parse_structure(region, sec.line)
        if is_faq:
            faq, faq_line = part.faq, part.faq_line
        else:
            takeaways, takeaways_line = part.takeaways, part.takeaways_line
    return Structure(tuple(sections), takeaways, faq, faq_line,
                     takeaways_line if takeaways else None)


_INLINE_MARKS = re.compile(r"\[([^\]]*)\]\([^)]*\)|[*_`]+")


def _heading_text(source: str) -> str:
    return " ".join(_INLINE_MARKS.sub(lambda m: m.group(1) or "", source).split())


def scan_headings(body: str, first_line: int = 1) -> list[Section]:
    """ATX headings by a line scan that skips fenced code: for bodies too large to parse."""
    out: list[Section] = []
    fence: str | None = None
    for lineno, line in enumerate(body.splitlines()):
        m = _FENCE.match(line)
        if m:
            marker = m.group(1)
            if fence is None:
                fence = marker[0] * len(marker)
            elif marker.startswith(fence):
                fence = None
            continue
        if fence is not None:
            continue
        h = _ATX.match(line)
        if h:
            out.append(Section(len(h.group(1)), _heading_text(h.group(2) or ""),
                               lineno + first_line))
    return out
