from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tui.ui.app import DraftdeckApp, make_app

SIZE = (120, 40)


@pytest.fixture
def app_for(sample_copy: Path) -> Callable[..., DraftdeckApp]:
    def _make(root: Path | None = None, **kwargs: object) -> DraftdeckApp:
        kwargs.setdefault("watch", False)
        return make_app(root or sample_copy, **kwargs)  # type: ignore[arg-type]

    return _make


async def settle(app: DraftdeckApp, pilot: object) -> None:
    """Wait for workers (loading, opening) and the screen to catch up."""
    for _ in range(3):
        # The folder watcher runs until the app ends: wait for everything else.
        # (An empty list would mean "all workers" to wait_for_complete.)
        busy = [w for w in app.workers if w.group != "watch"]
        if busy:
            await app.workers.wait_for_complete(busy)
        await pilot.pause()  # type: ignore[attr-defined]
