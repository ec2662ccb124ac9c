"""Writing planned edits: each file on its own, journaled before and after, refusals collected.

A file given twice (or once more through a link) is written once. When the journal cannot be
used, nothing more is written: an edit that could not be undone is not made.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tui.core.edit.editor import EditResult
from tui.core.edit.writer import WriteRefused, write_atomic
from tui.core.errors import StorageError
from tui.core.store.journal import Journal


@dataclass(frozen=True)
class Outcome:
    relpath: str
    state: str  # written, refused, unchanged
    message: str
    changes: tuple[str, ...] = ()
    conflict: bool = False


def apply_results(results: Sequence[EditResult], root: Path, journal: Journal | None,
                  description: str,
                  write: Callable[..., None] = write_atomic) -> tuple[int | None, list[Outcome]]:
    """Write every changed result; a refusal never stops the others (a journal that cannot
    be written stops the rest: they are refused with its message)."""
    outcomes: list[Outcome] = []
    batch_id: int | None = None
    seen: dict[str, str] = {}
    storage: StorageError | None = None
    for result in results:
        real = os.path.realpath(result.path)
        if real in seen:
            outcomes.append(Outcome(result.relpath, "unchanged",
                                    f"the same file as {seen[real]}; edited once"))
            continue
        seen[real] = result.relpath
        if result.refused:
            outcomes.append(Outcome(result.relpath, "refused", result.refused))
            continue
        if not result.changed:
            outcomes.append(Outcome(result.relpath, "unchanged", "nothing to change"))
            continue
        assert result.new_bytes is not None
        if storage is not None:
            outcomes.append(Outcome(result.relpath, "refused", str(storage)))
            continue
        entry_id = None
        if journal is not None:
            try:
                if batch_id is None:
                    batch_id = journal.begin(root if root.is_dir() else root.parent,
                                             description)
                entry_id = journal.planned(batch_id, result.path, result.relpath,
                                           result.old_bytes, result.new_bytes, result.before,
                                           result.after, result.changes)
            except StorageError as exc:
                storage = exc
                outcomes.append(Outcome(result.relpath, "refused", str(exc)))
                continue
        try:
            write(result.path, result.new_bytes, result.snapshot, root=root)
        except WriteRefused as exc:
            _mark(journal, entry_id, "failed")
            outcomes.append(Outcome(result.relpath, "refused", exc.message, conflict=exc.conflict))
            continue
        storage = storage or _mark(journal, entry_id, "written")
        outcomes.append(Outcome(result.relpath, "written", "; ".join(result.changes),
                                tuple(result.changes)))
    return batch_id, outcomes


def _mark(journal: Journal | None, entry_id: int | None, state: str) -> StorageError | None:
    """Record a write's outcome; a journal that fails now stops the writes that follow (this
    entry stays 'planned', which undo handles by comparing the file's bytes)."""
    if journal is None or entry_id is None:
        return None
    try:
        journal.mark(entry_id, state)
    except StorageError as exc:
        return exc
    return None
