"""The article list: status, title, categories, date; sortable; errors marked; marks for batches.

A virtual list (a ScrollView that renders only the visible rows), so 50,000 articles scroll and
filter without lag.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static

from tui.core.model import Article
from tui.core.sanitize import clean_line

STATUS_STYLE = {
    "draft": "bold yellow", "pending": "bold magenta", "publish": "bold green",
    "private": "bold blue", "future": "bold cyan", "trash": "dim", None: "dim",
}
STATUS_W = 9
DATE_W = 10
MARK_W = 2
SCROLLBAR_W = 2  # the list keeps its scrollbar gutter, so the header lines up


def status_cell(article: Article) -> Text:
    if article.error:
        return Text("⚠ error", style="bold red")
    label = article.status or "—"
    return Text(label, style=STATUS_STYLE.get(article.status, "italic"))


def column_widths(width: int) -> tuple[int, int]:
    """(title, categories) widths for a list of this many cells."""
    rest = max(20, width - MARK_W - STATUS_W - DATE_W - 4)
    categories = max(10, min(30, rest // 3))
    return rest - categories, categories


class ListHeader(Static):
    """Column labels; clicking Title or Date sorts."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.sort_key = "date"
        self.sort_reverse = True

    def render(self) -> Text:
        title_w, cat_w = column_widths((self.size.width or 100) - SCROLLBAR_W)
        arrow = "↓" if self.sort_reverse else "↑"

        def label(name: str, key: str | None, width: int) -> str:
            text = f"{name} {arrow}" if key == self.sort_key else name
            return text[:width].ljust(width)

        line = (" " * MARK_W + label("Status", None, STATUS_W) + " "
                + label("Title", "title", title_w) + " " + label("Categories", None, cat_w)
                + " " + label("Date", "date", DATE_W))
        return Text(line, style="bold")

    def on_click(self, event: events.Click) -> None:
        title_w, cat_w = column_widths(self.size.width - SCROLLBAR_W)
        title_start = MARK_W + STATUS_W + 1
        date_start = title_start + title_w + 1 + cat_w + 1
        if title_start <= event.x < title_start + title_w:
            self.post_message(ArticleList.SortRequested("title"))
        elif event.x >= date_start:
            self.post_message(ArticleList.SortRequested("date"))


class ArticleList(ScrollView, can_focus=True):
    """One row per article; the cursor row is highlighted; marked rows carry a ●."""

    BINDINGS = [
        Binding("up", "cursor(-1)", show=False),
        Binding("down", "cursor(1)", show=False),
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

    # -- data -----------------------------------------------------------------------------------
    def _sorted(self, articles: Sequence[Article]) -> list[Article]:
        if self.sort_key == "title":
            return sorted(articles, key=lambda a: a.title.casefold(), reverse=self.sort_reverse)
        dated = [a for a in articles if a.iso_date]
        undated = [a for a in articles if not a.iso_date]
        dated.sort(key=lambda a: (a.iso_date or "")[:19], reverse=self.sort_reverse)
        return dated + sorted(undated, key=lambda a: a.path)

    def sort_all(self, articles: Sequence[Article]) -> list[Article]:
        """Sort in the list's current order (callers may sort once and filter many times)."""
        return self._sorted(articles)

    def show(self, articles: Sequence[Article], keep: str | None = None,
             presorted: bool = False) -> None:
        """Replace the rows, keeping the cursor on `keep` (a path) when it is still listed."""
        self.articles = list(articles) if presorted else self._sorted(articles)
        self._index = {a.path: i for i, a in enumerate(self.articles)}
        self.virtual_size = Size(self.size.width, len(self.articles))
        if keep is None or not self.select_path(keep):
            self.cursor_row = min(self.cursor_row, max(0, len(self.articles) - 1))
        self.refresh()

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

    def highlighted_path(self) -> str | None:
        if not self.articles or not 0 <= self.cursor_row < len(self.articles):
            return None
        return self.articles[self.cursor_row].path

    def move_cursor(self, row: int) -> None:
        if not self.articles:
            self.cursor_row = 0
            return
        self.cursor_row = max(0, min(row, len(self.articles) - 1))
        path = self.articles[self.cursor_row].path
        if path != self._announced:
            self._announced = path
            self.post_message(self.CursorMoved(path))
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
                return Strip(list(text.render(self.app.console)), width).extend_cell_length(
                    width, self.rich_style)
            return Strip.blank(width, self.rich_style)
        article = self.articles[row]
        title_w, cat_w = column_widths(width)
        status, title, cats, when = self._cells(article)
        line = Text(no_wrap=True, overflow="ellipsis")
        if article.path in self.marked:
            line.append("● ", style="bold magenta")
        elif article.path == self.open_path:
            line.append("▶ ", style="bold")
        else:
            line.append("  ")
        for cell, w in ((status, STATUS_W), (title, title_w), (cats, cat_w), (when, DATE_W)):
            cell.truncate(w, overflow="ellipsis", pad=True)
            line.append_text(cell)
            line.append(" ")
        base = self.rich_style
        if row == self.cursor_row:
            cursor = self.get_component_rich_style("article-list--cursor")
            base = base + cursor
        elif row % 2:
            base = base + self.get_component_rich_style("article-list--even")
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
        self.virtual_size = Size(self.size.width, len(self.articles))

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
