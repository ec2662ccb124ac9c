"""Full-text search's words: a search box's text as an FTS5 query, the text indexed for a file's
front matter, and the snippets shown with the hits (made from the files, marked where the
query matches). The index (tui.core.store.index) runs the queries."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

SNIPPET_OPEN = "\ue000"
SNIPPET_CLOSE = "\ue001"
SNIPPET_TOKENS = 14

# The tokenizer's words: runs of letters and digits ("_", "-", "'" and "+" separate them).
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Query:
    """What a search box holds: its terms (what is typed between spaces), each the run of
    words the tokenizer makes of it ("e-commerce" is e then commerce), and whether the last
    word is still being typed (a prefix: the term ends with a letter or a digit; "C++" and
    "done." are whole)."""

    terms: tuple[tuple[str, ...], ...]
    prefix: bool

    @property
    def words(self) -> list[str]:
        return [w for term in self.terms for w in term]

    def expression(self) -> str:
        """A safe FTS5 expression: every term must match, each as a phrase of its words (so
        "e-commerce" finds those two words together), the last word as a prefix while it is
        being typed. Quotes and operators typed are words like any other. "" for no word."""
        if not self.terms:
            return ""
        phrases = ['"' + " ".join(term) + '"' for term in self.terms]
        if self.prefix:
            phrases[-1] += "*"
        return " AND ".join(phrases)


def parse_query(text: str) -> Query:
    terms = []
    last = ""
    for term in text.split():
        words = tuple(_WORD.findall(term))
        if words:
            terms.append(words)
            last = term
    # A prefix while the last word is being typed; a letter after an apostrophe or a dash
    # ("don't", "it's") ends a word already.
    typing = bool(last) and last[-1].isalnum() and (len(terms[-1]) == 1
                                                    or len(terms[-1][-1]) > 1)
    return Query(tuple(terms), typing)


def query_words(text: str) -> list[str]:
    return parse_query(text).words


# A key at the start of a front-matter line (YAML `key:`, `- key:`, TOML `key =`, JSON
# `"key":`) and TOML table headers: names, not what the article says.
_FM_KEY = re.compile(r"""^[ \t]*(?:-[ \t]+)?["']?[\w.$@-]+["']?[ \t]*(?::(?=\s|$)|=)"""
                     r"""|^[ \t]*\[{1,2}[^\]\n]*\]{1,2}[ \t]*$""", re.MULTILINE)


def front_matter_values(fm_text: str) -> str:
    """The front matter's text without its keys, so a search for "menu" or "title" finds the
    articles that say it, not every article with such a field."""
    return _FM_KEY.sub(" ", fm_text)


def front_matter_snippet_text(fm_text: str) -> str:
    """The front matter's values as a snippet shows them (no quotes or brackets)."""
    return _FM_MARKS.sub(" ", front_matter_values(fm_text))


# Markdown and HTML that a snippet shows as the text they mark: images by their alt text,
# links by their text, tags and line marks (headings, quotes, bullets, numbers) dropped.
_IMAGE = re.compile(r"!\[([^\]]{0,300})\]\([^)\s]{0,500}(?:\s+\"[^\"]*\")?\)")
_LINK = re.compile(r"\[([^\]]{0,300})\]\([^)\s]{0,500}(?:\s+\"[^\"]*\")?\)")
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,500}>|<!--.*?-->", re.DOTALL)
# A tag cut where the piece of text starts or ends.
_CUT_TAG = re.compile(r"""^[^<>\n]{0,200}?=\s*["'][^"'<>]*["'][^<>\n]{0,100}>"""
                      r"|<[A-Za-z/][^<>]{0,300}$")
_LINE_MARK = re.compile(r"^[ \t]*(?:#{1,6}|>|[-*+]|\d{1,9}[.)])[ \t]+", re.MULTILINE)
_EMPHASIS = re.compile(r"\*\*|__|~~|`|(?<![^\W_])[*_](?=[^\W_])|(?<=[^\W_])[*_](?![^\W_])")
# Template tags (Liquid, Jinja, Twig, Hugo shortcodes).
_TEMPLATE = re.compile(r"\{\{.{0,300}?\}\}|\{%.{0,300}?%\}", re.DOTALL)
# Square-bracket shortcodes (WordPress, Grav): `[gallery]`, `[ui-tab title="A"]`, `[/ui-tab]`;
# not a link's `[text](…)` or `[text][ref]`, nor `[two words]`.
_SHORTCODE = re.compile(r"""\[/[a-z][\w-]*\]"""
                        r"""|\[[a-z][\w-]*(?:\s+[\w-]+=(?:"[^"\n]*"|'[^'\n]*'|[^\s\]]+))*\s*/?\]"""
                        r"""(?![\[(])""")
# A front matter's quotes and brackets.
_FM_MARKS = re.compile(r"[\"\[\]{}]|(?<!\w)'|'(?!\w)")
_SPACES = re.compile(r"\s+")


def plain_text(text: str) -> str:
    """Markdown as a reader sees the words (for snippets)."""
    text = _TEMPLATE.sub(" ", text)
    text = _SHORTCODE.sub(" ", text)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub(" ", text)
    text = _CUT_TAG.sub(" ", text)
    text = _LINE_MARK.sub("", text)
    return _EMPHASIS.sub("", text)


