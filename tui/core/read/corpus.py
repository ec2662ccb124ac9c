"""Loading article files into Articles (front matter read by the site's conventions, words
counted), errors kept per file."""

from __future__ import annotations

import os
import re
from pathlib import Path

from tui.core.model import Article, StatusSource
from tui.core.read.document import Document, DocumentError, split, split_listed
from tui.core.read.files import ReadError, Stamp, find_articles, read_bytes, relative_posix
from tui.core.read.frontmatter_parse import FrontMatterError, locate, parse
from tui.core.site import conventions
from tui.core.site.config import Config

# What str.split() splits on: below 128 the ASCII whitespace (with the separators \x1c-\x1f);
# beyond it U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F and U+3000
# (a test checks both against str.isspace over all of Unicode). Their UTF-8 forms, by lead byte:
_UNICODE_SPACES = (
    (b"\xc2", re.compile(rb"\xc2[\x85\xa0]")),
    (b"\xe1", re.compile(rb"\xe1\x9a\x80")),
    (b"\xe2", re.compile(rb"\xe2(?:\x80[\x80-\x8a\xa8\xa9\xaf]|\x81\x9f)")),
    (b"\xe3", re.compile(rb"\xe3\x80\x80")),
)
# Every byte to b" " (a space) or b"x" (part of a word); UTF-8 bytes of other characters are "x".
_WORD_SHAPE = bytes(0x20 if chr(b).isspace() else 0x78 for b in range(128)) + b"x" * 128
_COUNT_STEP = 1 << 20


def _shape(text: str) -> bytes | None:
    """The text as b" "/b"x" bytes; None where splitting is quicker (punctuation-dense text)."""
    if text.isascii():
        return text.encode("ascii").translate(_WORD_SHAPE)
    data = text.encode("utf-8", "surrogatepass")
    if data.count(b"\xe2") > len(data) >> 6:
        return None  # typographic quotes and dashes all through: the patterns would crawl
    for lead, spaces in _UNICODE_SPACES:
        if lead in data and spaces.search(data):  # a memchr first: rarely more
            data = spaces.sub(b" ", data)
    return data.translate(_WORD_SHAPE)


def count_words(body: str) -> int:
    """Words as `wc -w` (and `len(body.split())`) count them: runs of non-space characters.

    Counted without building a list of words: the text becomes bytes of b" " and b"x" and every
    word is a b"x" after a b" " (or at the start); huge bodies go in slices of a million
    characters, so counting never holds more than that twice."""
    total = 0
    after_space = True
    for start in range(0, len(body), _COUNT_STEP):
        piece = body[start:start + _COUNT_STEP]
        shape = _shape(piece)
        if shape is None:
            total += len(piece.split()) - (not after_space and not piece[0].isspace())
            after_space = piece[-1].isspace()
            continue
        total += shape.count(b" x") + (after_space and shape[:1] == b"x")
        after_space = shape[-1:] == b" "
    return total


def _error_article(relpath: str, path: Path | str, message: str, line: int | None,
                   st: Stamp | None, body: str = "", first_line: int = 1) -> Article:
    title = Path(relpath).stem
    return Article(
        path=relpath, abspath=str(path), title=title, has_title=False, status=None,
        status_raw=None, status_source=StatusSource("none"), categories=(), category_key=None,
        tags=(), date=None, date_text=None, words=count_words(body) if body else 0,
        error=message, error_line=line, body=body, body_first_line=first_line,
        size=st.size if st else 0, mtime_ns=st.mtime_ns if st else 0,
    )


def first_heading(body: str) -> str | None:
    for line in body.splitlines()[:200]:
        m = re.match(r"^ {0,3}#\s+(.+?)\s*#*\s*$", line)
        if m:
            return m.group(1)
    return None


