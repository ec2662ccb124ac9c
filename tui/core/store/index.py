"""The corpus index: a persistent cache of every article's front-matter summary, and full-text
search (SQLite FTS5), in the user cache folder.

A file's row is valid while its size, mtime, ctime and inode are unchanged (ctime cannot be set
back by tools that restore old mtimes, so clock skew and `git checkout` are caught). A warm start
stats every file and reads the cache; changed and new files are parsed, spread over the cores.
The full-text table is filled lazily (on the first search, or in the background in the app).
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import sqlite3
import stat
import sys
import threading
import time
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tui import __version__
from tui.core.errors import StorageError, describe_os_error, warn
from tui.core.json_rows import compact_json, escape_unsafe, safe_row_text
from tui.core.model import Article, StatusSource
from tui.core.read.document import DocumentError, split
from tui.core.read.files import Stamp, read_bytes, relative_posix, walk
from tui.core.search.fulltext import (
    Query,
    front_matter_snippet_text,
    front_matter_values,
    make_snippet,
    mark_words,
    marked_count,
    parse_query,
)
from tui.core.site.config import Config
from tui.core.store.paths import CACHE_VAR, cache_path, ensure_folder, way_out

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

T = TypeVar("T")
R = TypeVar("R")

SCHEMA_VERSION = 16
# Below this many files to parse, one process is faster than starting more.
PARALLEL_THRESHOLD = 400
BATCH = 500

# The indexes that serve the list (made after the rows when an empty cache is filled).
_LIST_INDEXES = ("files_until", "files_status_date", "files_date")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL, inode INTEGER NOT NULL, data TEXT NOT NULL, status TEXT,
    -- the row of `list --json` as printed, controls escaped (tui.core.json_rows), NULL when
    -- not flat
    summary TEXT,
    -- what the app's list sorts by date on ('' for none): its first page comes from SQL
    sort_date TEXT NOT NULL DEFAULT '',
    -- when the status read stops being true with no change to the file (a Hugo publishDate
    -- or expiryDate to come), in seconds since the epoch: the row is stale from then on
    status_until REAL,
    -- when the row was stored (ns): a file read again has its text indexed again, even when
    -- its stamp did not change (a change within the second where times keep whole seconds)
    stored_ns INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS files_until ON files (status_until) WHERE status_until IS NOT NULL;
CREATE INDEX IF NOT EXISTS files_status_date ON files (status, sort_date);
CREATE INDEX IF NOT EXISTS files_date ON files (sort_date);
-- Every row's path and stamp in one row (the paths joined by NUL, the stamps as 64-bit integers),
-- so that a warm start reads them at once rather than row by row. Deleted in the transaction of
-- any change to `files`, and made again by the next refresh that finds it missing.
CREATE TABLE IF NOT EXISTS files_stamps (
    id INTEGER PRIMARY KEY CHECK (id = 0), paths TEXT NOT NULL, stamps BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS fts_state (
    path TEXT PRIMARY KEY, stamp TEXT NOT NULL, docid INTEGER NOT NULL, title TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS fts_state_docid ON fts_state (docid);
CREATE TABLE IF NOT EXISTS fts_garbage (id INTEGER PRIMARY KEY CHECK (id = 0), rows INTEGER);
-- Contentless: the words are indexed, the text is not kept (it is in the files). Rows cannot be
-- deleted (SQLite < 3.43); a row whose file changed or went is dropped from fts_state, which
-- every search joins, and the table is rebuilt when such rows pile up.
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    title, meta, body, content = '', tokenize = 'unicode61 remove_diacritics 2'
);
"""


class SearchCancelled(Exception):
    """A search stopped by `Index.cancel_search` (a newer one replaces it)."""


@dataclass(frozen=True)
class SearchHit:
    path: str
    title: str
    snippet: str  # matches wrapped in SNIPPET_OPEN / SNIPPET_CLOSE
    score: float


_FIELDS = ("title", "has_title", "status", "category_key", "date_text", "words", "error",
           "error_line", "format", "body_first_line", "size", "mtime_ns", "date_source")


def _encode(article: Article) -> str:
    """A compact JSON list: the fields of _FIELDS, then the rest in a fixed order."""
    a = article
    raw = a.status_raw
    when = a.date
    return compact_json([  # _FIELDS, in its order
        a.title, a.has_title, a.status, a.category_key, a.date_text, a.words, a.error,
        a.error_line, a.format, a.body_first_line, a.size, a.mtime_ns, a.date_source,
        a.categories, a.tags, a.warnings, a.status_source.kind, a.status_source.key,
        when.isoformat() if when is not None else None, isinstance(when, datetime),
        raw if isinstance(raw, str | bool | int | float | type(None)) else repr(raw),
    ])


_NEW = object.__new__
# What decoding a cached row raises when the row is damaged (cut short, foreign, edited).
_ROW_DAMAGE = (ValueError, TypeError, IndexError, AttributeError)
_SHARED_FIELDS = ("status", "category_key", "format", "date_source")


def _intern(value: Any) -> Any:
    return sys.intern(value) if value.__class__ is str else value


_EMPTY: dict[str, Any] = {}


