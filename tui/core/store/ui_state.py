"""What the app remembers per folder (last article, scroll, filters), in the user state folder."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from tui.core.errors import StorageError
from tui.core.store.paths import state_dir, state_path


class UiState:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or state_path() / "ui.sqlite3"
        try:
            if path is None:
                state_dir()
            self.db = self._connect(str(self.path))
        except (StorageError, OSError, sqlite3.Error):
            # The state folder cannot be used (the journal says so on the first edit) or the
            # file is damaged: remember nothing beyond this run rather than fail.
            self.db = self._connect(":memory:")

    @staticmethod
    def _connect(where: str) -> sqlite3.Connection:
        db = sqlite3.connect(where, timeout=5, check_same_thread=False)
        try:
            db.execute("CREATE TABLE IF NOT EXISTS folders (folder TEXT PRIMARY KEY, data TEXT)")
            db.execute("SELECT folder, data FROM folders LIMIT 1")
            db.commit()
        except BaseException:
            db.close()
            raise
        return db

    def load(self, folder: Path) -> dict[str, Any]:
        try:
            row = self.db.execute("SELECT data FROM folders WHERE folder = ?",
                                  (_key(folder),)).fetchone()
        except sqlite3.Error:
            return {}
        if not row:
            return {}
        try:
            data = json.loads(row[0])
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    def save(self, folder: Path, data: dict[str, Any]) -> None:
        try:
            with self.db:
                self.db.execute("INSERT OR REPLACE INTO folders (folder, data) VALUES (?, ?)",
                                (_key(folder), json.dumps(data)))
        except sqlite3.Error:
            pass  # a full disk or a folder gone read-only: what the app remembers is a comfort

    def close(self) -> None:
        self.db.close()


def _key(folder: Path) -> str:
    """The folder's absolute path as text SQLite takes (a name that is not UTF-8 is held as
    surrogates by Python: written as escapes, one key per folder all the same)."""
    return str(folder.resolve()).encode("utf-8", "backslashreplace").decode("utf-8")
