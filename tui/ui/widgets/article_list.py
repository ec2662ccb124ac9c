"""The article list: status, title, categories, date; sortable; errors marked; marks for batches.

A virtual list (a ScrollView that renders only the visible rows), so 50,000 articles scroll and
filter without lag.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from rich.terminal_theme import TerminalTheme
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.color import Color
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static

from tui.core.model import Article
from tui.core.sanitize import clean_line
from tui.core.search.filters import by_date
from tui.ui.contrast import readable

# The hue of each status label: the theme's ANSI colours (Textual's dark or light ANSI theme),
# darkened or lightened per row until the label reads at 4.5:1 on that row's background.
STATUS_HUE = {
    "draft": "yellow", "pending": "magenta", "publish": "green", "private": "blue",
    "future": "cyan", "trash": "bright_black", None: "bright_black",
}
ERROR_HUE = "red"
MARK_HUE = "magenta"
STATUS_W = 9
DATE_W = 10
MARK_W = 2
MAX_SHARE = 0.38  # of the screen's height, at most
PATH_MIN = 16  # a path column narrower than this is not shown (duplicate titles show it instead)


@lru_cache(maxsize=256)
def hue_on(hue: str, background: Color, ansi: TerminalTheme) -> Color:
    """A named ANSI hue as this theme draws it, made readable (4.5:1) on `background`."""
    red, green, blue = RichColor.parse(hue).get_truecolor(ansi)
    return readable(Color(red, green, blue), background)


def status_cell(article: Article) -> Text:
    """The status label; its colour is chosen when the row is drawn (see `status_style`)."""
    if article.error:
        return Text("⚠ error")
    return Text(article.status or "—", style="" if article.status else "italic")


def status_hue(article: Article) -> str:
    return ERROR_HUE if article.error else STATUS_HUE.get(article.status, "bright_black")


@dataclass(frozen=True)
class Columns:
    """Cell widths of the list's flexible columns (status, date and the mark are fixed)."""

    title: int
    categories: int
    path: int  # 0: no path column

    def starts(self) -> tuple[int, int, int, int, int]:
        """Where status, title, categories, date and path begin."""
        title = MARK_W + STATUS_W + 1
        categories = title + self.title + 1
        date = categories + self.categories + 1
        return MARK_W, title, categories, date, date + DATE_W + 1


