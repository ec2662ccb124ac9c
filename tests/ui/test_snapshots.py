"""Snapshot tests of the main screens (pytest-textual-snapshot); update with --snapshot-update."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tui.ui.app import make_app
from tui.ui.widgets.faq_pane import FaqPane

SAMPLE = Path(__file__).resolve().parents[2] / "sample_content"
SIZE = (120, 40)


def _app():  # type: ignore[no-untyped-def]
    app = make_app(SAMPLE, watch=False, remember=False)
    app.animation_level = "none"  # no half-drawn tab underline in a snapshot
    return app


async def _ready(pilot) -> None:  # type: ignore[no-untyped-def]
    app = pilot.app
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()
    for widget in app.query(Input):
        widget.cursor_blink = False


async def _open(pilot, path: str) -> None:  # type: ignore[no-untyped-def]
    await _ready(pilot)
    pilot.app.main.open(path)
    await _ready(pilot)


def test_main_screen(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_app(), terminal_size=SIZE, run_before=_ready)


def test_reader_with_faq_expanded(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _open(pilot, "songs/glass-harbour.md")
        entries = pilot.app.main.query_one(FaqPane).entries()
        entries[0].collapsed = False
        await _ready(pilot)

    assert snap_compare(_app(), terminal_size=SIZE, run_before=run_before)


def test_status_picker(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _open(pilot, "songs/glass-harbour.md")
        await pilot.press("s")
        await _ready(pilot)

    assert snap_compare(_app(), terminal_size=SIZE, run_before=run_before)


def test_categories_editor(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _open(pilot, "songs/glass-harbour.md")
        await pilot.press("c")
        await _ready(pilot)

    assert snap_compare(_app(), terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _ready(pilot)
        await pilot.press("question_mark")
        await _ready(pilot)

    assert snap_compare(_app(), terminal_size=SIZE, run_before=run_before)
