"""The corpus index: a persistent cache of every article's front-matter summary, and full-text
search (SQLite FTS5), in the user cache folder.

A file's row is valid while its size, mtime, ctime and inode are unchanged (ctime cannot be set
back by tools that restore old mtimes, so clock skew and `git checkout` are caught). A warm start
stats every file and reads the cache; changed and new files are parsed, spread over the cores.
The full-text table is filled lazily (on the first search, or in the background in the app).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import stat
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from datetime import date, datetime
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from tui import __version__
from tui.core.model import Article, StatusSource
from tui.core.read.corpus import Stamp, load_article, read_bytes, relative_posix, walk
from tui.core.read.document import DocumentError, split
from tui.core.site.config import Config
from tui.core.store.paths import cache_dir

SCHEMA_VERSION = 7
# Below this many files to parse, one process is faster than starting more.
PARALLEL_THRESHOLD = 400
BATCH = 500
SNIPPET_OPEN = "\ue000"
SNIPPET_CLOSE = "\ue001"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL, inode INTEGER NOT NULL, data TEXT NOT NULL, status TEXT
);
CREATE TABLE IF NOT EXISTS fts_state (
    path TEXT PRIMARY KEY, stamp TEXT NOT NULL, docid INTEGER NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    path UNINDEXED, title, meta, body, tokenize = 'unicode61 remove_diacritics 2'
);
"""


@dataclass(frozen=True)
class SearchHit:
    path: str
    title: str
    snippet: str  # matches wrapped in SNIPPET_OPEN / SNIPPET_CLOSE
    score: float


_FIELDS = ("title", "has_title", "status", "category_key", "date_text", "words", "error",
           "error_line", "format", "body_first_line", "size", "mtime_ns")


def _encode(article: Article) -> str:
    """A compact JSON list: the fields of _FIELDS, then the rest in a fixed order."""
    raw = article.status_raw
    when = article.date
    return json.dumps([
        *(getattr(article, name) for name in _FIELDS),
        article.categories, article.tags, article.warnings,
        article.status_source.kind, article.status_source.key,
        when.isoformat() if when is not None else None, isinstance(when, datetime),
        raw if isinstance(raw, str | bool | int | float | type(None)) else repr(raw),
    ], ensure_ascii=False, default=str)


_NEW = object.__new__
_EMPTY: dict[str, Any] = {}


def _decode(relpath: str, abspath: str, text: str) -> Article:
    """Rebuild an Article from its cached form (the fast path of a warm start)."""
    values = json.loads(text)
    n = len(_FIELDS)
    cats, tags, warns, kind, key, when, is_dt, raw = values[n:]
    article = _NEW(Article)
    fields = dict(zip(_FIELDS, values[:n], strict=True))
    fields.update(
        path=relpath, abspath=abspath, categories=tuple(cats), tags=tuple(tags),
        warnings=tuple(warns) if warns else (), status_source=_source(kind, key),
        date=(datetime.fromisoformat(when) if is_dt else date.fromisoformat(when))
        if when else None,
        status_raw=raw, metadata=_EMPTY, body="",
    )
    for name, value in fields.items():  # a frozen dataclass: set once, here
        _SET(article, name, value)
    return article


_SET = object.__setattr__
_SOURCES: dict[tuple[str, str], StatusSource] = {}


def _source(kind: str, key: str) -> StatusSource:
    """One StatusSource object per (kind, key), shared by every article that uses it."""
    found = _SOURCES.get((kind, key))
    if found is None:
        found = _SOURCES[(kind, key)] = StatusSource(kind, key)
    return found


def _parse_many(job: tuple[str, list[str], Config]) -> list[tuple[str, str]]:
    """In a worker process: (relpath, encoded summary) for each path."""
    root_text, paths, config = job
    root = Path(root_text)
    out = []
    for p in paths:
        article = load_article(Path(p), root, config, keep_body=False)
        out.append((article.path, _encode(article)))
    return out


def _config_key(config: Config) -> str:
    return json.dumps(asdict(config), sort_keys=True)


