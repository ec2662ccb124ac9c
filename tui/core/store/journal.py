"""The edit journal (SQLite in the user state folder) and undo.

Every write is recorded before it happens (planned) and after (written or failed), with the file's
bytes before and a hash of the bytes after, so that an interrupted batch can still be undone: a
file whose bytes match the 'after' hash was written, one that matches 'before' was not.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.edit.writer import Snapshot, WriteRefused, sha256, write_atomic
from tui.core.store.paths import state_dir

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
"""


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


# The journal keeps this many batches, and none older than this many days.
KEEP_BATCHES = 500
KEEP_DAYS = 30


class Journal:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or state_dir() / "journal.sqlite3"
        self.db = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
        self.db.executescript(SCHEMA)
        self.prune()

    def prune(self) -> None:
        """Forget old batches (their saved bytes can be large)."""
        cutoff = time.time() - KEEP_DAYS * 86_400
        with self.db:
            old = [row[0] for row in self.db.execute(
                "SELECT id FROM batches WHERE created < ? OR id <= "
                "(SELECT COALESCE(MAX(id), 0) - ? FROM batches)", (cutoff, KEEP_BATCHES))]
            for batch_id in old:
                self.db.execute("DELETE FROM entries WHERE batch_id = ?", (batch_id,))
                self.db.execute("DELETE FROM batches WHERE id = ?", (batch_id,))

    def close(self) -> None:
        self.db.close()

    def begin(self, folder: Path, description: str) -> int:
        with self.db:
            cur = self.db.execute(
                "INSERT INTO batches (folder, created, description) VALUES (?, ?, ?)",
                (str(folder.resolve()), time.time(), description))
        assert cur.lastrowid is not None
        return cur.lastrowid

    def planned(self, batch_id: int, path: Path, relpath: str, before: bytes, after: bytes,
                before_values: dict[str, Any], after_values: dict[str, Any],
                changes: list[str]) -> int:
        with self.db:
            cur = self.db.execute(
                "INSERT INTO entries (batch_id, path, relpath, before_bytes, after_sha, "
                "before_values, after_values, changes, state) VALUES (?,?,?,?,?,?,?,?, 'planned')",
                (batch_id, str(path.absolute()), relpath, before, sha256(after),
                 json.dumps(before_values), json.dumps(after_values), json.dumps(changes)))
        assert cur.lastrowid is not None
        return cur.lastrowid

    def mark(self, entry_id: int, state: str) -> None:
        with self.db:
            self.db.execute("UPDATE entries SET state = ? WHERE id = ?", (state, entry_id))

    def last_batch(self, under: Path) -> Batch | None:
        """The newest batch not yet undone that wrote a file under `under`."""
        prefix = str(under.absolute())
        rows = self.db.execute(
            "SELECT b.id, b.folder, b.created, b.description, e.path FROM batches b "
            "JOIN entries e ON e.batch_id = b.id WHERE b.undone = 0 AND e.state != 'failed' "
            "ORDER BY b.id DESC").fetchall()
        for bid, folder, created, desc, path in rows:
            if path == prefix or path.startswith(prefix.rstrip("/") + "/"):
                count = self.db.execute(
                    "SELECT COUNT(*) FROM entries WHERE batch_id = ? AND state != 'failed'",
                    (bid,)).fetchone()[0]
                return Batch(bid, folder, created, desc, count)
        return None

    def batch_paths(self, batch_id: int) -> list[Path]:
        """The files a batch wrote (to re-read them after an undo)."""
        rows = self.db.execute("SELECT path FROM entries WHERE batch_id = ? AND state != 'failed'",
                               (batch_id,)).fetchall()
        return [Path(r[0]) for r in rows]

    def undo(self, batch_id: int, root: Path | None = None) -> list[UndoOutcome]:
        """Put back every file of a batch whose bytes are still what the edit wrote."""
        rows = self.db.execute(
            "SELECT id, path, relpath, before_bytes, after_sha, state FROM entries "
            "WHERE batch_id = ? AND state != 'failed' ORDER BY id DESC", (batch_id,)).fetchall()
        outcomes: list[UndoOutcome] = []
        for entry_id, path_text, relpath, before, after_sha, _state in rows:
            path = Path(path_text)
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
            with self.db:
                self.db.execute("UPDATE batches SET undone = 1 WHERE id = ?", (batch_id,))
        return outcomes
