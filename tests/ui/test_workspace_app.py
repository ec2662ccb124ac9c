"""The app over the Workspace: warnings shown, undo that skips an edit changed by hand."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button

from tests.ui.conftest import SIZE, settle
from tui.core.edit.change import Edit
from tui.ui.screens.confirm import Confirm


async def test_a_cache_folder_that_cannot_be_used_is_a_warning_not_a_crash(
        app_for, sample_copy: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be\n")
    monkeypatch.setenv("DRAFTDECK_CACHE_DIR", str(blocker / "cache"))
    from tui.core.errors import reset_warnings

    reset_warnings()
    app = app_for()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        assert len(app.main.articles) == 25  # the folder is read all the same
        shown = [n.message for n in app._notifications]
        assert any(str(blocker) in m for m in shown), shown


async def test_undo_offers_to_skip_an_edit_changed_by_hand(app_for, sample_copy: Path) -> None:  # type: ignore[no-untyped-def]
    app = app_for()
    first, second = "songs/copper-sky.md", "songs/night-ferry.md"
    before = (sample_copy / first).read_bytes()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        for path in (first, second):
            article = app.ws.get(path)
            assert article is not None
            app.edit([article], [Edit("status", value="trash")])
            await settle(app, pilot)
        (sample_copy / second).write_text("rewritten by hand\n")
        await pilot.press("u")
        await settle(app, pilot)
        assert isinstance(app.screen, Confirm) and app.screen.title_text == "Undo refused"
        app.screen.query_one("#skip", Button).press()
        await settle(app, pilot)
        assert isinstance(app.screen, Confirm), "the edit before it is offered"
        assert "Undo an earlier edit?" in app.screen.title_text
        app.screen.query_one("#undo", Button).press()
        await settle(app, pilot)
    assert (sample_copy / first).read_bytes() == before
    assert (sample_copy / second).read_text() == "rewritten by hand\n"


async def test_quick_edits_with_a_stale_copy_are_written_in_order(
        app_for, sample_copy: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Two edits asked at once from a screen still holding the article as it was read (its
    re-read after the first write not done yet), on a slow disk: the second waits for the
    first's write and reads its result; nothing is asked, nothing is refused."""
    import time

    from tui.core.workspace import Workspace

    slow_apply = Workspace.apply

    def apply(self: Workspace, plan):  # type: ignore[no-untyped-def]
        time.sleep(0.3)
        return slow_apply(self, plan)

    monkeypatch.setattr(Workspace, "apply", apply)
    path = "songs/copper-sky.md"
    app = app_for()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        stale = app.ws.get(path)
        assert stale is not None
        app.edit([stale], [Edit("set", key="series", value="basics")])
        app.edit([stale], [Edit("set", key="subtitle", value="seven")])
        await app.workers.wait_for_complete()
        await settle(app, pilot)
        assert not isinstance(app.screen, Confirm), app.screen.title_text  # type: ignore[attr-defined]
        shown = [n.message for n in app._notifications]
        assert not any("Not written" in m for m in shown), shown
    text = (sample_copy / path).read_text()
    assert "series: basics\n" in text and "subtitle: seven\n" in text, text


async def test_category_manager_breakdown_keeps_every_status(app_for) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import DataTable

    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("C")
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        text = "\n".join(" ".join(str(cell) for cell in table.get_row_at(i))
                         for i in range(table.row_count))
        assert "review 1" in text  # a status the tool does not know is counted, not dropped


async def test_tag_manager_renames_a_tag_everywhere(app_for, sample_copy: Path) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import DataTable, Input

    from tui.ui.screens.preview import PreviewScreen

    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("G")
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert "cleaning" in names and "picks" in names
        table.move_cursor(row=names.index("cleaning"))
        await pilot.press("r")
        app.screen.query_one("#category-input", Input).value = "record-cleaning"
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PreviewScreen)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    text = (sample_copy / "hugo/content/posts/vinyl-care.md").read_text()
    assert '"record-cleaning"' in text and '"cleaning"' not in text


async def test_u_in_the_tag_manager_undoes_and_the_table_follows(app_for, sample_copy: Path) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import DataTable, Input

    from tui.ui.screens.category_manager import CategoryManager

    path = sample_copy / "hugo/content/posts/vinyl-care.md"
    before = path.read_bytes()
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("G")
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        table.move_cursor(row=names.index("cleaning"))
        await pilot.press("r")
        app.screen.query_one("#category-input", Input).value = "scrubbing"
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert path.read_bytes() != before
        assert isinstance(app.screen, CategoryManager)
        await pilot.press("u")
        await settle(app, pilot)
        assert path.read_bytes() == before
        table = app.screen.query_one(DataTable)
        names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert "cleaning" in names and "scrubbing" not in names


async def test_a_screen_worker_that_fails_is_shown(app_for, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A worker started by a screen (here the folder's loading) that fails: the person is told,
    the app goes on. Textual does not bubble a worker's state change from a screen to the app,
    so a failed load used to leave "Reading the folder…" on screen with no word of why."""
    from tui.core.errors import StorageError
    from tui.core.workspace import Workspace

    def load(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise StorageError("the cache cannot be read (a test)")
        yield  # pragma: no cover

    monkeypatch.setattr(Workspace, "load", load)
    app = app_for()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        shown = [n.message for n in app._notifications]
        assert any("Something failed (load_folder)" in m and "a test" in m for m in shown), shown
        assert app.is_running