def _decode(relpath: str, abspath: str, text: str) -> Article:
    """Rebuild an Article from its cached form (the fast path of a warm start)."""
    values = json.loads(text)
    n = len(_FIELDS)
    cats, tags, warns, kind, key, when, is_dt, raw = values[n:]
    article = _NEW(Article)
    fields = dict(zip(_FIELDS, values[:n], strict=True))
    # Words that recur across a folder (statuses, formats, category and tag names) are kept
    # once, not once per article: 50,000 articles hold a few hundred such strings.
    for name in _SHARED_FIELDS:
        fields[name] = _intern(fields[name])
    fields.update(
        path=relpath, abspath=abspath, categories=tuple(map(_intern, cats)),
        tags=tuple(map(_intern, tags)),
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


# relpath, encoded article, status, `list --json` row, date the list sorts by, status good until,
# the stamp of the bytes read (None when they could not be read)
Parsed = tuple[str, str, str | None, str | None, str, float | None, Stamp | None]


def _parse_many(job: tuple[str, list[tuple[str, str]], Config]) -> list[Parsed]:
    """In a worker process: a Parsed tuple for each (relpath, path)."""
    from tui.core.read.corpus import read_article  # the parsers: only where files are parsed
    from tui.core.site.conventions import status_turns_at

    root_text, paths, config = job
    start_ns = time.time_ns()  # before any file of the batch is read
    now = datetime.now(UTC)  # once a batch: what is "to come" moves little meanwhile
    # Each file's absolute path as the conventions read it, made from the folder's once.
    base = os.path.abspath(root_text if os.path.isdir(root_text) else os.path.dirname(root_text))
    if os.sep != "/":
        base = base.replace(os.sep, "/")
    base = base.rstrip("/") + "/"
    out = []
    for rel, p in paths:
        article, st = read_article(p, rel, config, keep_body=False, where=base + rel)
        turn = status_turns_at(article.metadata, config, now) if article.metadata else None
        until = turn.timestamp() if turn is not None else None
        if st is not None and _racy(st, start_ns):  # read again next time
            until = start_ns / 1e9 if until is None else min(until, start_ns / 1e9)
        out.append((article.path, _encode(article), article.status, safe_row_text(article.summary()),
                    article.sort_date, until, st))
    return out


# How close to a reading a file's change must be for a change right after it to leave the same
# stamp: a tick of the kernel's clock for timestamps (a few ms), or the whole second of a file
# system that keeps seconds only (ext4 with small inodes, FAT's two seconds, some network ones).
_FINE_WINDOW_NS = 50_000_000
_COARSE_WINDOW_NS = 2_000_000_000


def _racy(stamp: Stamp, start_ns: int) -> bool:
    """Whether the file changed so close to this reading that a change just after it could
    keep the same stamp (same size, same times): its row is then read again next time, as git
    does for its index. The change time is the kernel's own (a program cannot set it)."""
    window = _COARSE_WINDOW_NS if stamp.ctime_ns % 1_000_000_000 == 0 else _FINE_WINDOW_NS
    return stamp.ctime_ns >= start_ns - window


def _pack_stamps(items: Iterable[tuple[str, tuple[int, ...]]]) -> tuple[str, bytes]:
    """(the paths joined by NUL, which no path holds; the stamps' numbers as 64-bit integers)."""
    paths = []
    numbers = array("q")
    for path, stamp in items:
        paths.append(path)
        numbers.extend(stamp)
    return "\0".join(paths), numbers.tobytes()


def _unpack_stamps(paths: object, data: object) -> dict[str, tuple[int, int, int, int] | None] | None:
    """The stamps by path from `_pack_stamps`'s form; None when the row does not hold that form
    (damaged or foreign: the rows are read one by one instead). A row damaged into that form
    can only make files look changed: they are read again."""
    if not isinstance(paths, str) or not isinstance(data, bytes) or len(data) % 32:
        return None
    numbers = array("q")
    numbers.frombytes(data)
    names = paths.split("\0") if paths else []
    if len(numbers) != 4 * len(names):
        return None
    each = iter(numbers)
    return dict(zip(names, zip(each, each, each, each, strict=True), strict=True))


def _stored(rel: str) -> str:
    """A path as the cache keeps it: itself, or, for a file name that is not UTF-8 (Python
    holds its bytes as surrogates, which SQLite cannot take), "//" and its bytes in hex (no
    relative path starts with "/", so the two never meet)."""
    if rel.isascii():
        return rel
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return "//" + rel.encode("utf-8", "surrogatepass").hex()
    return rel


def _real(stored: str) -> str:
    """The path a cached path stands for (see `_stored`)."""
    if stored[:2] != "//":
        return stored
    try:
        return bytes.fromhex(stored[2:]).decode("utf-8", "surrogatepass")
    except ValueError:
        return stored


def _stamp_now(path: str) -> Stamp:
    try:
        return Stamp.of(os.stat(path)).storable()
    except OSError:
        return Stamp(0, 0, 0, 0)  # gone or unreadable: never equal to a file's own stamp


def _status_where(status: str | None, other_than: str | None,
                  statuses: Collection[str] | None) -> tuple[str, tuple[str | None, ...]]:
    """The WHERE clause of a status filter ("none": no status), with its arguments."""
    if status is not None:
        return " WHERE status IS ?", (None if status == "none" else status,)
    if other_than is not None:
        return " WHERE status IS NOT ?", (None if other_than == "none" else other_than,)
    if statuses is not None:
        named = sorted(s for s in statuses if s != "none")
        tests = [f"status IN ({', '.join('?' * len(named))})"] if named else []
        if "none" in statuses:
            tests.append("status IS NULL OR status = ''")
        return " WHERE " + (" OR ".join(tests) or "0"), tuple(named)
    return "", ()


def _worker_init(parent: int) -> None:
    """In a worker process: die with the parent. On Linux the kernel sends SIGKILL when the
    process that started this worker ends; elsewhere a thread watches the parent's id."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - no prctl: the thread below
            pass
    start_parent = os.getppid()

    def watch() -> None:
        import time

        while True:
            if os.getppid() != start_parent or not _pid_alive(parent):
                os._exit(1)
            time.sleep(0.5)

    threading.Thread(target=watch, daemon=True, name="draftdeck-parent-watch").start()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - someone else's process with that id
        return True
    return True


def _start_resource_tracker() -> None:
    """multiprocessing starts a helper process that inherits `sys.stderr.fileno()`; under
    Textual sys.stderr is a capture object whose fileno() is -1, and the start fails ('bad
    value(s) in fds_to_keep'). Start the helper with the null device as its stderr instead."""
    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, ValueError, OSError):
        usable = False
    if usable:
        return
    from multiprocessing import resource_tracker

    saved = sys.stderr
    with open(os.devnull, "w") as null:
        sys.stderr = null
        try:
            resource_tracker.ensure_running()
        finally:
            sys.stderr = saved


_STORAGE_FAULTS = ("could not decode", "disk is full", "readonly", "read-only", "unable to open", "disk i/o",
                   "not a database", "malformed", "locked", "no such table", "no such column",
                   "has no column", "columns but", "out of memory", "unsupported file format")


def _storage_fault(exc: sqlite3.Error) -> bool:
    """An error of the cache's storage (full, read-only, damaged, foreign), not of a query."""
    if not isinstance(exc, sqlite3.OperationalError) and isinstance(exc, sqlite3.DatabaseError):
        return True  # damaged ("file is not a database", "malformed")
    text = str(exc).lower()
    return any(word in text for word in _STORAGE_FAULTS)


# A table or column of draftdeck's own missing or changed behind its back: made again.
_SCHEMA_DAMAGE = ("no such table", "no such column", "has no column", "columns but")


def _made_meanwhile(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return any(words in text for words in ("unique constraint", "locked", "no such table",
                                           "already exists"))


def _damaged(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return (not isinstance(exc, sqlite3.OperationalError)
            and isinstance(exc, sqlite3.DatabaseError)) or "malformed" in text \
        or "not a database" in text or "could not decode" in text \
        or "unsupported file format" in text \
        or any(words in text for words in _SCHEMA_DAMAGE)  # could not decode: not UTF-8


def _config_key(config: Config) -> str:
    return json.dumps(asdict(config), sort_keys=True)


class Index:
    _seen: set[str]
    _seen_from: tuple[list[str], list[str], list[str]] | None = None

    @property
    def seen(self) -> set[str]:
        """Every article path the last scan met (made from its parts only when asked: a
        listing never needs it)."""
        if self._seen_from is not None:
            known, gone, stale = self._seen_from
            self._seen = set(map(_real, known)).difference(map(_real, gone))
            self._seen.update(stale)
            self._seen_from = None
        return self._seen

    def __init__(self, root: Path, config: Config | None = None, db_path: Path | None = None,
                 workers: int | None = None) -> None:
        self.root = root
        self.base = root if root.is_dir() else root.parent
        self.config = config or Config()
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        if db_path is None:
            digest = hashlib.sha1(os.fsencode(root.resolve())).hexdigest()[:16]
            db_path = cache_path() / f"index-{digest}.sqlite3"
        self.db_path = db_path
        # One connection shared by the app's threads: every use holds this lock.
        self.lock = threading.RLock()
        # Set (one line naming the folder) when the cache folder cannot be used and the index
        # lives in memory for this run; the CLI prints it, the app shows it.
        self.warning: str | None = None
        self.memory = False
        # Whether a search's query runs on the connection (read and set under its own lock, so
        # `cancel_search` interrupts a search and never another statement).
        self._search_guard = threading.Lock()
        self._searching = False
        # How many times the cache was started again, empty (damage found, or a move to memory
        # that could copy nothing): an answer read across such a start is read again.
        self.resets = 0
        self.db = self._open()

    def close(self) -> None:
        self.db.close()

    # -- storage --------------------------------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        """The cache database; rebuilt when damaged or foreign; in memory when unusable."""
        folder = self.db_path.parent
        try:
            ensure_folder(folder, "cache", CACHE_VAR)
            try:
                return self._connect(str(self.db_path))
            except sqlite3.Error as exc:
                if not _storage_fault(exc) or "locked" in str(exc):
                    raise
                self._discard()  # damaged, or written by something else: start it again
                return self._connect(str(self.db_path))
        except (StorageError, OSError, sqlite3.Error) as exc:
            self._warn_memory(exc)
            return self._connect(":memory:")

    def _connect(self, where: str, tries: int = 5) -> sqlite3.Connection:
        """A connection with draftdeck's tables. Another draftdeck making or checking the same
        new cache at this moment ('locked', 'UNIQUE constraint', 'no such table' on the way):
        looked at again once it is done; a fault that stays is raised."""
        while True:
            db = sqlite3.connect(where, timeout=10, check_same_thread=False)
            try:
                if where != ":memory:":
                    db.execute("PRAGMA journal_mode=WAL")
                    db.execute("PRAGMA synchronous=NORMAL")
                self._check_meta(db)
                return db
            except sqlite3.Error as exc:
                db.close()
                tries -= 1
                if not tries or not _made_meanwhile(exc):
                    raise
            except BaseException:
                db.close()
                raise
            time.sleep(0.2)

    def _discard(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{self.db_path}{suffix}")

    def _warn_memory(self, exc: BaseException) -> None:
        self.memory = True
        reason = exc.message.split(": ", 1)[-1] if isinstance(exc, StorageError) \
            else describe_os_error(exc)
        reason = reason.replace(f". {way_out(CACHE_VAR)}", "").replace(way_out(CACHE_VAR), "")
        reason = reason.rstrip(". ")
        self.warning = (f"the cache folder {self.db_path.parent} cannot be used ({reason}); "
                        f"working without a cache this time. {way_out(CACHE_VAR)}")
        warn(self.warning)

    def _to_memory(self, exc: BaseException) -> None:
        """Go on in memory with what the cache holds (a full disk, a folder gone read-only)."""
        mem = sqlite3.connect(":memory:", check_same_thread=False)
        try:
            self.db.backup(mem)
            self._check_meta(mem)
        except sqlite3.Error:
            mem.close()
            mem = self._connect(":memory:")
            self.resets += 1  # nothing copied: the cache starts empty
        with contextlib.suppress(sqlite3.Error):
            self.db.close()
        self.db = mem
        self._warn_memory(exc)

    def _run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` on the database; on a storage fault, once more in memory."""
        with self.lock:
            try:
                return work(self.db)
            except sqlite3.Error as exc:
                if self.memory or not _storage_fault(exc):
                    raise
                if _damaged(exc):
                    self._rebuild(exc)  # damage found mid-way: start the cache again
                else:
                    self._to_memory(exc)
                return work(self.db)

    def _rebuild(self, exc: BaseException) -> None:
        """The database is damaged beyond its header ("malformed" on a read): what it holds
        cannot be trusted or copied, so it is made again, empty (in memory if that fails)."""
        self.resets += 1
        with contextlib.suppress(sqlite3.Error):
            self.db.close()
        try:
            self._discard()
            self.db = self._connect(str(self.db_path))
            reason = str(exc).splitlines()[0][:80] if str(exc) else type(exc).__name__
            warn(f"the cache database {self.db_path} was damaged ({reason}); it is rebuilt")
        except (OSError, sqlite3.Error) as again:
            self.db = self._connect(":memory:")
            self._warn_memory(again)

    def _check_meta(self, db: sqlite3.Connection) -> None:
        """Start the tables again when they were made by another version, schema or config
        (or by something that is not draftdeck)."""
        wanted = {"schema": str(SCHEMA_VERSION), "version": __version__,
                  "config": _config_key(self.config)}
        try:
            rows = dict(db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.OperationalError as exc:
            if "no such table" not in str(exc):
                raise
            rows = {}
        if rows == wanted:
            db.executescript(_SCHEMA)
            return
        tables = db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY sql LIKE 'CREATE VIRTUAL%' DESC").fetchall()
        drops = "".join(f'DROP TABLE IF EXISTS "{name}";' for (name,) in tables)
        db.executescript(drops + _SCHEMA)
        with db:
            db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", wanted.items())

    # -- the list -------------------------------------------------------------------------------
    def _fresh(self, read: Callable[[], R], fill: Callable[[], object] | None = None) -> R:
        """`read()`; when the cache was started again (empty) meanwhile, it is filled again
        (`fill`, else the folder read into it) and `read()` runs once more: an answer never
        comes from a cache emptied on the way (it printed an empty list once)."""
        before = self.resets
        result = read()
        if self.resets != before:
            (fill or self.refresh)()
            result = read()
        return result

    def statuses(self) -> list[str]:
        """The status values the cache holds (one query; no row decoded)."""
        rows = self._fresh(lambda: self._run(lambda db: db.execute(
            "SELECT DISTINCT status FROM files WHERE status IS NOT NULL").fetchall()))
        return [r[0] for r in rows if isinstance(r[0], str)]

    def cached(self, status: str | None = None, other_than: str | None = None,
               statuses: Collection[str] | None = None) -> list[Article]:
        """Articles as the cache last saw them, without looking at the files (a start that
        shows at once; `scan` or `refresh` brings it up to date). Filter by status, by any of
        `statuses` ("none": no status), or all but one; only the rows selected are decoded."""
        where, args = _status_where(status, other_than, statuses)
        sql = "SELECT path, data FROM files" + where
        return self._fresh(lambda: self._decoded(self._run(
            lambda db: db.execute(sql, args).fetchall())))

    def _decoded(self, rows: list[tuple[str, str]]) -> list[Article]:
        """Cached rows as Articles; a row that does not decode means a damaged database: it is
        made again (empty) and nothing is returned, so the files are read anew."""
        base = os.path.join(str(self.base), "")
        single = None if self.root.is_dir() else str(self.root)
        try:
            return [_decode(real, single or base + real, data)
                    for real, data in ((_real(rel), data) for rel, data in rows)]
        except _ROW_DAMAGE as exc:
            with self.lock:
                self._rebuild(exc)
            return []

    def _turned(self) -> list[str]:
        """Rows whose status has turned since they were read (a publishDate come)."""
        now = time.time()
        return [r[0] for r in self._run(lambda db: db.execute(
            "SELECT path FROM files WHERE status_until IS NOT NULL AND status_until <= ?",
            (now,)).fetchall())]

    def first_page(self, status: str | None, limit: int, newest_first: bool = True
                   ) -> list[Article]:
        """The first `limit` articles of a status (None: every one) in the app list's date
        order (dated ones by date, then the undated by path), as the cache last saw them: the
        first screen of a large folder is shown before the rest is decoded."""
        where, args = _status_where(status, None, None)
        where = where + " AND" if where else " WHERE"
        order = "DESC" if newest_first else "ASC"

        def page(db: sqlite3.Connection) -> list[tuple[str, str]]:
            rows = db.execute(  # read in the order of an index (status, date): no sort
                f"SELECT path, data FROM files{where} sort_date != '' "
                f"ORDER BY sort_date {order}, path LIMIT ?", (*args, limit)).fetchall()
            if len(rows) < limit:
                rows += db.execute(f"SELECT path, data FROM files{where} sort_date = '' "
                                   "ORDER BY path LIMIT ?", (*args, limit - len(rows))).fetchall()
            return rows

        return self._fresh(lambda: self._decoded(self._run(page)))

    def status_counts(self) -> dict[str | None, int]:
        """How many cached articles hold each status (None: none), without decoding a row."""
        rows = self._fresh(lambda: self._run(lambda db: db.execute(
            "SELECT NULLIF(status, ''), COUNT(*) FROM files GROUP BY 1").fetchall()))
        return {status: count for status, count in rows}

    def list_rows(self, statuses: Collection[str] | None = None) -> list[tuple[str, str]] | None:
        """(path, `list --json` row) of the articles of these statuses, as kept: no row decoded.
        None when a row has no kept form (a value that is not flat): decode those instead."""
        where, args = _status_where(None, None, statuses)
        rows = self._fresh(lambda: self._run(lambda db: db.execute(
            "SELECT path, summary FROM files" + where, args).fetchall()))
        if any(text is None for _, text in rows):
            return None
        return [(_real(path), text) for path, text in rows]

    def refresh(self, on_progress: Callable[[int, int], None] | None = None) -> None:
        """Bring the cache up to date with the folder without decoding the rows still valid
        (their file stamps say so); then `cached()` reads what is wanted. When the cache had
        to start again on the way (the rows stored before are gone), once more."""
        before = self.resets
        for _ in self.scan(on_progress, yield_cached=False, decode=False):
            pass
        if self.resets != before:
            for _ in self.scan(on_progress, yield_cached=False, decode=False):
                pass

    def scan(self, on_progress: Callable[[int, int], None] | None = None,
             yield_cached: bool = True, decode: bool = True) -> Iterator[list[Article]]:
        """Bring the cache up to date with the folder, yielding articles in batches: the cached
        ones first (fast; skipped with yield_cached=False), then the ones parsed now (empty
        batches with decode=False: only stored). Afterwards `self.seen` holds every path."""
        seen: set[str]
        stale: Iterable[tuple[str, str, Stamp | None]]
        skip = self.config.site.not_content()
        batch: list[Article] = []
        gone: list[str] = []
        if not yield_cached:  # validity from the stamps alone: no row is decoded
            stamps, packed = self._read_stamps()
            known = list(stamps)
            as_read = None if packed else dict(stamps)  # packed below if nothing changed
            for path in self._turned():
                stamps[path] = None  # read again (and dropped if the file is gone)
            changed: list[str] = []
            # An empty cache: every file is read, and stamped as it is read (no stat here).
            stamped = bool(stamps)

            def walked() -> Iterator[tuple[str, str, Stamp | None]]:
                """The files changed, as the walk finds them: the first are parsed while it
                goes on (a Stamp is a tuple: compared with the row's as is)."""
                take = stamps.pop  # what is left at the end is gone
                for rel, path, st in walk(self.root, skip, stamped):
                    key = rel if rel.isascii() else _stored(rel)  # _stored, inlined
                    if not stamped or take(key, None) != st:
                        changed.append(rel)
                        yield rel, path, st
                gone.extend(stamps)
                if as_read and not changed and not gone:
                    self._keep_stamps((p, st) for p, st in as_read.items() if st is not None)
                self._seen_from = (known, gone, changed)  # the set made when asked

            stale = walked()
        else:
            seen = self._seen = set()
            self._seen_from = None
            found: list[tuple[str, str, Stamp | None]] = []
            cached: dict[str, tuple[tuple[int, int, int, int], str] | None] = self._run(
                lambda db: {p: ((a, b, c, d), data) for p, a, b, c, d, data in db.execute(
                    "SELECT path, size, mtime_ns, ctime_ns, inode, data FROM files")})
            for path in self._turned():
                cached[path] = None  # read again (and dropped if the file is gone)
            for rel, path, st in walk(self.root, skip, bool(cached)):
                seen.add(rel)
                row = cached.get(_stored(rel))
                decoded = None
                if row is not None and row[0] == st:
                    try:
                        decoded = _decode(rel, path, row[1])
                    except _ROW_DAMAGE:
                        decoded = None  # a damaged row: the file is read again
                if decoded is not None:
                    batch.append(decoded)
                    if len(batch) >= BATCH * 4:
                        yield batch
                        batch = []
                else:
                    found.append((rel, path, st))
            if batch:
                yield batch
            gone = [p for p in cached if _real(p) not in seen]
            stale = found
        done = 0
        for count, total, parsed in self._parse(stale, decode):
            done += count
            if on_progress:
                on_progress(done, total)
            yield parsed
        if gone:
            self.remove(gone)

    def _parse(self, stale: Iterable[tuple[str, str, Stamp | None]], decode: bool = True
               ) -> Iterator[tuple[int, int, list[Article]]]:
        """(files parsed, files to parse found so far, their articles if `decode`) per batch,
        stored as they come. `stale` may be a walk still going: its first batches are parsed
        meanwhile. An empty cache filled with many rows gets the list's indexes once, after
        the rows (a third less work than keeping them up to date row by row; a run killed
        before that gets them when the cache is next opened, as every opening makes what is
        missing)."""
        files = iter(stale)
        head = list(itertools.islice(files, PARALLEL_THRESHOLD))
        if not head:
            return
        many = len(head) >= PARALLEL_THRESHOLD
        bulk = many and self._run(lambda db: db.execute(
            "SELECT NOT EXISTS (SELECT 1 FROM files)").fetchone()[0])
        if bulk:
            self._run(lambda db: db.executescript(
                "".join(f"DROP INDEX IF EXISTS {name};" for name in _LIST_INDEXES)))
        stamps: dict[str, Stamp | None] = {}
        try:
            yield from self._parse_stored(itertools.chain(head, files), many, decode, stamps)
            if bulk:  # every row is one stored here, with the stamp the file was read at
                self._keep_stamps((_stored(rel), st) for rel, st in stamps.items()
                                  if st is not None)
        finally:
            if bulk:
                self._run(lambda db: db.executescript(_SCHEMA))

    def _parse_stored(self, files: Iterator[tuple[str, str, Stamp | None]], many: bool,
                      decode: bool, stamps: dict[str, Stamp | None]
                      ) -> Iterator[tuple[int, int, list[Article]]]:
        """Parse and store `files`; `stamps` gets each one's stamp as stored."""
        paths: dict[str, str] = {}
        made: list[tuple[str, list[tuple[str, str]], Config]] = []

        def batches() -> Iterator[tuple[str, list[tuple[str, str]], Config]]:
            root = str(self.root)
            while part := list(itertools.islice(files, BATCH)):
                for rel, path, st in part:
                    stamps[rel] = st
                    paths[rel] = path
                job = (root, [(rel, path) for rel, path, _ in part], self.config)
                made.append(job)
                yield job

        jobs = batches()
        done = 0
        if many and self.workers >= 2:
            # Imported once here, before the workers fork (a warm start needs neither).
            from concurrent.futures import ProcessPoolExecutor

            import tui.core.read.corpus  # noqa: F401

            try:
                context = _worker_context()
                _start_resource_tracker()
                with ProcessPoolExecutor(max_workers=self.workers, mp_context=context,
                                         initializer=_worker_init,
                                         initargs=(os.getpid(),)) as pool:
                    # map submits every job as the walk makes it, so the workers start on
                    # the first while the walk goes on; the results come in order.
                    for encoded in pool.map(_parse_many, jobs):
                        done += 1
                        yield len(encoded), len(stamps), self._store(encoded, stamps, paths,
                                                                     decode)
            except Exception:  # BrokenProcessPool, OSError, ValueError (fds_to_keep), ...
                # No worker processes here (a sandbox, an odd __main__, a stderr without a file
                # descriptor under Textual), or they failed: parse the rest below, in-process.
                pass
        # Few files (one process is faster than starting more), or the rest after a failure.
        for job in itertools.chain(made[done:], jobs):
            encoded = _parse_many(job)
            yield len(encoded), len(stamps), self._store(encoded, stamps, paths, decode)

    def _store(self, encoded: list[Parsed], stamps: dict[str, Stamp | None],
               paths: dict[str, str], decode: bool = True) -> list[Article]:
        rows = []
        articles = []
        stored_ns = time.time_ns()
        for rel, data, status, summary, when, until, read in encoded:
            # The walk's stamp when it took one, else the one of the bytes read, else (a file
            # that could not be read) one taken now: the file is read again once it changes.
            st = stamps[rel] = stamps[rel] or (read.storable() if read else _stamp_now(paths[rel]))
            rows.append((_stored(rel), st.size, st.mtime_ns, st.ctime_ns, st.inode, data, status,
                         summary, when, until, stored_ns))
            if decode:
                articles.append(_decode(rel, paths[rel], data))
        def store(db: sqlite3.Connection) -> None:
            with db:
                db.execute("DELETE FROM files_stamps")
                db.executemany(
                    "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

        try:
            self._run(store)
        except UnicodeEncodeError:  # a title made from a file name that is not UTF-8
            rows = [(*row[:5], escape_unsafe(row[5]), *row[6:]) for row in rows]
            self._run(store)
        return articles

    def _read_stamps(self) -> tuple[dict[str, tuple[int, int, int, int] | None], bool]:
        """Every row's stamp by path, and whether they came packed in one row."""
        def read(db: sqlite3.Connection) -> tuple[dict[str, tuple[int, int, int, int] | None],
                                                  bool]:
            row = db.execute("SELECT paths, stamps FROM files_stamps").fetchone()
            if row is not None:
                found = _unpack_stamps(row[0], row[1])
                # As many as there are rows (rows deleted or a table made again behind the
                # cache's back would otherwise go unseen: those files are read again).
                if found is not None and len(found) == db.execute(
                        "SELECT count(*) FROM files").fetchone()[0]:
                    return found, True
            return {p: (a, b, c, d) for p, a, b, c, d in db.execute(
                "SELECT path, size, mtime_ns, ctime_ns, inode FROM files")}, False

        return self._run(read)

    def _keep_stamps(self, items: Iterable[tuple[str, tuple[int, ...]]]) -> None:
        """Pack these stamps (every row's) in one row for the next warm start. Only a speed-up:
        a cache that cannot be written to is left as it is."""
        paths, data = _pack_stamps(items)
        with self.lock:
            try:
                with self.db:
                    self.db.execute("INSERT OR REPLACE INTO files_stamps VALUES (0, ?, ?)",
                                    (paths, data))
            except sqlite3.Error:
                pass

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
                fresh.append((rel, str(path), Stamp.of(st).storable()))
            else:
                gone.append(rel)
        if gone:
            self.remove(gone)
        return [a for _, _, batch in self._parse(fresh) for a in batch]

    def remove(self, relpaths: Iterable[str]) -> None:
        rows = [(_stored(p),) for p in relpaths]

        def remove(db: sqlite3.Connection) -> None:
            with db:
                db.execute("DELETE FROM files_stamps")
                db.executemany("DELETE FROM files WHERE path = ?", rows)
                _forget_text(db, rows)

        self._run(remove)

    # -- full text ------------------------------------------------------------------------------
    def fts_pending(self) -> bool:
        """True when some file's text is not indexed at its current stamp (or went away)."""
        return bool(self._run(lambda db: db.execute(
            "SELECT EXISTS (SELECT 1 FROM files LEFT JOIN fts_state USING (path) WHERE "
            "fts_state.stamp IS NOT files.size || ':' || files.mtime_ns || ':' || "
            "files.ctime_ns || ':' || files.inode || ':' || files.stored_ns) OR EXISTS (SELECT 1 "
            "FROM fts_state WHERE "
            "path NOT IN (SELECT path FROM files))").fetchone()[0]))

    def refresh_fts(self, on_progress: Callable[[int, int], None] | None = None,
                    should_stop: Callable[[], bool] | None = None) -> int:
        """`_refresh_fts`; when the cache had to start again on the way (the rows it took
        titles from were gone: texts were indexed without them), the folder is read into the
        new cache and every text indexed anew."""
        def fill() -> None:
            self.refresh()
            self._run(_start_text_again)

        return self._fresh(lambda: self._refresh_fts(on_progress, should_stop), fill)

    def _refresh_fts(self, on_progress: Callable[[int, int], None] | None = None,
                     should_stop: Callable[[], bool] | None = None) -> int:
        """Index the text of every file whose text is not indexed at its current stamp. The
        rows of the text a file had before stay in the contentless table, unseen but counted
        by the ranking (how rare a word is, how long a text is). The table is started again
        and every file's text indexed anew when there would be any in a folder small enough to
        index in a moment (the ranking is then exactly a fresh index's), else when they would
        pass a tenth of the rows (the ranking stays that of a fresh index within that share)."""
        # A file's text is indexed at its row's stamp and the moment the row was stored: a
        # file read again (even with the same stamp: a change within the second on a file
        # system that keeps whole seconds) has its text indexed again too.
        files: dict[str, str] = self._run(lambda db: {
            row[0]: f"{row[1]}:{row[2]}:{row[3]}:{row[4]}:{row[5]}" for row in db.execute(
                "SELECT path, size, mtime_ns, ctime_ns, inode, stored_ns FROM files")})
        state = self._run(lambda db: dict(db.execute(
            "SELECT path, stamp FROM fts_state").fetchall()))
        todo = [p for p, s in files.items() if state.get(p) != s]
        gone = [(p,) for p in state if p not in files]
        # The words gone while the state says they are there (a table dropped and made again
        # behind the cache's back), or too much text left over: every text indexed anew.
        words_gone = bool(state) and self._run(lambda db: db.execute(
            "SELECT NOT EXISTS (SELECT 1 FROM fts_docsize)").fetchone()[0])
        left_over = self._run(_garbage_rows) + len(gone) + sum(p in state for p in todo)
        if words_gone or (left_over and (len(files) <= REINDEX_AT_ONCE
                                         or left_over * GARBAGE_SHARE > len(files))):
            self._run(_start_text_again)
            todo, gone = list(files), []
        if gone:
            def forget(db: sqlite3.Connection) -> None:
                with db:
                    _forget_text(db, gone)

            self._run(forget)
        total = len(todo)
        for i in range(0, total, 200):
            if should_stop and should_stop():
                return i
            part = todo[i:i + 200]
            titles = self._titles(part)
            rows = [self._text_of(rel, titles.get(rel)) for rel in part]

            def fill(db: sqlite3.Connection, part: list[str] = part,
                     rows: list[tuple[str, str, str]] = rows) -> None:
                with db:
                    _forget_text(db, [(r,) for r in part])
                    for rel, row in zip(part, rows, strict=True):
                        if not row[0].isascii():  # a title made from a file name: any text
                            row = (row[0].encode("utf-8", "replace").decode(), *row[1:])
                        cur = db.execute("INSERT INTO fts (title, meta, body) VALUES (?,?,?)",
                                         row)
                        db.execute("INSERT INTO fts_state VALUES (?, ?, ?, ?)",
                                   (rel, files[rel], cur.lastrowid, row[0]))

            self._run(fill)
            if on_progress:
                on_progress(min(total, i + 200), total)
        return total

    def _titles(self, part: list[str]) -> dict[str, Article]:
        marks = ", ".join("?" * len(part))
        rows = self._run(lambda db: db.execute(
            f"SELECT path, data FROM files WHERE path IN ({marks})", part).fetchall())
        titles = {}
        for rel, data in rows:
            try:
                titles[rel] = _decode(rel, rel, data)
            except _ROW_DAMAGE:
                continue  # a damaged row: its text is indexed without its title and fields
        return titles

    def _path_of(self, rel: str) -> Path:
        return self.base / _real(rel) if self.root.is_dir() else self.root

    def _text_of(self, rel: str, info: Article | None) -> tuple[str, str, str]:
        try:
            data, _ = read_bytes(self._path_of(rel))
            doc = split(data)
        except (OSError, DocumentError):
            return "", "", ""
        title = ""
        meta = ""
        if info is not None:
            title = info.title
            meta = " ".join([info.status or "", *info.categories, *info.tags,
                             info.date_text or ""])
        return title, meta + " " + front_matter_values(doc.fm_text), doc.body

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """The best matches first, each with a snippet of where the file matches (see
        `_file_snippet`). Articles whose title or front matter hold every word come before
        those that need their text for it; within each, the best ranked first (title words
        count most, then front matter, then the body). Two tiers, so a word in every article
        is ranked among the few that name it, not among them all."""
        parsed = parse_query(query)
        expr = parsed.expression()
        if not expr:
            return []
        named = f"{{title meta}} : ({expr})"

        def ranked() -> list[tuple[str, str, float]]:
            rows = self._ranked(named, limit)
            if len(rows) < limit:
                rows += self._ranked(f"({expr}) NOT {named}", limit - len(rows))
            return rows

        def fill() -> None:
            self.refresh()
            self.refresh_fts()

        rows = self._fresh(ranked, fill)
        return [SearchHit(_real(path), title, self._file_snippet(path, title, parsed),
                          float(score))
                for path, title, score in rows]

    def cancel_search(self) -> None:
        """Stop the search running now, if any (from any thread): its `search` raises
        SearchCancelled. A search box calls it on each keystroke, so a slow query for the
        first letter does not hold back the query for the word."""
        with self._search_guard:
            if self._searching:
                self.db.interrupt()

    def _ranked(self, expr: str, limit: int) -> list[tuple[str, str, float]]:
        def query(db: sqlite3.Connection) -> list[tuple[str, str, float]]:
            with self._search_guard:
                self._searching = True
            try:
                return db.execute(
                    "SELECT s.path, s.title, bm25(fts, 10.0, 4.0, 1.0) AS score FROM fts "
                    "JOIN fts_state AS s ON s.docid = fts.rowid WHERE fts MATCH ? "
                    "ORDER BY score LIMIT ?", (expr, limit)).fetchall()
            except sqlite3.OperationalError as exc:
                if "interrupt" in str(exc).lower():
                    raise SearchCancelled from exc
                raise
            finally:
                with self._search_guard:
                    self._searching = False

        return self._run(query)

    def _file_snippet(self, rel: str, title: str, query: Query) -> str:
        """Where the file's text matches: its body, else its front matter's values, else its
        title, marked."""
        words = query.words
        titled = mark_words(title, words, query.prefix)
        try:
            data, _ = read_bytes(self._path_of(rel))
            doc = split(data)
        except (OSError, DocumentError):
            return titled
        found = (make_snippet(doc.body, words, prefix=query.prefix)
                 or make_snippet(front_matter_snippet_text(doc.fm_text), words,
                                 prefix=query.prefix))
        # The title when it holds more of the words than the best place in the text.
        return found if found and marked_count(found) >= marked_count(titled) else titled


# The full-text table is started again when the rows left over by changed files would pass
# one in this many of the files.
GARBAGE_SHARE = 10
# Up to this many files, any row left over starts the table again (about half a second).
REINDEX_AT_ONCE = 2000


def _forget_text(db: sqlite3.Connection, rows: list[tuple[str]]) -> None:
    """Forget files' indexed text: their rows stay in the contentless table (counted, unseen by
    searches, which join fts_state) until `refresh_fts` starts the table again."""
    before = db.total_changes
    db.executemany("DELETE FROM fts_state WHERE path = ?", rows)
    dropped = db.total_changes - before
    if dropped:
        db.execute("INSERT INTO fts_garbage VALUES (0, ?) ON CONFLICT (id) DO UPDATE SET "
                   "rows = rows + excluded.rows", (dropped,))


def _garbage_rows(db: sqlite3.Connection) -> int:
    found = db.execute("SELECT rows FROM fts_garbage").fetchone()
    return int(found[0]) if found and isinstance(found[0], int) else 0


def _start_text_again(db: sqlite3.Connection) -> None:
    with db:  # every file's text is indexed anew
        db.execute("DELETE FROM fts_state")
        db.execute("DELETE FROM fts_garbage")
        db.execute("INSERT INTO fts (fts) VALUES ('delete-all')")


def _worker_context() -> BaseContext:
    """`fork` when this process runs no other thread (the CLI): the workers start at once with
    everything imported. With threads (the app) a fork could copy a lock held by one of them,
    so a fork server that imports the parsing code once, before it forks each worker."""
    from multiprocessing import get_context

    methods = _methods()
    if "fork" in methods and threading.active_count() == 1:
        return get_context("fork")
    if "forkserver" in methods:
        context = get_context("forkserver")
        context.set_forkserver_preload([__name__, "tui.core.read.corpus"])
        return context
    return get_context("spawn")


def _methods() -> list[str]:
    import multiprocessing

    return multiprocessing.get_all_start_methods()


