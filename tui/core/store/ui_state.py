"""What the app remembers per folder (last article, scroll, filters), in the user state folder."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from tui.core.store.paths import state_dir


class UiState:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or state_dir() / "ui.sqlite3"
        self.db = sqlite3.connect(self.path, timeout=5, check_same_thread=False)
        self.db.execute("CREATE TABLE IF NOT EXISTS folders (folder TEXT PRIMARY KEY, data TEXT)")
        self.db.commit()

    def load(self, folder: Path) -> dict[str, Any]:
        row = self.db.execute("SELECT data FROM folders WHERE folder = ?",
                              (str(folder.resolve()),)).fetchone()
        if not row:
            return {}
        try:
            data = json.loads(row[0])
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    def save(self, folder: Path, data: dict[str, Any]) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO folders (folder, data) VALUES (?, ?)",
                            (str(folder.resolve()), json.dumps(data)))

    def close(self) -> None:
        self.db.close()
