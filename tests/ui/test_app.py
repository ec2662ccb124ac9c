"""Pilot tests: every interaction of the main screen, driven as a person would."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from textual.widgets import Input, OptionList, Select, SelectionList, Tabs

from tests.ui.conftest import SIZE, settle
from tui.ui.screens.categories_editor import CategoriesEditor
from tui.ui.screens.confirm import Confirm
from tui.ui.screens.help import HelpScreen
from tui.ui.screens.links import LinksScreen
from tui.ui.screens.status_picker import StatusPicker
from tui.ui.widgets.article_list import ArticleList
from tui.ui.widgets.faq_pane import FaqEntry, FaqPane
from tui.ui.widgets.outline import Outline
from tui.ui.widgets.reader import ChunkView, Reader


def listed(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.path for a in app.main.query_one(ArticleList).articles]


async def open_path(app, pilot, path: str) -> None:  # type: ignore[no-untyped-def]
    app.main.open_from_palette(path)  # selects the row, as a person does
    await settle(app, pilot)


async def test_starts_on_drafts_with_counts_and_first_draft_open(app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        paths = listed(app)
        assert paths and all(app.main.articles[p].status == "draft" for p in paths)
        tabs = app.main.query_one("#status-tabs", Tabs)
        assert tabs.active == "status-draft"
        labels = [str(t.label) for t in tabs.query("Tab")]
        assert "Draft 12" in labels and "Pending 3" in labels and "All 25" in labels
        assert app.main.open_path == paths[0]
        assert app.main.query_one(Reader).article is not None


async def test_status_tabs_category_and_text_filters_combine(app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        tabs = app.main.query_one("#status-tabs", Tabs)
        tabs.active = "status-pending"
        await pilot.pause()
        assert sorted(listed(app)) == ["songs/night-ferry.md", "songs/starling-season.md",
                                       "songs/wire-and-bone.md"]
        tabs.active = "status-all"
        await pilot.pause()
        assert len(listed(app)) == 25
        select = app.main.query_one("#category-select", Select)
        select.value = "folk"
        await pilot.pause()
        assert sorted(listed(app)) == ["songs/midnight-orchard.md", "songs/night-ferry.md",
                                       "songs/river-of-names.md"]
        await pilot.press("slash")
        assert app.focused is app.main.query_one("#text-filter", Input)
        await pilot.press("o", "r", "c")
        await pilot.pause()
        assert listed(app) == ["songs/midnight-orchard.md"]
        await pilot.press("escape")
        assert app.focused is app.main.query_one(ArticleList)
        tabs.active = "status-none"
        select.value = Select.NULL
        await pilot.press("slash", "ctrl+u")
        await pilot.pause()
        # `status: review` is a status of its own (issue 11), no longer lumped into None.
        assert sorted(listed(app)) == ["notes/style-guide.md"]


async def test_sort_by_title_and_date(app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        listing = app.main.query_one(ArticleList)
        listing.focus()
        await pilot.press("t")
        titles = [a.title.casefold() for a in listing.articles]
        assert titles == sorted(titles)
        await pilot.press("t")
        titles = [a.title.casefold() for a in listing.articles]
        assert titles == sorted(titles, reverse=True)
        await pilot.press("d")
        dates = [a.iso_date for a in listing.articles if a.iso_date]
        assert dates == sorted(dates, reverse=True)


async def test_enter_opens_highlighted_article(app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        listing = app.main.query_one(ArticleList)
        listing.focus()
        await pilot.press("down", "down", "enter")
        await settle(app, pilot)
        assert app.main.open_path == listing.articles[2].path
        header = app.main.query_one(".article-header")
        assert listing.articles[2].title in str(header.render())


async def test_error_files_are_marked_and_show_their_error(app_for, sample_copy: Path) -> None:  # type: ignore[no-untyped-def]
    (sample_copy / "broken.md").write_bytes(b"---\ntitle: [unclosed\npost_status: draft\n---\nText\n")
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.main.query_one("#status-tabs", Tabs).active = "status-all"
        await pilot.pause()
        assert "broken.md" in listed(app)
        listing = app.main.query_one(ArticleList)
        row = listing.get_row("broken.md")
        assert "error" in str(row[0])
        await open_path(app, pilot, "broken.md")
        error = app.main.query_one(".article-error")
        assert "YAML" in str(error.render()) and "line" in str(error.render())


async def test_sections_scroll_the_reader_and_follow_it(app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_path(app, pilot, "songs/the-long-way-home.md")
        outline = app.main.query_one(Outline)
        assert [s.title for s in outline.sections][:2] == ["Key Takeaways",
                                                           "The Emotional Core: putting it off"]
        reader = app.main.query_one(Reader)
        assert reader.scroll_y == 0
        outline.focus()
        faq_index = [s.title for s in outline.sections].index("FAQ")
        outline.highlighted = faq_index
        await pilot.press("enter")
        await settle(app, pilot)
        assert reader.scroll_y > 0
        reader.scroll_home(animate=False)
        await settle(app, pilot)
        assert outline.highlighted is None  # the intro, before the first heading
        reader.scroll_end(animate=False)
        await settle(app, pilot)
        assert outline.highlighted == faq_index


async def test_faq_expands_and_scrolls_reader(app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_path(app, pilot, "songs/glass-harbour.md")
        entries = app.main.query_one(FaqPane).entries()
        assert [e.item.question for e in entries] == [
            "Is Glass Harbour about a real place?",
            "Why does the chorus change from “I” to “we”?",
            "Is there a hidden track after it?",
        ]
        reader = app.main.query_one(Reader)
        await pilot.click(entries[1].query_one("CollapsibleTitle"))
        await settle(app, pilot)
        assert not entries[1].collapsed
        assert reader.scroll_y > 0
        answer = entries[1].query_one(".faq-answer")
        assert "backing vocals" in str(answer.render())


async def test_find_next_previous_highlighted(app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_path(app, pilot, "songs/glass-harbour.md")
        await pilot.press("ctrl+f")
        find = app.main.query_one("#find", Input)
        assert app.focused is find
        await pilot.press(*"harbour")
        await pilot.pause()
        reader = app.main.query_one(Reader)
        total = len(reader.matches)
        assert total >= 3
        await pilot.press("enter")
        await settle(app, pilot)
        assert reader.match_index == 0
        assert "1 of" in str(app.main.query_one("#find-count").render())
        await pilot.press("down")
        await settle(app, pilot)
        assert reader.match_index == 1
        await pilot.press("up", "up")
        await settle(app, pilot)
        assert reader.match_index == total - 1
        views = [v for v in reader.chunk_views() if v.term == "harbour"]
        assert views, "chunks carry the highlight term"
        await pilot.press("escape")
        assert reader.term == ""


async def test_status_picker_narrows_and_applies(app_for, sample_copy: Path) -> None:  # type: ignore[no-untyped-def]
    app = app_for()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await open_path(app, pilot, "songs/copper-sky.md")
        app.main.query_one(ArticleList).focus()
        await pilot.press("s")
        assert isinstance(app.screen, StatusPicker)
        await pilot.press(*"pen")
        options = app.screen.query_one("#status-options", OptionList)
        assert options.option_count == 1
        await pilot.press("enter")
        await settle(app, pilot)
        text = (sample_copy / "songs" / "copper-sky.md").read_text()
        assert "post_status: pending\n" in text
        assert app.main.articles["songs/copper-sky.md"].status == "pending"
        assert "songs/copper-sky.md" not in listed(app)  # drafts only
        tabs = app.main.query_one("#status-tabs", Tabs)
        assert "Pending 4" in [str(t.label) for t in tabs.query("Tab")]
        notes = [n.message for n in app._notifications]
        assert any("copper-sky.md" in m and "draft → pending" in m for m in notes)


async def test_categories_editor_ticks_and_adds(app_for, sample_copy: Path) -> None:  # type: ignore[no-untyped-def]
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_path(app, pilot, "songs/copper-sky.md")
        await pilot.press("c")
        assert isinstance(app.screen, CategoriesEditor)
        selections = app.screen.query_one(SelectionList)
        assert set(selections.selected) == {"song-meanings", "country"}
        selections.deselect("country")
        app.screen.query_one("#new-category", Input).focus()
        await pilot.press(*"dust bowl", "enter")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        text = (sample_copy / "songs" / "copper-sky.md").read_text()
        assert "    - dust bowl\n" in text and "country" not in text
        assert app.main.articles["songs/copper-sky.md"].categories == ("song-meanings", "dust bowl")


async def test_undo_restores_the_file(app_for, sample_copy: Path) -> None:  # type: ignore[no-untyped-def]
    path = sample_copy / "songs" / "copper-sky.md"
    before = path.read_bytes()
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_path(app, pilot, "songs/copper-sky.md")
        await pilot.press("s", *"publish", "enter")
        await settle(app, pilot)
        assert path.read_bytes() != before
        await pilot.press("u")
        await settle(app, pilot)
        assert path.read_bytes() == before
        assert app.main.articles["songs/copper-sky.md"].status == "draft"


async def test_external_editor_then_reload(app_for, sample_copy: Path, tmp_path: Path,
                                           monkeypatch) -> None:  # type: ignore[no-untyped-def]
    script = tmp_path / "fake-editor.sh"
    script.write_text('#!/bin/sh\nsed -i "s/post_status: draft/post_status: private/" "$1"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("EDITOR", str(script))
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_path(app, pilot, "songs/copper-sky.md")
        await pilot.press("e")
        await settle(app, pilot)
        assert app.main.articles["songs/copper-sky.md"].status == "private"


async def test_help_lists_every_key(app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = {k for k, _ in app.screen.keys}
        assert {"/", "enter", "s", "c", "u", "e", "ctrl+f", "?", "q", "ctrl+p"} <= keys
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_q_quits(app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code in (0, None)
    assert not app.is_running


async def test_palette_jumps_to_article_by_title(app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Open: Paper Crowns")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.main.open_path == "songs/paper-crowns.md"
        assert "songs/paper-crowns.md" in listed(app)  # the filter widened to show it


async def test_palette_runs_actions(app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Show pending")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.main.status_filter == "pending"


async def test_state_is_remembered_per_folder(app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for(remember=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.main.query_one("#status-tabs", Tabs).active = "status-publish"
        await pilot.pause()
        await open_path(app, pilot, "songs/river-of-names.md")
        app.main.query_one(Reader).scroll_end(animate=False)
        await settle(app, pilot)
        await pilot.press("q")
    app2 = app_for(remember=True)
    async with app2.run_test(size=SIZE) as pilot:
        await settle(app2, pilot)
        assert app2.main.status_filter == "publish"
        assert app2.main.open_path == "songs/river-of-names.md"
        await settle(app2, pilot)
        assert app2.main.query_one(Reader).scroll_y > 0


async def test_external_change_is_picked_up(app_for, sample_copy: Path) -> None:  # type: ignore[no-untyped-def]
    app = app_for(watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        path = sample_copy / "songs" / "copper-sky.md"
        path.write_text(path.read_text().replace("post_status: draft", "post_status: trash"))
        new = sample_copy / "songs" / "new-song.md"
        new.write_text("---\ntitle: Brand New\npost_status: draft\n---\nHello\n")
        for _ in range(60):
            await pilot.pause(0.1)
            if (app.main.articles.get("songs/copper-sky.md").status == "trash"
                    and "songs/new-song.md" in app.main.articles):
                break
        assert app.main.articles["songs/copper-sky.md"].status == "trash"
        assert "songs/new-song.md" in listed(app)


async def test_changes_are_picked_up_where_file_events_fail(
        app_for, sample_copy: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """watchfiles stops on a file name that is not UTF-8 ('Unable to decode path'): the folder
    is then looked at every few seconds, and changes still reach the list (they did not, and a
    toast said something failed)."""
    import watchfiles

    import tui.ui.screens.main as main_module

    def failing(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError('Unable to decode path "/x/caf\\xe9.md" to string')
        yield  # a generator, as watch is

    monkeypatch.setattr(watchfiles, "watch", failing)
    monkeypatch.setattr(main_module, "POLL_SECONDS", 0.2)
    app = app_for(watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.pause(0.3)  # the first look at the folder
        path = sample_copy / "songs" / "copper-sky.md"
        path.write_text(path.read_text().replace("post_status: draft", "post_status: trash"))
        (sample_copy / "songs" / "new-song.md").write_text(
            "---\ntitle: Brand New\npost_status: draft\n---\nHello\n")
        for _ in range(60):
            await pilot.pause(0.1)
            if (app.main.articles["songs/copper-sky.md"].status == "trash"
                    and "songs/new-song.md" in app.main.articles):
                break
        assert app.main.articles["songs/copper-sky.md"].status == "trash"
        assert "songs/new-song.md" in listed(app)
        assert not any("failed" in str(n.message) for n in app._notifications)


async def test_conflict_offers_reload_or_apply(app_for, sample_copy: Path) -> None:  # type: ignore[no-untyped-def]
    path = sample_copy / "songs" / "copper-sky.md"
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_path(app, pilot, "songs/copper-sky.md")
        os.utime(path, ns=(1, 1))
        path.write_text(path.read_text() + "\nAdded elsewhere.\n")
        await pilot.press("s", *"publish", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.click("#apply")
        await settle(app, pilot)
        text = path.read_text()
        assert "post_status: publish" in text and "Added elsewhere." in text


async def test_links_open_only_web_links_after_confirmation(app_for, sample_copy: Path,
                                                           monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (sample_copy / "links.md").write_text(
        "---\ntitle: Links\npost_status: draft\n---\n[site](https://example.org/a) and "
        "[bad](javascript:alert(1)) and [file](file:///etc/passwd)\n")
    opened: list[str] = []
    import webbrowser

    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url))
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_path(app, pilot, "links.md")
        await pilot.press("o")
        assert isinstance(app.screen, LinksScreen)
        options = app.screen.query_one(OptionList)
        assert [options.get_option_at_index(i).disabled for i in range(3)] == [False, True, True]
        options.highlighted = 1
        await pilot.press("enter")
        assert isinstance(app.screen, LinksScreen)  # disabled: nothing happens
        options.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, Confirm) and opened == []
        await pilot.click("#open")
        await pilot.pause()
        assert opened == ["https://example.org/a"]


async def test_markup_in_titles_is_shown_literally(app_for, sample_copy: Path) -> None:  # type: ignore[no-untyped-def]
    (sample_copy / "markup.md").write_text(
        '---\ntitle: "[@click=app.quit]x[/] [bold]b"\npost_status: draft\n'
        'categories: ["[red]c[/red]", "[/]"]\n---\nBody\n')
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_path(app, pilot, "markup.md")
        assert app.is_running
        header = str(app.main.query_one(".article-header").render())
        assert "[@click=app.quit]x[/] [bold]b" in header
        row = app.main.query_one(ArticleList).get_row("markup.md")
        assert "[@click=app.quit]x[/]" in str(row[1])
        assert "[red]c[/red], [/]" in str(row[2])


async def test_large_article_is_lazy_and_huge_one_plain(app_for, sample_copy: Path) -> None:  # type: ignore[no-untyped-def]
    big = "".join(f"## Section {i}\n\n" + ("Some words in a paragraph. " * 40 + "\n\n") * 3
                  for i in range(400))
    (sample_copy / "big.md").write_text("---\ntitle: Big\npost_status: draft\n---\n" + big)
    huge = "line of text\n" * 150_000
    (sample_copy / "huge.md").write_text("---\ntitle: Huge\npost_status: draft\n---\n" + huge)
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.main.open("big.md")
        for _ in range(50):
            await pilot.pause(0.05)
            shown = app.main.query_one(Reader).article
            if shown is not None and shown.path == "big.md":
                break
        reader = app.main.query_one(Reader)
        assert len(reader.chunks) == 400
        assert len(reader.chunk_views()) < 400  # the rest mounts in the background
        await settle(app, pilot)
        await open_path(app, pilot, "huge.md")
        assert reader.plain
        assert "too large" in str(app.main.query_one(".notice").render())


async def test_theme_switch_keeps_working(app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.theme = "textual-light"
        await open_path(app, pilot, "songs/glass-harbour.md")
        assert app.main.query_one(Reader).code_theme == "default"
        views = app.main.query_one(Reader).chunk_views()
        assert views and isinstance(views[0], ChunkView)
        app.theme = "textual-dark"
        await pilot.pause()
        assert app.is_running


async def test_faq_entry_type() -> None:
    from tui.core.model import FaqItem

    entry = FaqEntry(FaqItem("Q?", "A.", 3), 0)
    assert entry.item.question == "Q?"


async def test_keys_after_quit_do_nothing(app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.main.check_action("status", ())
        app.exit()
        assert not app.main.check_action("status", ())  # typed-ahead `s` opens nothing
