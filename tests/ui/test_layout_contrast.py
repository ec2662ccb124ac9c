"""Issue 10: list layout, status tabs by digit, category manager widths, help keys, contrast."""

from __future__ import annotations

from rich.color import Color as RichColor
from textual.color import Color
from textual.widgets import Tabs
from textual.widgets._footer import FooterKey

from tests.ui.conftest import settle
from tui.ui.contrast import AA, contrast
from tui.ui.screens.category_manager import CategoryManager, column_widths, pack
from tui.ui.screens.help import key_rows
from tui.ui.screens.search import results_status
from tui.ui.widgets.article_list import ArticleList
from tui.ui.widgets.article_list import column_widths as list_widths

STATUS_WORDS = ("draft", "pending", "publish", "private", "future", "trash")


def _truecolor(color: RichColor, app) -> Color:
    """A segment's colour as the terminal shows it (ANSI names through the app's ANSI theme)."""
    r, g, b = color.get_truecolor(app.ansi_theme)
    return Color(r, g, b)


async def test_status_labels_and_footer_keys_read_at_4_5_to_1(app_for) -> None:
    app = app_for()
    async with app.run_test(size=(120, 80)) as pilot:  # tall: all 25 rows on screen
        await settle(app, pilot)
        app.main.query_one("#status-tabs", Tabs).active = "status-all"
        await pilot.pause()
        listing = app.main.query_one(ArticleList)
        for theme in ("textual-dark", "textual-light"):
            app.theme = theme
            await pilot.pause()
            # The theme's own background (Textual's Theme -> its colour system).
            background = app.current_theme.to_color_system().generate()["background"]
            assert Color.from_rich_color(listing.rich_style.bgcolor) == Color.parse(background)
            seen = set()
            for y in range(listing.size.height):
                for seg in listing.render_line(y):
                    word = seg.text.strip()
                    if word in STATUS_WORDS and seg.style and seg.style.color:
                        fg = _truecolor(seg.style.color, app)
                        bg = _truecolor(seg.style.bgcolor, app)
                        ratio = contrast(fg, bg)
                        assert ratio >= AA, f"{theme}: {word} {fg.hex} on {bg.hex}: {ratio:.2f}"
                        seen.add(word)
            assert set(STATUS_WORDS) <= seen
            key = app.main.query(FooterKey).first().get_component_rich_style("footer-key--key")
            ratio = contrast(_truecolor(key.color, app), _truecolor(key.bgcolor, app))
            assert ratio >= AA, f"{theme}: footer key {ratio:.2f}"


def test_old_draft_colour_failed_on_light() -> None:
    # The measurement: ANSI yellow as textual-light draws it, on its background.
    from textual.app import App

    app: App[None] = App()
    theme = app.get_theme("textual-light")
    assert theme is not None
    background = Color.parse(theme.to_color_system().generate()["background"])
    yellow = RichColor.parse("yellow").get_truecolor(app.ansi_theme_light)
    assert contrast(Color(*yellow), background) < AA


def test_list_columns_share_width_by_content() -> None:
    narrow, wide = list_widths(80 - 2, 60, 40, 30), list_widths(200 - 2, 60, 40, 30)
    assert narrow.path == 0 and narrow.title > narrow.categories
    assert wide.title >= 60 and wide.categories == 40 and wide.path == 30
    assert list_widths(120, 20, 15, 0).title >= 20  # spare room is never lost


async def test_list_height_fits_rows_and_digits_pick_tabs(app_for) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        listing = app.main.query_one(ArticleList)
        # The built-in statuses, then `review` (met in the folder, not built in), All, None.
        keys = ("draft", "pending", "publish", "private", "future", "trash", "review",
                "all", "none")
        assert app.main.status_keys() == list(keys[:-2])
        for n, key in enumerate(keys, start=1):
            await pilot.press(str(n))
            await pilot.pause()
            assert app.main.query_one("#status-tabs", Tabs).active == f"status-{key}"
            assert app.main.status_filter == key
            rows = len(listing.articles)
            assert listing.size.height == max(1, min(rows, int(24 * 0.38)))
            assert not listing.show_horizontal_scrollbar


async def test_j_k_move_in_the_list(app_for) -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        listing = app.main.query_one(ArticleList)
        listing.focus()
        start = listing.cursor_row
        await pilot.press("j", "j")
        assert listing.cursor_row == start + 2
        await pilot.press("k")
        assert listing.cursor_row == start + 1


async def test_category_manager_shows_every_status(app_for) -> None:
    for size in ((80, 24), (120, 40), (200, 60)):
        app = app_for()
        async with app.run_test(size=size) as pilot:
            await settle(app, pilot)
            await pilot.press("C")
            await settle(app, pilot)
            screen = app.screen
            assert isinstance(screen, CategoryManager)
            table = screen.query_one("#category-table")
            width = sum(c.get_render_width(table) for c in table.columns.values())  # type: ignore[attr-defined]
            assert width <= table.size.width, size
            row = table.get_row("song-meanings")  # type: ignore[attr-defined]
            text = str(row[2])
            for word in ("draft 7", "pending 3", "publish 3", "private 1", "future 1", "trash 1"):
                assert word in text, (size, text)


def test_pack_and_widths_never_drop_an_item() -> None:
    items = ["draft 7", "pending 3", "publish 3", "private 1", "future 1", "trash 1", "none 1"]
    lines = pack(items, 20)
    assert " ".join(lines).split("  ") and all(len(line) <= 20 for line in lines)
    assert sum(line.count(" ") for line in lines) >= len(items)
    assert all(any(i in line for line in lines) for i in items)
    rows = [("song-meanings", "16", items, ["≈ Song Meanings"])]
    name, count, status, near = column_widths(60, rows)
    assert name + count + status + near + 8 <= max(60, 30 + 8 + count)


def test_help_keys_as_typed_each_once() -> None:
    rows = key_rows([("right_square_bracket", "Next article"), ("left_square_bracket", "Prev"),
                     ("?", "Help"), ("ctrl+p", "Commands"), ("ctrl+f", "Find"),
                     ("space", "Mark"), ("1", "")])
    keys = [k for k, _ in rows]
    assert "]" in keys and "[" in keys and "ctrl+f" in keys and "space" in keys
    assert keys.count("ctrl+p") == 1 and "1" not in keys
    assert not any("square_bracket" in k for k in keys)


def test_search_says_first_n_when_capped() -> None:
    assert results_status(1, False) == "1 result"
    assert results_status(3, False) == "3 results"
    assert results_status(100, True).startswith("the first 100 results")
