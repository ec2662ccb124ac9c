"""The edit journal (SQLite in the user state folder) and undo.

Every write is recorded before it happens (planned) and after (written or failed), with the file's
bytes before and a hash of the bytes after, so that an interrupted batch can still be undone: a
file whose bytes match the 'after' hash was written, one that matches 'before' was not.

Faults: a state folder that cannot be used makes every edit refused with one StorageError naming
the folder and the way out (DRAFTDECK_STATE_DIR); the journal object itself always opens, so the
app starts and reading works. A damaged journal is moved aside (reported through `warn`) and a
new one started. History is kept as DRAFTDECK_UNDO_HISTORY says (a number of edits, or `all`;
by default the last 500 edits of the last 30 days), and an undo that reaches past it says so.
A batch that cannot be undone (a file changed by hand since) can be skipped, so that it does not
block the older ones.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from tui.core.edit.writer import Snapshot, WriteRefused, sha256, write_atomic
from tui.core.errors import StorageError, describe_os_error, warn
from tui.core.store.paths import STATE_VAR, state_path, way_out

T = TypeVar("T")

SCHEMA = """
CREATE TABLE IF NOT EXISTS batches (
    id INTEGER PRIMARY KEY,
    folder TEXT NOT NULL,
    created REAL NOT NULL,
    description TEXT NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES batches(id),
    path TEXT NOT NULL,
    relpath TEXT NOT NULL,
    before_bytes BLOB NOT NULL,
    after_sha TEXT NOT NULL,
    before_values TEXT NOT NULL,
    after_values TEXT NOT NULL,
    changes TEXT NOT NULL,
    state TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entries_batch ON entries(batch_id);
CREATE TABLE IF NOT EXISTS pruned (
    folder TEXT PRIMARY KEY,
    newest REAL NOT NULL,
    batches INTEGER NOT NULL
);
"""

# batches.undone: 0 not undone, 1 undone, 2 skipped (left as it is, so older ones can be undone)
SKIPPED = 2


@dataclass(frozen=True)
class UndoOutcome:
    relpath: str
    ok: bool
    message: str


@dataclass(frozen=True)
class Batch:
    id: int
    folder: str
    created: float
    description: str
    files: int


@dataclass(frozen=True)
class UndoReport:
    """What `undo_last` did: the batch undone (or None), each file's outcome, the batch skipped
    first (with `skip`), and when nothing was undone, why (`note`)."""

    batch: Batch | None
    outcomes: list[UndoOutcome] = field(default_factory=list)
    skipped: Batch | None = None
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.batch is not None and all(o.ok for o in self.outcomes)


# By default the journal keeps this many batches, and none older than this many days.
KEEP_BATCHES = 500
KEEP_DAYS = 30
HISTORY_VAR = "DRAFTDECK_UNDO_HISTORY"
SKIP_HINT = ("'draftdeck undo --skip' leaves this edit as it is and undoes the one before it")


def history_setting() -> int | None:
    """How many edits to keep: DRAFTDECK_UNDO_HISTORY (a number, or 'all' for every one)."""
    text = os.environ.get(HISTORY_VAR, "").strip().lower()
    if text in ("all", "unlimited", "0"):
        return None
    if text.isdigit():
        return int(text)
    return KEEP_BATCHES


def _damaged(exc: sqlite3.Error) -> bool:
    if not isinstance(exc, sqlite3.OperationalError) and isinstance(exc, sqlite3.DatabaseError):
        return True
    text = str(exc).lower()
    return any(w in text for w in ("malformed", "not a database", "no such column",
                                   "has no column", "columns but"))


def _kept(text: str) -> str | bytes:
    """Text as the journal keeps it: a path with a name that is not UTF-8 (Python holds those
    bytes as surrogates, which SQLite's text cannot take) as bytes, given back by `_text`."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")
    return text


def _text(value: str | bytes) -> str:
    return value if isinstance(value, str) else value.decode("utf-8", "surrogatepass")


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix.rstrip("/") + "/")


class Journal:
    def __init__(self, path: Path | None = None, keep: int | None | str = "setting") -> None:
        self.path = path or state_path() / "journal.sqlite3"
        self.keep: int | None = history_setting() if keep == "setting" else \
            (keep if isinstance(keep, int) else None)
        self.warning: str | None = None  # a damaged journal moved aside: what and where
        self.error: StorageError | None = None  # set when the journal cannot be used at all
        self._db: sqlite3.Connection | None = None
        try:
            self._db = self._open()
        except StorageError as exc:
            self.error = exc

    # -- storage --------------------------------------------------------------------------------
    def _storage_error(self, exc: BaseException) -> StorageError:
        folder = self.path.parent
        return StorageError(f"draftdeck cannot keep its edit journal in {folder} "
                            f"({describe_os_error(exc)}), so no file was changed",
                            folder, way_out(STATE_VAR))

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise self._storage_error(exc) from None
        try:
            return self._connect()
        except sqlite3.Error as exc:
            if not _damaged(exc):
                raise self._storage_error(exc) from None
            self._move_aside()
        try:
            return self._connect()
        except (sqlite3.Error, OSError) as exc:
            raise self._storage_error(exc) from None

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
        try:
            db.executescript(SCHEMA)
            db.execute("SELECT id, folder, created, description, undone FROM batches LIMIT 1")
            db.execute("SELECT id, batch_id, path, relpath, before_bytes, after_sha, "
                       "before_values, after_values, changes, state FROM entries LIMIT 1")
            self._prune(db)
        except BaseException:
            db.close()
            raise
        return db

    def _move_aside(self) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        try:
            os.replace(self.path, aside)
        except OSError as exc:
            raise self._storage_error(exc) from None
        for suffix in ("-wal", "-shm", "-journal"):
            try:
                os.replace(f"{self.path}{suffix}", f"{aside}{suffix}")
            except FileNotFoundError:
                pass
            except OSError as exc:  # pragma: no cover - a folder we could just write to
                raise self._storage_error(exc) from None
        self.warning = (f"the edit journal {self.path} was damaged; it was moved aside to "
                        f"{aside.name} and a new one started (earlier edits cannot be undone)")
        warn(self.warning)

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            assert self.error is not None
            raise self.error
        return self._db

    @property
    def usable(self) -> bool:
        return self._db is not None

    def require(self) -> None:
        """Raise the StorageError when edits cannot be journaled (before anything is written)."""
        _ = self.db

    def _run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        db = self.db
        try:
            return work(db)
        except sqlite3.Error as exc:
            raise self._storage_error(exc) from None

    # -- history --------------------------------------------------------------------------------
    def prune(self) -> None:
        """Forget batches beyond what is kept (their saved bytes can be large), remembering per
        folder that it was done, so that an undo reaching past it can say so."""
        self._run(self._prune)

    def _prune(self, db: sqlite3.Connection) -> None:
        if self.keep is None:
            return
        # The default also forgets edits older than KEEP_DAYS; a number asked for keeps that
        # many, however old.
        cutoff = time.time() - KEEP_DAYS * 86_400 if self.keep == KEEP_BATCHES else 0.0
        with db:
            old = db.execute(
                "SELECT id, folder, created FROM batches WHERE created < ? OR id <= "
                "(SELECT COALESCE(MAX(id), 0) - ? FROM batches)", (cutoff, self.keep)).fetchall()
            for batch_id, folder, created in old:
                db.execute(
                    "INSERT INTO pruned (folder, newest, batches) VALUES (?, ?, 1) "
                    "ON CONFLICT(folder) DO UPDATE SET newest = MAX(newest, excluded.newest), "
                    "batches = batches + 1", (folder, created))
                db.execute("DELETE FROM entries WHERE batch_id = ?", (batch_id,))
                db.execute("DELETE FROM batches WHERE id = ?", (batch_id,))

    def describe_history(self) -> str:
        if self.keep is None:
            return "every edit"
        if self.keep == KEEP_BATCHES:
            return f"the last {KEEP_BATCHES} edits of the last {KEEP_DAYS} days"
        return f"the last {self.keep} edits"

    def nothing_note(self, under: Path) -> str:
        """Why there is nothing (more) to undo under a folder, in plain words."""
        prefix = str(under.absolute())
        rows = self._run(lambda db: db.execute("SELECT folder FROM pruned").fetchall())
        if any(_under(_text(folder), prefix) or _under(prefix, _text(folder))
               for (folder,) in rows):
            return (f"nothing more to undo under {under}: older edits are beyond what the "
                    f"journal keeps ({self.describe_history()}); set {HISTORY_VAR}=all "
                    "(or a number of edits) to keep more")
        return f"nothing to undo under {under}"

    def close(self) -> None:
        if self._db is not None:
            self._db.close()

    def begin(self, folder: Path, description: str) -> int:
        def work(db: sqlite3.Connection) -> int:
            with db:
                cur = db.execute(
                    "INSERT INTO batches (folder, created, description) VALUES (?, ?, ?)",
                    (_kept(str(folder.resolve())), time.time(), _kept(description)))
            assert cur.lastrowid is not None
            return cur.lastrowid

        return self._run(work)

    def planned(self, batch_id: int, path: Path, relpath: str, before: bytes, after: bytes,
                before_values: dict[str, Any], after_values: dict[str, Any],
                changes: list[str]) -> int:
        def work(db: sqlite3.Connection) -> int:
            with db:
                cur = db.execute(
                    "INSERT INTO entries (batch_id, path, relpath, before_bytes, after_sha, "
                    "before_values, after_values, changes, state) "
                    "VALUES (?,?,?,?,?,?,?,?, 'planned')",
                    (batch_id, _kept(str(path.absolute())), _kept(relpath), before, sha256(after),
                     json.dumps(before_values), json.dumps(after_values), json.dumps(changes)))
            assert cur.lastrowid is not None
            return cur.lastrowid

        return self._run(work)

    def mark(self, entry_id: int, state: str) -> None:
        def work(db: sqlite3.Connection) -> None:
            with db:
                db.execute("UPDATE entries SET state = ? WHERE id = ?", (state, entry_id))

        self._run(work)

    def batch_paths(self, batch_id: int) -> list[Path]:
        """The files a batch wrote (for a caller to read them again after an undo)."""
        rows = self._run(lambda db: db.execute(
            "SELECT path FROM entries WHERE batch_id = ?", (batch_id,)).fetchall())
        return [Path(_text(r[0])) for r in rows]

    def last_batch(self, under: Path) -> Batch | None:
        """The newest batch not yet undone (nor skipped) that wrote a file under `under`."""
        prefix = str(under.absolute())
        rows = self._run(lambda db: db.execute(
            "SELECT b.id, b.folder, b.created, b.description, e.path FROM batches b "
            "JOIN entries e ON e.batch_id = b.id WHERE b.undone = 0 AND e.state != 'failed' "
            "ORDER BY b.id DESC").fetchall())
        for bid, folder, created, desc, path in rows:
            if _under(_text(path), prefix):
                count: int = self._run(lambda db: db.execute(
                    "SELECT COUNT(*) FROM entries WHERE batch_id = ? AND state != 'failed'",
                    (bid,)).fetchone()[0])  # noqa: B023 - run at once
                return Batch(bid, _text(folder), created, _text(desc), count)
        return None

    def skip(self, batch_id: int) -> None:
        """Leave a batch as it is (it cannot be undone): older batches can be undone after it."""
        def work(db: sqlite3.Connection) -> None:
            with db:
                db.execute("UPDATE batches SET undone = ? WHERE id = ?", (SKIPPED, batch_id))

        self._run(work)

    def undo_last(self, under: Path, skip: bool = False) -> UndoReport:
        """Undo the newest batch under a folder; with `skip`, first leave that batch as it is
        and undo the one before it."""
        skipped = None
        if skip:
            skipped = self.last_batch(under)
            if skipped is None:
                return UndoReport(None, note=self.nothing_note(under))
            self.skip(skipped.id)
        batch = self.last_batch(under)
        if batch is None:
            return UndoReport(None, skipped=skipped, note=self.nothing_note(under))
        return UndoReport(batch, self.undo(batch.id, root=Path(batch.folder)), skipped)

    def undo(self, batch_id: int, root: Path | None = None) -> list[UndoOutcome]:
        """Put back every file of a batch whose bytes are still what the edit wrote."""
        rows = self._run(lambda db: db.execute(
            "SELECT id, path, relpath, before_bytes, after_sha, state FROM entries "
            "WHERE batch_id = ? AND state != 'failed' ORDER BY id DESC", (batch_id,)).fetchall())
        outcomes: list[UndoOutcome] = []
        for entry_id, path_text, kept_relpath, before, after_sha, _state in rows:
            path = Path(_text(path_text))
            relpath = _text(kept_relpath)
            try:
                current = path.read_bytes()
            except OSError as exc:
                outcomes.append(UndoOutcome(relpath, False, f"cannot read it: {exc.strerror}"))
                continue
            current_sha = sha256(current)
            if current_sha == sha256(before):
                self.mark(entry_id, "undone")
                outcomes.append(UndoOutcome(relpath, True, "already as before"))
                continue
            if current_sha != after_sha:
                outcomes.append(UndoOutcome(
                    relpath, False, "it changed since the edit; not undone (nothing written)"))
                continue
            st = path.stat()
            try:
                write_atomic(path, before, Snapshot(st.st_size, st.st_mtime_ns, current_sha),
                             root=root)
            except WriteRefused as exc:
                outcomes.append(UndoOutcome(relpath, False, exc.message))
                continue
            # Verify: the file now holds exactly the bytes it had before the edit.
            if sha256(path.read_bytes()) != sha256(before):  # pragma: no cover - defensive
                outcomes.append(UndoOutcome(relpath, False, "undo did not verify"))
                continue
            self.mark(entry_id, "undone")
            outcomes.append(UndoOutcome(relpath, True, "restored"))
        if outcomes and all(o.ok for o in outcomes):
            def work(db: sqlite3.Connection) -> None:
                with db:
                    db.execute("UPDATE batches SET undone = 1 WHERE id = ?", (batch_id,))

            self._run(work)
        return outcomes
