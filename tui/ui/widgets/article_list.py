"""The article list: status, title, categories, date; sortable; errors marked."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from tui.core.model import Article
from tui.core.sanitize import clean_line

STATUS_STYLE = {
    "draft": "bold yellow", "pending": "bold magenta", "publish": "bold green",
    "private": "bold blue", "future": "bold cyan", "trash": "dim", None: "dim",
}


def status_cell(article: Article) -> Text:
    if article.error:
        return Text("⚠ error", style="bold red")
    label = article.status or "—"
    return Text(label, style=STATUS_STYLE.get(article.status, "italic"))


class ArticleList(DataTable[Text]):
    """One row per article, keyed by its relative path."""

    BINDINGS = [
        Binding("t", "sort('title')", "Sort title", show=False),
        Binding("d", "sort('date')", "Sort date", show=False),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self.sort_key = "date"
        self.sort_reverse = True
        self.articles: list[Article] = []

    def on_mount(self) -> None:
        self.add_column("Status", width=9, key="status")
        self.add_column("Title", width=58, key="title")
        self.add_column("Categories", width=28, key="categories")
        self.add_column("Date", width=10, key="date")

    def _sorted(self, articles: Sequence[Article]) -> list[Article]:
        if self.sort_key == "title":
            return sorted(articles, key=lambda a: a.title.casefold(), reverse=self.sort_reverse)
        dated = [a for a in articles if a.iso_date]
        undated = [a for a in articles if not a.iso_date]
        dated.sort(key=lambda a: (a.iso_date or "")[:19], reverse=self.sort_reverse)
        return dated + sorted(undated, key=lambda a: a.path)

    def show(self, articles: Sequence[Article], keep: str | None = None) -> None:
        """Replace the rows, keeping the cursor on `keep` (a path) when it is still listed."""
        self.articles = self._sorted(articles)
        self.clear()
        rows = [
            (status_cell(a), Text(clean_line(a.title), style="red" if a.error else ""),
             Text(clean_line(", ".join(a.categories)), style="dim"),
             Text((a.iso_date or "")[:10]))
            for a in self.articles
        ]
        for article, row in zip(self.articles, rows, strict=True):
            self.add_row(*row, key=article.path)
        if keep is not None:
            self.select_path(keep)

    def select_path(self, path: str) -> bool:
        try:
            index = self.get_row_index(path)
        except Exception:  # noqa: BLE001 - RowDoesNotExist
            return False
        self.move_cursor(row=index, animate=False)
        return True

    def highlighted_path(self) -> str | None:
        if not self.articles or self.cursor_row < 0 or self.cursor_row >= len(self.articles):
            return None
        return self.articles[self.cursor_row].path

    def action_sort(self, key: str) -> None:
        if self.sort_key == key:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_key = key
            self.sort_reverse = key == "date"
        current = self.highlighted_path()
        self.show(self.articles, keep=current)
        arrow = "↓" if self.sort_reverse else "↑"
        self.notify(f"Sorted by {key} {arrow}", timeout=2)

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        if key in ("title", "date"):
            event.stop()
            self.action_sort(key)
