"""Writing planned edits: each file on its own, journaled before and after, refusals collected."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tui.core.edit.editor import EditResult
from tui.core.edit.writer import WriteRefused, write_atomic
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
    """Write every changed result; a refusal never stops the others."""
    outcomes: list[Outcome] = []
    batch_id: int | None = None
    for result in results:
        if result.refused:
            outcomes.append(Outcome(result.relpath, "refused", result.refused))
            continue
        if not result.changed:
            outcomes.append(Outcome(result.relpath, "unchanged", "nothing to change"))
            continue
        assert result.new_bytes is not None
        entry_id = None
        if journal is not None:
            if batch_id is None:
                batch_id = journal.begin(root if root.is_dir() else root.parent, description)
            entry_id = journal.planned(batch_id, result.path, result.relpath, result.old_bytes,
                                       result.new_bytes, result.before, result.after,
                                       result.changes)
        try:
            write(result.path, result.new_bytes, result.snapshot, root=root)
        except WriteRefused as exc:
            if journal is not None and entry_id is not None:
                journal.mark(entry_id, "failed")
            outcomes.append(Outcome(result.relpath, "refused", exc.message, conflict=exc.conflict))
            continue
        if journal is not None and entry_id is not None:
            journal.mark(entry_id, "written")
        outcomes.append(Outcome(result.relpath, "written", "; ".join(result.changes),
                                tuple(result.changes)))
    return batch_id, outcomes