def article_from_document(doc: Document, relpath: str, path: Path | str, config: Config,
                          st: Stamp | None, where: str | None = None) -> Article:
    """The Article of a split file; `where` is its absolute path with "/" separators when the
    caller knows it (made from `path` otherwise)."""
    if doc.split_error:
        return _error_article(relpath, path, doc.split_error, doc.split_error_line, st, doc.body)
    meta: dict[str, object] = {}
    warnings: list[str] = []
    if doc.format is not None:
        try:
            parsed = parse(doc.fm_text, doc.format)
        except FrontMatterError as exc:
            message, line = exc.located(doc.fm_first_line)
            # Nothing of the file is hidden: the body shown is the whole text.
            return _error_article(relpath, path, message, line, st, doc.text)
        meta = parsed.data
        warnings.extend(locate(w, doc.fm_first_line) for w in parsed.warnings)
    raw_title, _, w = conventions.read_title(meta, config)
    warnings.extend(w)
    has_title = isinstance(raw_title, str) and bool(raw_title.strip())
    if has_title:
        title = str(raw_title).strip()
    elif raw_title is not None and not isinstance(raw_title, dict | list):
        title = str(raw_title)
        has_title = bool(title.strip())
        warnings.append(f"the title is {type(raw_title).__name__}, not text")
    else:
        title = first_heading(doc.body) or Path(relpath).stem
    # Folder conventions (_drafts/, _posts/, the site's content folder) are read from the whole
    # path, so a file opened on its own (`show`, one FILE given) is seen in its folder.
    if where is None:
        where = os.path.abspath(path)
        if os.sep != "/":
            where = where.replace(os.sep, "/")
    status, status_raw, source, w = conventions.read_status(meta, where, config)
    warnings.extend(w)
    categories, category_key, w = conventions.read_categories(meta, config)
    warnings.extend(w)
    tags, w = conventions.read_tags(meta, config)
    warnings.extend(w)
    when, date_text, date_source = conventions.read_date(meta, config, where)
    return Article(
        path=relpath, abspath=str(path), title=title, has_title=has_title, status=status,
        status_raw=status_raw, status_source=source, categories=categories,
        category_key=category_key, tags=tags, date=when, date_text=date_text,
        words=count_words(doc.body), warnings=tuple(warnings), format=doc.format, metadata=meta,
        body=doc.body, body_first_line=doc.body_first_line,
        size=st.size if st else len(doc.text), mtime_ns=st.mtime_ns if st else 0,
        date_source=date_source if when is not None else None,
    )


def load_article(path: Path | str, root: Path, config: Config | None = None,
                 keep_body: bool = True, relpath: str | None = None,
                 where: str | None = None) -> Article:
    """Load one file; never raises for a bad file: the error is on the Article.

    With keep_body=False the body is counted and dropped (for listing large folders); `relpath`
    is the path relative to `root` and `where` its absolute path with "/" separators, when the
    caller knows them already."""
    if relpath is None:
        relpath = relative_posix(Path(path), root)
    return read_article(path, relpath, config or Config(), keep_body, where)[0]


def read_article(path: Path | str, relpath: str, config: Config, keep_body: bool = True,
                 where: str | None = None) -> tuple[Article, Stamp | None]:
    """`load_article`, with the stamp of the bytes read (None when the file could not be read)."""
    try:
        data, st = read_bytes(path)
    except ReadError as exc:
        return _error_article(relpath, path, str(exc), None, None), None
    if not keep_body:
        listed = split_listed(data)
        if listed is not None:
            article = article_from_document(listed, relpath, path, config, st, where)
            if article.error is None:  # an error shows the whole text: made below
                object.__setattr__(article, "body", "")  # made here, held by nothing else
                return article, st
    try:
        doc = split(data)
    except DocumentError as exc:
        return _error_article(relpath, path, exc.message, exc.line, st), st
    article = article_from_document(doc, relpath, path, config, st, where)
    if not keep_body:  # the article was made here and nothing else holds it yet
        object.__setattr__(article, "body", "")
    return article, st


def load_corpus(root: Path, config: Config | None = None) -> list[Article]:
    config = config or Config()
    return [load_article(p, root, config)
            for p in find_articles(root, config.site.not_content())]