def _fold(word: str) -> str:
    """A word as the tokenizer compares it: case folded, diacritics removed."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _matcher(words: list[str], prefix: bool) -> Callable[[str], bool]:
    """Whether a token is one of the query's words (every word whole, the last one as a
    prefix when `prefix`), compared as the tokenizer compares them."""
    folded = [_fold(w) for w in words]
    whole = set(folded[:-1] if prefix else folded)
    start_of = folded[-1] if prefix else ""

    def matches(token: str) -> bool:
        word = _fold(token)
        return word in whole or bool(start_of) and word.startswith(start_of)

    return matches


def make_snippet(text: str, words: list[str], size: int = SNIPPET_TOKENS,
                 prefix: bool = True) -> str:
    """About `size` words of `text` (Markdown) around the place the query's words meet
    (every word whole, the last one as a prefix when `prefix`), read as plain text, matches
    between SNIPPET_OPEN and SNIPPET_CLOSE, '…' where the text goes on. "" when nothing
    matches."""
    if not words or not text:
        return ""
    matches = _matcher(words, prefix)
    head = text[:200_000]
    # Where to look: each word's first places, found at C speed (str.find); only a text or a
    # query with letters that fold (é to e) and no such place is read token by token.
    found = _places(head, words, prefix)
    if found:
        at = _best_place(found)
        snippet = _window(plain_text(text[max(0, at - 400):at + 1200]), matches, size,
                          cut_before=at > 400)
        if snippet:
            return _SPACES.sub(" ", snippet).strip()
    elif unicodedata.is_normalized("NFD", head) and all(w.isascii() for w in words):
        return ""  # no letter carries a diacritic: nothing the search missed
    snippet = _window(plain_text(head), matches, size, cut_before=False)
    return _SPACES.sub(" ", snippet).strip()


def _places(text: str, words: list[str], prefix: bool, each: int = 100) -> list[tuple[int, int]]:
    """(offset, which word) of up to `each` places of every word, whole (the last one as a
    prefix when `prefix`), case ignored; sorted. Empty when lower case changes the text's
    length (offsets would not line up: the caller reads token by token)."""
    low = text.lower()
    if len(low) != len(text):
        return []
    found = []
    last = len(words) - 1
    for n, word in enumerate(w.lower() for w in words):
        start = count = 0
        while count < each:
            i = low.find(word, start)
            if i < 0:
                break
            start = i + 1
            end = i + len(word)
            if i > 0 and low[i - 1].isalnum():
                continue  # inside a word
            if not (prefix and n == last) and end < len(low) and low[end].isalnum():
                continue  # the start of a longer word
            found.append((i, n))
            count += 1
    found.sort()
    return found


def _best_place(found: list[tuple[int, int]]) -> int:
    """The place after which the most different query words follow closely (the first such)."""
    best, best_count = found[0][0], 0
    for k, (at, _) in enumerate(found):
        near = {n for pos, n in found[k:k + 40] if pos < at + 120}
        if len(near) > best_count:
            best, best_count = at, len(near)
    return best


def _window(text: str, matches: Callable[[str], bool], size: int, cut_before: bool) -> str:
    tokens: list[re.Match[str]] = []
    first = -1
    for m in _WORD.finditer(text):
        if cut_before and not tokens and m.start() == 0:
            continue  # maybe the tail of a word cut where the piece starts
        tokens.append(m)
        if first < 0 and matches(m.group()):
            first = len(tokens) - 1
        if first >= 0 and len(tokens) >= first + size:
            break
    if first < 0:
        return ""
    start = max(0, min(first - 3, len(tokens) - size))
    chosen = tokens[start:start + size]
    pos = _edge(text, chosen[0].start(), -1)  # an opening quote or bracket stays
    out = ["…"] if start > 0 or cut_before else []
    for m in chosen:
        out.append(text[pos:m.start()])
        out.append(SNIPPET_OPEN + m.group() + SNIPPET_CLOSE if matches(m.group()) else m.group())
        pos = m.end()
    out.append(text[pos:_edge(text, pos, 1)])  # and a closing one, or the full stop
    if _WORD.search(text, pos) is not None:
        out.append("…")
    return "".join(out)


def _edge(text: str, at: int, step: int) -> int:
    """`at` moved over up to 3 characters that are neither space nor part of a word."""
    moved = 0
    while moved < 3:
        i = at - 1 if step < 0 else at
        if not 0 <= i < len(text) or text[i].isspace() or _WORD.match(text[i]):
            break
        at += step
        moved += 1
    return at


def mark_words(text: str, words: list[str], prefix: bool = True) -> str:
    """`text` with the words the query matches between SNIPPET_OPEN and SNIPPET_CLOSE."""
    if not words:
        return text
    matches = _matcher(words, prefix)

    def mark(m: re.Match[str]) -> str:
        return SNIPPET_OPEN + m.group() + SNIPPET_CLOSE if matches(m.group()) else m.group()

    return _WORD.sub(mark, text)


_MARKED = re.compile(f"{SNIPPET_OPEN}([^{SNIPPET_CLOSE}]*){SNIPPET_CLOSE}")


def marked_count(snippet: str) -> int:
    """How many different words a marked text shows matched."""
    return len({_fold(m) for m in _MARKED.findall(snippet)})