class Index:
    seen: set[str]

    def __init__(self, root: Path, config: Config | None = None, db_path: Path | None = None,
                 workers: int | None = None) -> None:
        self.root = root
        self.base = root if root.is_dir() else root.parent
        self.config = config or Config()
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        if db_path is None:
            digest = hashlib.sha1(str(root.resolve()).encode()).hexdigest()[:16]
            db_path = cache_dir() / f"index-{digest}.sqlite3"
        self.db_path = db_path
        # One connection shared by the app's threads: every use holds this lock.
        self.lock = threading.RLock()
        self.db = sqlite3.connect(db_path, timeout=10, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)
        self._check_meta()

    def close(self) -> None:
        self.db.close()

    def _check_meta(self) -> None:
        wanted = {"schema": str(SCHEMA_VERSION), "version": __version__,
                  "config": _config_key(self.config)}
        rows = dict(self.db.execute("SELECT key, value FROM meta").fetchall())
        if rows != wanted:
            with self.db:
                self.db.execute("DELETE FROM files")
                self.db.execute("DELETE FROM fts")
                self.db.execute("DELETE FROM fts_state")
                self.db.execute("DELETE FROM meta")
                self.db.executemany("INSERT INTO meta VALUES (?, ?)", wanted.items())

    # -- the list -------------------------------------------------------------------------------
    def cached(self, status: str | None = None, other_than: str | None = None) -> list[Article]:
        """Articles as the cache last saw them, without looking at the files (a start that
        shows at once; `scan` then brings it up to date). Filter by status, or all but one."""
        sql = "SELECT path, data FROM files"
        args: tuple[str, ...] = ()
        if status is not None:
            sql += " WHERE status IS ?"
            args = (None if status == "none" else status,)  # type: ignore[assignment]
        elif other_than is not None:
            sql += " WHERE status IS NOT ?"
            args = (None if other_than == "none" else other_than,)  # type: ignore[assignment]
        with self.lock:
            rows = self.db.execute(sql, args).fetchall()
        base = os.path.join(str(self.base), "")
        return [_decode(rel, base + rel if self.root.is_dir() else str(self.root), data)
                for rel, data in rows]

    def scan(self, on_progress: Callable[[int, int], None] | None = None,
             yield_cached: bool = True) -> Iterator[list[Article]]:
        """Bring the cache up to date with the folder, yielding articles in batches: the cached
        ones first (fast; skipped with yield_cached=False), then the ones parsed now.
        Afterwards `self.seen` holds every path found."""
        columns = "path, size, mtime_ns, ctime_ns, inode" + (", data" if yield_cached else "")
        with self.lock:
            cached = {row[0]: row[1:] for row in self.db.execute(
                f"SELECT {columns} FROM files")}
        seen: set[str] = set()
        self.seen = seen
        stale: list[tuple[str, str, Stamp]] = []
        batch: list[Article] = []
        for rel, path, st in walk(self.root):
            seen.add(rel)
            row = cached.get(rel)
            if row is not None and tuple(row[:4]) == (st.size, st.mtime_ns, st.ctime_ns,
                                                      st.inode):
                if yield_cached:
                    batch.append(_decode(rel, path, row[4]))
                if len(batch) >= BATCH * 4:
                    yield batch
                    batch = []
            else:
                stale.append((rel, path, st))
        if batch:
            yield batch
        gone = [p for p in cached if p not in seen]
        if gone:
            self.remove(gone)
        total = len(stale)
        done = 0
        for parsed in self._parse(stale):
            done += len(parsed)
            if on_progress:
                on_progress(done, total)
            yield parsed

    def _parse(self, stale: list[tuple[str, str, Stamp]]) -> Iterator[list[Article]]:
        if not stale:
            return
        stamps = {rel: st for rel, _, st in stale}
        paths = {rel: path for rel, path, _ in stale}
        jobs = [(str(self.root), [p for _, p, _ in stale[i:i + BATCH]], self.config)
                for i in range(0, len(stale), BATCH)]
        done = 0
        if len(stale) >= PARALLEL_THRESHOLD and self.workers >= 2:
            try:
                context = get_context("forkserver" if "forkserver" in _methods() else "spawn")
                with ProcessPoolExecutor(max_workers=self.workers, mp_context=context) as pool:
                    for encoded in pool.map(_parse_many, jobs):
                        done += 1
                        yield self._store(encoded, stamps, paths)
            except (BrokenProcessPool, OSError, RuntimeError):
                pass  # no worker processes here (a sandbox, an odd __main__): go on below
        # Few files (one process is faster than starting more), or the rest after a failure.
        for job in jobs[done:]:
            yield self._store(_parse_many(job), stamps, paths)

    def _store(self, encoded: list[tuple[str, str]], stamps: dict[str, Stamp],
               paths: dict[str, str]) -> list[Article]:
        rows = []
        articles = []
        for rel, data in encoded:
            st = stamps[rel]
            article = _decode(rel, paths[rel], data)
            rows.append((rel, st.size, st.mtime_ns, st.ctime_ns, st.inode, data, article.status))
            articles.append(article)
        with self.lock, self.db:
            self.db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?)",
                                rows)
        return articles

    def load_all(self) -> list[Article]:
        return [a for batch in self.scan() for a in batch]

    def update(self, paths: Iterable[Path]) -> list[Article]:
        """Re-read the given files now (after an edit or a change seen on disk)."""
        fresh: list[tuple[str, str, Stamp]] = []
        gone: list[str] = []
        for path in paths:
            rel = relative_posix(path, self.root)
            try:
                st = os.stat(path)
            except OSError:
                gone.append(rel)
                continue
            if stat.S_ISREG(st.st_mode):
                fresh.append((rel, str(path), Stamp.of(st)))
            else:
                gone.append(rel)
        if gone:
            self.remove(gone)
        return [a for batch in self._parse(fresh) for a in batch]

    def remove(self, relpaths: Iterable[str]) -> None:
        rows = [(p,) for p in relpaths]
        with self.lock, self.db:
            self.db.executemany("DELETE FROM files WHERE path = ?", rows)
            self._drop_text(rows)

    def _drop_text(self, rows: list[tuple[str]]) -> None:
        """Remove indexed text by its document id (a lookup on `path` would scan the table)."""
        docids = []
        for (path,) in rows:
            found = self.db.execute("SELECT docid FROM fts_state WHERE path = ?",
                                    (path,)).fetchone()
            if found:
                docids.append((found[0],))
        self.db.executemany("DELETE FROM fts WHERE rowid = ?", docids)
        self.db.executemany("DELETE FROM fts_state WHERE path = ?", rows)

    # -- full text ------------------------------------------------------------------------------
    def refresh_fts(self, on_progress: Callable[[int, int], None] | None = None,
                    should_stop: Callable[[], bool] | None = None) -> int:
        """Index the text of every file whose text is not indexed at its current stamp."""
        with self.lock:
            files = {row[0]: f"{row[1]}:{row[2]}:{row[3]}:{row[4]}" for row in self.db.execute(
                "SELECT path, size, mtime_ns, ctime_ns, inode FROM files")}
            state = dict(self.db.execute("SELECT path, stamp FROM fts_state").fetchall())
        todo = [p for p, s in files.items() if state.get(p) != s]
        gone = [p for p in state if p not in files]
        if gone:
            self.remove(gone)
        total = len(todo)
        for i in range(0, total, 200):
            if should_stop and should_stop():
                return i
            part = todo[i:i + 200]
            rows = []
            for rel in part:
                title, meta, body = self._text_of(rel)
                rows.append((rel, title, meta, body))
            with self.lock, self.db:
                self._drop_text([(r,) for r in part])
                for rel, row in zip(part, rows, strict=True):
                    cur = self.db.execute(
                        "INSERT INTO fts (path, title, meta, body) VALUES (?,?,?,?)", row)
                    self.db.execute("INSERT INTO fts_state VALUES (?, ?, ?)",
                                    (rel, files[rel], cur.lastrowid))
            if on_progress:
                on_progress(min(total, i + 200), total)
        return total

    def _text_of(self, rel: str) -> tuple[str, str, str]:
        path = self.base / rel if self.root.is_dir() else self.root
        try:
            data, _ = read_bytes(path)
            doc = split(data)
        except (OSError, DocumentError):
            return "", "", ""
        title = ""
        with self.lock:
            row = self.db.execute("SELECT data FROM files WHERE path = ?", (rel,)).fetchone()
        meta = ""
        if row:
            info = _decode(rel, str(path), row[0])
            title = info.title
            meta = " ".join([info.status or "", *info.categories, *info.tags,
                             info.date_text or ""])
        return title, meta + " " + doc.fm_text, doc.body

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        expr = fts_query(query)
        if not expr:
            return []
        with self.lock:
            rows = self.db.execute(
                "SELECT path, title, snippet(fts, 3, ?, ?, '…', 14), "
                "bm25(fts, 0.0, 10.0, 4.0, 1.0) AS score FROM fts WHERE fts MATCH ? "
                "ORDER BY score LIMIT ?", (SNIPPET_OPEN, SNIPPET_CLOSE, expr, limit)).fetchall()
        hits = []
        for path, title, snippet, score in rows:
            if not snippet.strip() or SNIPPET_OPEN not in snippet:
                snippet = self._meta_snippet(path, query)
            snippet = _plain_snippet(snippet)
            hits.append(SearchHit(path, title, snippet, float(score)))
        return hits

    def _meta_snippet(self, path: str, query: str) -> str:
        with self.lock:
            row = self.db.execute(
                "SELECT title FROM fts WHERE rowid = "
                "(SELECT docid FROM fts_state WHERE path = ?)", (path,)).fetchone()
        return str(row[0]) if row else ""


_MARKUP = re.compile(r"(?:^|(?<=\s))(?:#{1,6}|>|[-*+]|\d+\.)(?=\s)|\*\*|__|`")


def _plain_snippet(snippet: str) -> str:
    """A snippet without Markdown's structural marks (heading hashes, list bullets, emphasis)."""
    return re.sub(r"\s+", " ", _MARKUP.sub("", snippet)).strip()


def fts_query(text: str) -> str:
    """A safe FTS5 expression: every word must match; the last one as a prefix."""
    words = re.findall(r"\w+", text, flags=re.UNICODE)
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " AND ".join(quoted)


def _methods() -> list[str]:
    import multiprocessing

    return multiprocessing.get_all_start_methods()


