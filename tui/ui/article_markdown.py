"""Rich's Markdown, adapted for reading articles in a terminal.

- Headings: a blank line above (the chunk's margin), and looks that tell the levels apart: h1 bold
  and underlined over a heavy rule, h2 bold over a light rule, h3 bold in the accent colour, h4-h6
  behind a dim "####" marker (so an h4 "1. Leaving" cannot pass for a list item).
- Links show their text, styled; the URLs are one key away (the links screen), never inline.
- Images and HTML embeds (<img>, <iframe>, <video>, <audio>, <embed>) show as a placeholder with
  their alt text (or title) and source: "[image: alt — src]". Other HTML blocks show their text;
  HTML with no text shows as written, dimmed. Inline <b>, <i>, <a>, <code>, <br>... work.
- Shortcodes (Hugo {{< >}} and {{% %}}, Liquid/Twig {% %} and {{ }}, Grav [g-...]) show as
  written, dimmed.

Everything shown is text (never markup) and sanitised: entities decoded from HTML go through
`clean` too, so no control character reaches the terminal.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

from markdown_it.token import Token
from rich.console import Console, ConsoleOptions, RenderResult
from rich.markdown import Heading, Markdown
from rich.style import Style
from rich.text import Text
from rich.theme import Theme

from tui.core.sanitize import clean, clean_line

THEME = Theme({
    "markdown.h1": Style(bold=True, underline=True),
    "markdown.h2": Style(bold=True),
    "markdown.h3": Style(bold=True, color="magenta"),
    "markdown.h4": Style(bold=True, italic=True),
    "markdown.h5": Style(italic=True),
    "markdown.h6": Style(italic=True, dim=True),
    "markdown.h1.rule": Style(color="magenta"),
    "markdown.h2.rule": Style(dim=True),
    "markdown.heading.marker": Style(dim=True, bold=False, italic=False),
    "markdown.a": Style(color="bright_blue", underline=True),
    "markdown.media": Style(color="cyan", italic=True),
    "markdown.shortcode": Style(dim=True),
    "markdown.u": Style(underline=True),
    "markdown.mark": Style(reverse=True),
}, inherit=True)

# Shortcodes of the static-site generators and CMSs whose folders draftdeck reads; one line each.
SHORTCODE = re.compile(
    r"\{\{[<%][^\n]*?[>%]\}\}"  # Hugo {{< x >}} and {{% x %}}
    r"|\{%[^\n]*?%\}"  # Liquid / Twig {% x %}
    r"|\{\{[^\n]*?\}\}"  # Liquid / Twig / Hugo templates {{ x }}
    r"|\[/?g-[\w-]+[^\]\n]*\]"  # Grav [g-x ...] and [/g-x]
)
# Bracketed shortcodes (WordPress, Grav's shortcode-core: [notice]…[/notice]) count only when the
# text also closes them, so that ordinary [bracketed words] stay as they are.
_BRACKET_CLOSE = re.compile(r"\[/([a-zA-Z][\w-]*)\]")
_HOLD_OPEN, _HOLD_CLOSE = "\ue000", "\ue001"
_HOLD = re.compile(f"{_HOLD_OPEN}(\\d+){_HOLD_CLOSE}")

MEDIA_KINDS = {"img": "image", "iframe": "embed", "video": "video", "audio": "audio",
               "embed": "embed", "object": "embed"}
_INLINE_STYLES = {"b": "strong", "strong": "strong", "i": "em", "em": "em", "cite": "em",
                  "code": "code", "tt": "code", "s": "s", "del": "s", "strike": "s",
                  "u": "u", "ins": "u", "mark": "mark", "kbd": "kbd", "a": "a"}
_BREAKING = {"br", "p", "div", "li", "tr", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6",
             "dt", "dd", "blockquote", "pre", "table", "section", "article", "header", "footer",
             "details", "summary", "ul", "ol", "hr", "figure", "aside", "nav", "center"}
_SKIPPED = {"script", "style", "template", "noscript", "svg"}
_FALLBACK = {"video", "audio", "iframe", "object", "canvas"}  # their text is for old browsers
_HR = re.compile(r"<hr\b", re.IGNORECASE)
_TAG = re.compile(r"^<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)")
SHOWN_AS_WRITTEN = 160  # HTML with no text is shown as written, up to this many characters


def media_placeholder(kind: str, label: str, src: str) -> str:
    """"[image: alt — file]": a file by its name only (the whole path is on the links screen);
    an embed's address in full (its host says what it is)."""
    label = " ".join(clean_line(label).split())
    src = clean_line(src).strip()
    if kind != "embed":
        src = src.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1] or src
    body = " — ".join(part for part in (label, src) if part)
    return f"[{kind}: {body}]" if body else f"[{kind}]"


