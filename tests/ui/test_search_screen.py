"""The search screen queries the full-text index as it is; the index is brought up to date in
the background (when the screen opens, and when files changed), never before each keystroke."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.conftest import SIZE, settle
from tui.core.store.index import Index
from tui.ui.screens.search import SearchScreen


async def _wait(pilot, ready) -> None:  # type: ignore[no-untyped-def]
    for _ in range(100):
        await pilot.pause(0.05)
        if ready():
            return


async def _open_search(app, pilot) -> SearchScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press("S")
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    return screen


async def test_keystrokes_do_not_refresh_and_changes_are_picked_up(
        app_for, sample_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    calls: list[int] = []
    real = Index.refresh_fts

    def counting(self: Index, *args: object, **kwargs: object) -> int:
        calls.append(1)
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Index, "refresh_fts", counting)
    monkeypatch.setattr(SearchScreen, "CHECK_EVERY", 0.2)
    app = app_for(index_text=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_search(app, pilot)
        await pilot.press(*"lighthouse")
        await _wait(pilot, lambda: bool(screen.hits))
        assert screen.hits and screen.hits[0].path == "songs/glass-harbour.md"
        opened = len(calls)
        assert opened <= 2  # when the screen opened (and a re-check), not once per key
        await pilot.press(*" harbour")
        await pilot.pause(0.3)
        assert len(calls) == opened  # nothing changed: the periodic check found nothing to do
        # A file changes (the app's watcher re-reads it into the index): picked up unasked.
        path = sample_copy / "songs" / "glass-harbour.md"
        path.write_text(path.read_text() + "\nA zeppelin lighthouse harbour.\n")
        await pilot.press(*" zeppel")
        await pilot.pause(0.1)
        screen.index.update([path])
        await _wait(pilot, lambda: bool(screen.hits))
        assert [h.path for h in screen.hits] == ["songs/glass-harbour.md"]
        assert "\ue000" in screen.hits[0].snippet  # a match marked in the file's text


async def test_a_keystroke_cancels_the_search_for_the_text_before_it(
        app_for, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """A query for one letter can take a while on a large folder; the next key stops it (the
    index raises SearchCancelled in its thread) instead of queueing behind it, and nothing of
    the stopped search is shown."""
    import threading

    from tui.core.store.index import SearchCancelled

    running = threading.Event()
    cancelled = threading.Event()
    real_search = Index.search
    real_cancel = Index.cancel_search
    asked: list[str] = []

    def slow_first(self: Index, query: str, limit: int = 50) -> list:  # type: ignore[type-arg]
        asked.append(query)
        if query == "l":  # runs until cancelled (or 5 s, and the test fails)
            running.set()
            if cancelled.wait(5):
                raise SearchCancelled
        return real_search(self, query, limit)

    def cancel(self: Index) -> None:
        if running.is_set():  # as the index does: only a search that runs is stopped
            cancelled.set()
        real_cancel(self)

    monkeypatch.setattr(Index, "search", slow_first)
    monkeypatch.setattr(Index, "cancel_search", cancel)
    app = app_for(index_text=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_search(app, pilot)
        await pilot.press("l")
        await _wait(pilot, running.is_set)
        await pilot.press(*"ighthouse")
        await _wait(pilot, lambda: bool(screen.hits))
        assert cancelled.is_set()
        assert screen.hits and screen.hits[0].path == "songs/glass-harbour.md"
        assert not app._notifications  # the stopped search is no failure