def column_widths(width: int, title_need: int = 80, categories_need: int = 30,
                  path_need: int = 0) -> Columns:
    """Share `width` cells by content: the title first (up to what the longest title needs),
    categories a quarter and more when there is room, then a path column if it fits."""
    rest = max(20, width - MARK_W - STATUS_W - DATE_W - 4)
    categories_need = max(len("Categories"), categories_need)
    categories = min(categories_need, max(10, rest // 4))
    title = rest - categories
    path = 0
    title_need = max(len("Title ↓"), title_need)
    if title > title_need:
        spare = title - title_need
        title = title_need
        grow = min(spare, categories_need - categories)
        categories += grow
        spare -= grow
        if path_need and spare - 1 >= min(path_need, PATH_MIN):
            path = min(path_need, spare - 1)
            spare -= path + 1
        title += spare
    return Columns(title, categories, path)


class ListHeader(Static):
    """Column labels, lined up with the list's columns; clicking Title or Date sorts."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.sort_key = "date"
        self.sort_reverse = True

    def _columns(self) -> Columns:
        lists = self.parent.query(ArticleList) if self.parent else None
        if lists:
            return lists.first().columns
        return column_widths(self.size.width or 100)

    def render(self) -> Text:
        columns = self._columns()
        arrow = "↓" if self.sort_reverse else "↑"

        def label(name: str, key: str | None, width: int) -> str:
            text = f"{name} {arrow}" if key == self.sort_key else name
            return text[:width].ljust(width)

        line = (" " * MARK_W + label("Status", None, STATUS_W) + " "
                + label("Title", "title", columns.title) + " "
                + label("Categories", None, columns.categories)
                + " " + label("Date", "date", DATE_W))
        if columns.path:
            line += " " + label("Path", None, columns.path)
        return Text(line, style="bold", no_wrap=True, overflow="ellipsis")

    def on_click(self, event: events.Click) -> None:
        _, title_start, categories_start, date_start, path_start = self._columns().starts()
        if title_start <= event.x < categories_start - 1:
            self.post_message(ArticleList.SortRequested("title"))
        elif date_start <= event.x < path_start - 1:
            self.post_message(ArticleList.SortRequested("date"))


class ArticleList(ScrollView, can_focus=True):
    """One row per article; the cursor row is highlighted; marked rows carry a ●."""

    BINDINGS = [
        Binding("up,k", "cursor(-1)", show=False),
        Binding("down,j", "cursor(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "jump(0)", show=False),
        Binding("end", "jump(-1)", show=False),
        Binding("enter", "select", "Open", show=False),
        Binding("t", "sort('title')", "Sort title", show=False),
        Binding("d", "sort('date')", "Sort date", show=False),
    ]

    @dataclass
    class RowSelected(Message):
        path: str

    @dataclass
    class SortRequested(Message):
        key: str

    @dataclass
    class CursorMoved(Message):
        """The highlighted row changed (the reader follows it, debounced)."""

        path: str

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.sort_key = "date"
        self.sort_reverse = True
        self.articles: list[Article] = []
        self._index: dict[str, int] = {}
        self.cursor_row = 0
        self.marked: set[str] = set()
        self.open_path: str | None = None  # the article shown in the reader: marked ▶
        self.empty_message = ""  # shown when no row is listed: why, and which key shows more
        self._announced: str | None = None
        self._needs = (0, 0, 0)  # the longest title, categories and path listed
        self._duplicates: set[str] = set()  # titles listed more than once
        self.columns = column_widths(100)
        self._height = 0

    # -- data -----------------------------------------------------------------------------------
    def _sorted(self, articles: Sequence[Article]) -> list[Article]:
        if self.sort_key == "title":
            return sorted(articles, key=lambda a: a.title.casefold(), reverse=self.sort_reverse)
        return by_date(articles, newest_first=self.sort_reverse)

    def sort_all(self, articles: Sequence[Article]) -> list[Article]:
        """Sort in the list's current order (callers may sort once and filter many times)."""
        return self._sorted(articles)

    def show(self, articles: Sequence[Article], keep: str | None = None,
             presorted: bool = False) -> None:
        """Replace the rows, keeping the cursor on `keep` (a path) when it is still listed."""
        self.articles = list(articles) if presorted else self._sorted(articles)
        self._index = {a.path: i for i, a in enumerate(self.articles)}
        self._fit_height()
        self._measure()
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.articles))
        if keep is None or not self.select_path(keep):
            self.cursor_row = min(self.cursor_row, max(0, len(self.articles) - 1))
        self._announce()
        self.refresh()

    def on_mount(self) -> None:
        # Every layout (a resize among them) re-checks the height cap, a share of the screen.
        self.screen.screen_layout_refresh_signal.subscribe(self, self._fit_height)

    def _fit_height(self, *_: object) -> None:
        """As tall as the rows, up to MAX_SHARE of the screen: one article leaves no empty
        rows. (Set here: a max-height in vh is not honoured by the auto-height box around.)"""
        cap = max(3, int(self.app.size.height * MAX_SHARE))
        height = max(1, min(len(self.articles), cap))
        if height != self._height:
            self._height = height
            self.styles.height = height

    def _measure(self) -> None:
        """What the listed rows need (lengths, not cells: cheap enough per keystroke), and the
        titles listed twice or more (those rows show their path when no path column fits)."""
        rows = self.articles
        titles = Counter(a.title for a in rows)
        self._duplicates = {t for t, n in titles.items() if n > 1}
        self._needs = (max((len(t) for t in titles), default=0),
                       max((sum(len(c) + 2 for c in a.categories) for a in rows), default=0),
                       max((len(a.path) for a in rows), default=0))
        self._layout()

    def _layout(self) -> None:
        columns = column_widths(self.scrollable_content_region.width or 100, *self._needs)
        if columns != self.columns:
            self.columns = columns
            if self.parent is not None:
                for header in self.parent.query(ListHeader):
                    header.refresh()

    def get_row(self, path: str) -> tuple[Text, Text, Text, Text]:
        article = self.articles[self._index[path]]
        return self._cells(article)

    def _cells(self, a: Article) -> tuple[Text, Text, Text, Text]:
        return (status_cell(a), Text(clean_line(a.title), style="red" if a.error else ""),
                Text(clean_line(", ".join(a.categories)), style="dim"),
                Text((a.iso_date or "")[:10]))

    def select_path(self, path: str) -> bool:
        index = self._index.get(path)
        if index is None:
            return False
        self.move_cursor(index)
        return True

    def _announce(self) -> None:
        """Say when the highlighted article changed, whatever moved it (a key, a click, or
        rows coming and going under the cursor)."""
        path = self.highlighted_path()
        if path is not None and path != self._announced:
            self._announced = path
            self.post_message(self.CursorMoved(path))

    def highlighted_path(self) -> str | None:
        if not self.articles or not 0 <= self.cursor_row < len(self.articles):
            return None
        return self.articles[self.cursor_row].path

    def move_cursor(self, row: int) -> None:
        if not self.articles:
            self.cursor_row = 0
            return
        self.cursor_row = max(0, min(row, len(self.articles) - 1))
        self._announce()
        height = max(1, self.scrollable_content_region.height)
        y = self.scroll_offset.y
        if self.cursor_row < y:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif self.cursor_row >= y + height:
            self.scroll_to(y=self.cursor_row - height + 1, animate=False)
        self.refresh()

    # -- drawing --------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        row = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if row >= len(self.articles):
            if not self.articles and y == 0 and self.empty_message:
                text = Text("  " + self.empty_message, style="italic", no_wrap=True,
                            overflow="ellipsis")
                text.truncate(width, overflow="ellipsis")
                # The strip's length is what the text takes: extended to the width with blanks
                # (a length given as the width left the last row's cells on screen).
                return Strip(list(text.render(self.app.console))).extend_cell_length(
                    width, self.rich_style)
            return Strip.blank(width, self.rich_style)
        article = self.articles[row]
        columns = self.columns
        status, title, cats, when = self._cells(article)
        base = self.rich_style
        if row == self.cursor_row:
            base = base + self.get_component_rich_style("article-list--cursor")
        elif row % 2:
            base = base + self.get_component_rich_style("article-list--even")
        background = Color.from_rich_color(base.bgcolor)
        ansi = self.app.ansi_theme

        def colored(hue: str) -> Style:
            return Style(color=hue_on(hue, background, ansi).rich_color, bold=True)

        status.stylize(colored(status_hue(article)))
        if not columns.path and article.title in self._duplicates:
            title.append(f"  {clean_line(article.path)}", style="dim")
        line = Text(no_wrap=True, overflow="ellipsis")
        if article.path in self.marked:
            line.append("● ", style=colored(MARK_HUE))
        elif article.path == self.open_path:
            line.append("▶ ", style="bold")
        else:
            line.append("  ")
        cells = [(status, STATUS_W), (title, columns.title), (cats, columns.categories),
                 (when, DATE_W)]
        if columns.path:
            cells.append((Text(clean_line(article.path), style="dim"), columns.path))
        for cell, w in cells:
            cell.truncate(w, overflow="ellipsis", pad=True)
            line.append_text(cell)
            line.append(" ")
        segments = [Segment(seg.text, base + seg.style if seg.style else base)
                    for seg in line.render(self.app.console)]
        strip = Strip(segments).crop(0, width)
        return strip.extend_cell_length(width, base)

    COMPONENT_CLASSES = {"article-list--cursor", "article-list--even"}

    DEFAULT_CSS = """
    ArticleList > .article-list--cursor { background: $primary 40%; text-style: bold; }
    ArticleList:focus > .article-list--cursor { background: $primary 70%; }
    ArticleList > .article-list--even { background: $foreground 4%; }
    """

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.articles))
        self._layout()

    # -- actions --------------------------------------------------------------------------------
    def action_cursor(self, step: int) -> None:
        self.move_cursor(self.cursor_row + step)

    def action_page(self, step: int) -> None:
        self.move_cursor(self.cursor_row + step * max(1, self.scrollable_content_region.height - 1))

    def action_jump(self, row: int) -> None:
        self.move_cursor(row if row >= 0 else len(self.articles) - 1)

    def action_select(self) -> None:
        path = self.highlighted_path()
        if path:
            self.post_message(self.RowSelected(path))

    def action_sort(self, key: str) -> None:
        if self.sort_key == key:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_key = key
            self.sort_reverse = key == "date"
        self.show(self.articles, keep=self.highlighted_path())
        self.post_message(self.SortRequested(""))  # the header redraws; the screen re-sorts

    def on_click(self, event: events.Click) -> None:
        row = self.scroll_offset.y + event.y
        if 0 <= row < len(self.articles):
            self.focus()
            self.move_cursor(row)
            self.action_select()
