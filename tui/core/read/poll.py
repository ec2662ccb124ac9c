"""What changed in a folder between two looks at it: for where file events cannot be had (a
name the event library cannot decode, a file system that sends none)."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from tui.core.read.files import Stamp, walk


class FolderPoll:
    """The article files of a folder and their stamps, looked at again on each `changes()`."""

    def __init__(self, root: Path, skip: Collection[str] = ()) -> None:
        self.root = root
        self.skip = skip
        self.seen = self._look()

    def _look(self) -> dict[str, Stamp]:
        return {path: stamp for _, path, stamp in walk(self.root, self.skip)}

    def changes(self) -> set[str]:
        """The paths of the files made, changed or gone since the last look."""
        now = self._look()
        changed = {path for path, stamp in now.items() if self.seen.get(path) != stamp}
        changed.update(self.seen.keys() - now.keys())
        self.seen = now
        return changed
