"""Snapshot of the status board (pytest-textual-snapshot); update with --snapshot-update."""

from __future__ import annotations

from pathlib import Path

from tests.terminal.test_board import workshop
from tui.ui.app import make_app


async def _ready(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def test_board(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(workshop(tmp_path / "studio"), watch=False, remember=False,
                   index_text=False)
    app.animation_level = "none"

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _ready(pilot)
        await pilot.press("b")
        await _ready(pilot)
        await pilot.press("down")  # the second draft highlighted
        await _ready(pilot)

    assert snap_compare(app, terminal_size=(120, 30), run_before=run_before)