def _media_from_attrs(tag: str, attrs: list[tuple[str, str | None]]) -> str:
    values = {k.lower(): v or "" for k, v in attrs}
    src = values.get("src") or values.get("data-src") or values.get("data") or ""
    label = values.get("alt") or values.get("title") or values.get("aria-label") or ""
    return media_placeholder(MEDIA_KINDS[tag], label, src)


class _HtmlReader(HTMLParser):
    """What an HTML fragment shows: lines of text and placeholders for its embeds."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[tuple[str, str]] = []  # ("text" | "media" | "break" | "comment", s)
        self._skip = 0
        self._media_open: tuple[str, int] | None = None  # a <video>/<audio> with no src yet

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skip += 1
            self.parts.append(("media", f"[{tag}]"))
            return
        if tag in MEDIA_KINDS:
            placeholder = _media_from_attrs(tag, attrs)
            self.parts.append(("media", placeholder))
            if tag in ("video", "audio") and not dict(attrs).get("src"):
                self._media_open = (tag, len(self.parts) - 1)
            if tag in _FALLBACK:
                self._skip += 1
            return
        if tag == "source" and self._media_open is not None:
            if dict(attrs).get("src"):
                kind, index = self._media_open
                self.parts[index] = ("media", _media_from_attrs(kind, attrs))
            self._media_open = None
            return
        if tag in _BREAKING:
            self.parts.append(("break", ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _SKIPPED or tag in _FALLBACK:
            self._skip = max(0, self._skip - 1)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED or tag in _FALLBACK:
            self._skip = max(0, self._skip - 1)
            if tag in ("video", "audio"):
                self._media_open = None
        elif tag in _BREAKING:
            self.parts.append(("break", ""))

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(("text", data))

    def handle_comment(self, data: str) -> None:
        self.parts.append(("comment", f"<!--{data}-->"))


def _text(content: str) -> Token:
    return Token("text", "", 0, content=content)


def _styled(tag: str, content: str) -> Token:
    """A run of text in the style `markdown.<tag>` (Markdown renders these as inline styles)."""
    return Token(tag, tag, 0, content=content)


def html_block_tokens(source: str) -> list[Token]:
    """Inline tokens for an HTML block: its text, placeholders for embeds; or as written, dim."""
    reader = _HtmlReader()
    try:
        reader.feed(source)
        reader.close()
    except Exception:  # noqa: BLE001 - HTMLParser is lenient; never let a block break a chunk
        reader.parts = []
    out: list[Token] = []
    line: list[Token] = []
    pending = ""

    def flush_text() -> None:
        nonlocal pending
        words = " ".join(clean_line(pending).split())
        if words:
            if line and line[-1].type == "text":
                words = " " + words
            line.append(_text(words))
        pending = ""

    def end_line() -> None:
        flush_text()
        if line:
            if out:
                out.append(Token("hardbreak", "br", 0))
            out.extend(line)
            line.clear()

    for kind, value in reader.parts:
        if kind == "text":
            pending += value
        elif kind == "break":
            end_line()
        else:
            flush_text()
            if line:
                line.append(_text(" "))
            line.append(_styled("media" if kind == "media" else "shortcode", clean_line(value)))
    end_line()
    if not out:
        written = " ".join(clean_line(source).split())
        if len(written) > SHOWN_AS_WRITTEN:
            written = written[:SHOWN_AS_WRITTEN - 1] + "…"
        if written:
            out.append(_styled("shortcode", written))
    return out


def _inline_html(token: Token, stack: list[str]) -> Iterator[Token]:
    content = token.content
    if content.startswith("<!--"):
        yield _styled("shortcode", clean_line(content))
        return
    m = _TAG.match(content)
    if not m:
        return
    closing, tag = m.group(1) == "/", m.group(2).lower()
    if closing:
        style = _INLINE_STYLES.get(tag)
        if style is not None and style in stack:
            while stack:
                top = stack.pop()
                yield Token(f"{top}_close", top, -1)
                if top == style:
                    break
        return
    if tag == "br":
        yield Token("hardbreak", "br", 0)
    elif tag in MEDIA_KINDS:
        reader = _HtmlReader()
        try:
            reader.feed(content)
        except Exception:  # noqa: BLE001
            return
        for kind, value in reader.parts:
            if kind == "media":
                yield _styled("media", clean_line(value))
    elif tag in _INLINE_STYLES and not content.rstrip().endswith("/>"):
        style = _INLINE_STYLES[tag]
        stack.append(style)
        yield Token(f"{style}_open", style, 1)


class ArticleHeading(Heading):
    """Headings told apart by weight, rules and a dim level marker; always left-aligned."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        level = int(self.tag[1:]) if self.tag[1:].isdigit() else 6
        text = self.text.copy()
        text.justify = "left"
        if level >= 4:
            marker = Text("#" * level + " ", style="markdown.heading.marker")
            text = Text.assemble(marker, text)
        yield text
        if level <= 2:
            rule = "━" if level == 1 else "─"
            yield Text(rule * max(1, options.max_width), style=f"markdown.h{level}.rule",
                       no_wrap=True, overflow="crop")


