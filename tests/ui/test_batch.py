"""Pilot tests of marking, batch preview, confirm, batch undo, the category manager, search and
review."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, OptionList, Tabs

from tests.ui.conftest import SIZE, settle
from tui.ui.screens.category_manager import CategoryManager
from tui.ui.screens.preview import PreviewScreen
from tui.ui.screens.search import SearchScreen
from tui.ui.screens.status_picker import StatusPicker
from tui.ui.widgets.article_list import ArticleList


async def test_mark_preview_confirm_and_one_undo(app_for, sample_copy: Path) -> None:  # type: ignore[no-untyped-def]
    files = {p: p.read_bytes() for p in sample_copy.rglob("*.md")}
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        listing = app.main.query_one(ArticleList)
        listing.focus()
        listing.move_cursor(0)
        await pilot.press("space", "space", "space")
        assert len(app.marked) == 3
        assert "3 marked" in app.main.sub_title
        marked = sorted(app.marked)
        await pilot.press("s")
        assert isinstance(app.screen, StatusPicker)
        await pilot.press(*"pending", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        assert len(app.screen.changing) == 3
        assert all(p.read_bytes() == b for p, b in files.items())  # nothing written yet
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert all(app.main.articles[p].status == "pending" for p in marked)
        await pilot.press("u")
        await settle(app, pilot)
        assert all(p.read_bytes() == b for p, b in files.items())


async def test_mark_all_shown_and_clear(app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.main.query_one(ArticleList).focus()
        await pilot.press("a")
        assert len(app.marked) == 12  # every draft shown
        await pilot.press("x")
        assert not app.marked


async def test_batch_preview_lists_refusals(app_for, sample_copy: Path) -> None:  # type: ignore[no-untyped-def]
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.marked.update({"jekyll/_drafts/interview-with-a-luthier.md", "songs/copper-sky.md"})
        app.main.query_one(ArticleList).focus()
        await pilot.press("s", *"publish", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        refused = [r for r in app.screen.results if r.refused]
        assert [r.relpath for r in refused] == ["jekyll/_drafts/interview-with-a-luthier.md"]
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.main.articles["songs/copper-sky.md"].status == "draft"  # cancelled


async def test_category_manager_merges_near_duplicates(app_for, sample_copy: Path) -> None:  # type: ignore[no-untyped-def]
    (sample_copy / "dup.md").write_text(
        "---\ntitle: Dup\npost_status: draft\ncategories:\n  - Song Meanings\n---\nText\n")
    app = app_for()
    async with app.run_test(size=(140, 44)) as pilot:
        await settle(app, pilot)
        await pilot.press("C")
        assert isinstance(app.screen, CategoryManager)
        manager = app.screen
        names = [c.name for c in manager.report]
        assert names[0] == "song-meanings"
        assert manager.report[0].near == ["Song Meanings"]
        by_status = manager.report[0].by_status
        assert by_status["draft"] == 7 and by_status["publish"] == 3
        manager.query_one(DataTable).move_cursor(row=0)
        await pilot.press("M")
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "  - song-meanings\n" in (sample_copy / "dup.md").read_text()
        assert isinstance(app.screen, CategoryManager)
        assert "Song Meanings" not in [c.name for c in app.screen.report]


async def test_category_manager_rename_and_remove(app_for, sample_copy: Path) -> None:  # type: ignore[no-untyped-def]
    app = app_for()
    async with app.run_test(size=(140, 44)) as pilot:
        await settle(app, pilot)
        await pilot.press("C")
        manager = app.screen
        assert isinstance(manager, CategoryManager)
        row = [c.name for c in manager.report].index("folk")
        manager.query_one(DataTable).move_cursor(row=row)
        await pilot.press("r")
        assert app.focused is manager.query_one("#category-input", Input)
        await pilot.press(*"folk-music", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen) and len(app.screen.changing) == 3
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "folk-music" in (sample_copy / "songs" / "night-ferry.md").read_text()
        row = [c.name for c in manager.report].index("metal")
        manager.query_one(DataTable).move_cursor(row=row)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "metal" not in (sample_copy / "songs" / "thunder-in-april.md").read_text()
        await pilot.press("o")
        names = [c.name for c in manager.report]
        assert names == sorted(names, key=str.casefold)


async def test_search_screen_ranks_and_opens(app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("S")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"lighthouse")
        for _ in range(40):
            await pilot.pause(0.05)
            if app.screen.hits:
                break
        hits = app.screen.hits
        assert hits and hits[0].path == "songs/glass-harbour.md"
        results = app.screen.query_one(OptionList)
        assert "lighthouse" in str(results.get_option_at_index(0).prompt).lower()
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.main.open_path == "songs/glass-harbour.md"


async def test_review_next_previous(app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        listing = app.main.query_one(ArticleList)
        first, second = listing.articles[0].path, listing.articles[1].path
        assert app.main.open_path == first
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert app.main.open_path == second
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert app.main.open_path == first


async def test_progress_and_all_tab(app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert not app.main.query_one("#progress").display
        app.main.query_one("#status-tabs", Tabs).active = "status-all"
        await pilot.pause()
        assert len(app.main.query_one(ArticleList).articles) == 25