class ArticleMarkdown(Markdown):
    """Markdown for reading: see the module's docstring."""

    elements = {**Markdown.elements, "heading_open": ArticleHeading}
    inlines = {*Markdown.inlines, "a", "u", "mark", "kbd", "media", "shortcode"}

    def __init__(self, markup: str, code_theme: str = "monokai") -> None:
        held: list[str] = []
        if _HOLD_OPEN not in markup:
            def hold(m: re.Match[str]) -> str:
                held.append(m.group(0))
                return f"{_HOLD_OPEN}{len(held) - 1}{_HOLD_CLOSE}"

            pattern = SHORTCODE
            closed = {m.group(1) for m in _BRACKET_CLOSE.finditer(markup)} if "[/" in markup \
                else set()
            if closed:
                names = "|".join(re.escape(n) for n in sorted(closed, key=len, reverse=True))
                pattern = re.compile(
                    f"{SHORTCODE.pattern}|\\[/?(?:{names})(?:[ \\t=][^\\]\\n]*)?\\]")
            markup = pattern.sub(hold, markup)
        super().__init__(markup, code_theme=code_theme, hyperlinks=False, inline_code_theme=None)
        self._held = held
        self.parsed = self._adapt(self.parsed)

    def _restore(self, text: str) -> str:
        if not self._held:
            return text
        return _HOLD.sub(lambda m: self._held[int(m.group(1))], text)

    def _adapt(self, tokens: list[Token]) -> list[Token]:
        out: list[Token] = []
        for tok in tokens:
            if tok.type == "html_block":
                source = self._restore(tok.content)
                children = html_block_tokens(source)
                if _HR.search(source) and all(c.type == "shortcode" for c in children):
                    out.append(Token("hr", "hr", 0, map=tok.map, level=tok.level))
                    continue  # a rule and nothing to read (anchors, comments): a rule
                if not children:
                    continue
                out.append(Token("paragraph_open", "p", 1, map=tok.map, level=tok.level))
                out.append(Token("inline", "", 0, children=children, level=tok.level + 1))
                out.append(Token("paragraph_close", "p", -1, level=tok.level))
                continue
            if tok.type in ("fence", "code_block"):
                tok.content = clean(self._restore(tok.content))
            if tok.children is not None and tok.type == "inline":
                tok.children = self._adapt_inline(tok.children)
            out.append(tok)
        return out

    def _adapt_inline(self, children: list[Token]) -> list[Token]:
        out: list[Token] = []
        stack: list[str] = []  # inline styles opened by HTML tags, to close in order
        for tok in children:
            kind = tok.type
            if kind == "text":
                out.extend(self._text_tokens(tok.content))
            elif kind == "code_inline":
                tok.content = clean_line(self._restore(tok.content))
                out.append(tok)
            elif kind == "link_open":
                out.append(Token("a_open", "a", 1))
            elif kind == "link_close":
                out.append(Token("a_close", "a", -1))
            elif kind == "image":
                src = str(tok.attrs.get("src", ""))
                out.append(_styled("media", media_placeholder(
                    "image", self._restore(tok.content), self._restore(src))))
            elif kind == "html_inline":
                out.extend(_inline_html(
                    Token("html_inline", "", 0, content=self._restore(tok.content)), stack))
            elif kind in ("softbreak", "hardbreak"):
                out.append(tok)
            else:
                if tok.content:
                    tok.content = clean_line(self._restore(tok.content))
                out.append(tok)
        out.extend(Token(f"{style}_close", style, -1) for style in reversed(stack))
        # A shortcode at the start or end of a line keeps its line: they are structure.
        for i, tok in enumerate(out):
            if tok.type == "softbreak" and (
                    (i > 0 and out[i - 1].type == "shortcode")
                    or (i + 1 < len(out) and out[i + 1].type == "shortcode")):
                out[i] = Token("hardbreak", "br", 0)
        return out

    def _text_tokens(self, content: str) -> Iterator[Token]:
        content = clean_line(content) if "\n" not in content else clean(content)
        if not self._held:
            yield _text(content)
            return
        pos = 0
        for m in _HOLD.finditer(content):
            if m.start() > pos:
                yield _text(content[pos:m.start()])
            yield _styled("shortcode", clean_line(self._held[int(m.group(1))]))
            pos = m.end()
        if pos < len(content):
            yield _text(content[pos:])

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        with console.use_theme(THEME):
            yield from super().__rich_console__(console, options)
