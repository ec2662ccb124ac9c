"""The status board: one column per status with its count, a card per article.

Arrows move between cards and columns; shift+→/shift+← (or > and <) move the highlighted card
(or the marked ones) to the next/previous column, which is a status edit through the app's
verified editor (a batch gets the usual preview); `u` undoes; enter opens the article. The main
screen's category and text filters apply (its status tab does not: the board shows every status).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalScroll, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, Static

from tui.core.edit.change import Edit
from tui.core.model import Article
from tui.core.sanitize import clean_line
from tui.core.search.filters import Filter
from tui.core.views.board import Column, build_board, neighbour_status
from tui.core.workspace import Changes
from tui.ui.worker_errors import ShowsWorkerErrors

if TYPE_CHECKING:
    from tui.ui.app import DraftdeckApp

MIN_COLUMN = 24  # narrower columns would cut titles to nothing: the board scrolls instead
# Cards mounted per column; the rest are counted (a filter narrows them).
MAX_CARDS = 200
_LABELS = {"draft": "Draft", "pending": "Pending", "publish": "Published", "private": "Private",
           "future": "Future", "trash": "Trash", "expired": "Expired"}


def status_label(status: str | None) -> str:
    if status is None:
        return "No status"
    return _LABELS.get(status, status.capitalize())


def card_content(article: Article, marked: bool) -> Content:
    parts: list[str | tuple[str, str]] = []
    if marked:
        parts.append(("● ", "bold"))
    if article.error:
        parts.append(("⚠ ", "bold"))
    parts.append((clean_line(article.title) or clean_line(article.path), "bold"))
    if article.categories:
        parts += ["\n", (clean_line(", ".join(article.categories)), "italic")]
    when = (article.iso_date or "")[:10]
    parts += ["\n", (when or "no date", "dim")]
    return Content.assemble(*parts)


class Card(Static):
    def __init__(self, article: Article, marked: bool) -> None:
        super().__init__(card_content(article, marked), classes="card")
        self.article = article

    def on_click(self, event: events.Click) -> None:
        screen = self.screen
        if isinstance(screen, BoardScreen):
            screen.select_path(self.article.path)


class BoardColumn(Vertical):
    def __init__(self, column: Column, marked: set[str]) -> None:
        super().__init__(classes="board-column")
        self.column = column
        self.marked = marked

    def compose(self) -> ComposeResult:
        c = self.column
        yield Label(Content.assemble((status_label(c.status), "bold"), f"  {c.count}"),
                    classes="column-title")
        with VerticalScroll(classes="column-cards", can_focus=False):
            for article in c.articles[:MAX_CARDS]:
                yield Card(article, article.path in self.marked)
            if c.count > MAX_CARDS:
                yield Label(Content(f"+{c.count - MAX_CARDS} more (filter to narrow)"),
                            classes="column-more")
            if not c.articles:
                yield Label(Content("(empty)"), classes="column-more")

    @property
    def cards(self) -> list[Card]:
        return list(self.query(Card))


class BoardScreen(ShowsWorkerErrors, Screen[None]):
    DEFAULT_CSS = """
    BoardScreen #board { height: 1fr; }
    BoardScreen .board-column {
        width: 28; height: 1fr; margin-right: 1;
        background: $boost;
    }
    BoardScreen .board-column.-current .column-title { background: $accent 30%; }
    BoardScreen .column-title { width: 1fr; padding: 0 1; background: $panel; }
    BoardScreen .column-cards { height: 1fr; scrollbar-size-vertical: 1; }
    BoardScreen .card {
        width: 1fr; padding: 0 1; margin: 0 0 1 0; background: $surface;
        border-left: blank;
    }
    BoardScreen .card.-cursor { background: $accent 25%; border-left: thick $accent; }
    BoardScreen .column-more { padding: 0 1; color: $text-muted; }
    BoardScreen #board-hint { width: 1fr; padding: 0 1; color: $text-muted; }
    """

    BINDINGS = [
        Binding("left,h", "cursor(-1, 0)", "←", show=False),
        Binding("right,l", "cursor(1, 0)", "→", show=False),
        Binding("up,k", "cursor(0, -1)", "↑", show=False),
        Binding("down,j", "cursor(0, 1)", "↓", show=False),
        Binding("home", "edge(-1)", show=False),
        Binding("end", "edge(1)", show=False),
        Binding("shift+right,greater_than_sign", "move(1)", "Move →"),
        Binding("shift+left,less_than_sign", "move(-1)", "Move ←"),
        Binding("u", "undo", "Undo"),
        Binding("enter", "open", "Open"),
        Binding("space", "toggle_mark", "Mark"),
        Binding("x", "clear_marks", "Clear marks", show=False),
        Binding("escape,b", "close", "Back"),
        Binding("question_mark", "help", "Help", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.columns: list[Column] = []
        self.col = 0
        self.row = 0
        self._follow_undo = False
        self._placed = False
        self._keep: str | None = None
        self._cursor_path: str | None = None

    @property
    def dd(self) -> DraftdeckApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        yield HorizontalScroll(id="board", can_focus=False)
        yield Label(Content(""), id="board-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "draftdeck · board"
        self.dd.main.articles_changed_signal.subscribe(self, self._changed)
        self.run_worker(self.rebuild())

    def _changed(self, changes: Changes) -> None:
        # After an undo from the board, the cursor follows the card put back.
        keep = None
        if self._follow_undo and changes.articles:
            keep = changes.articles[0].path
        self._follow_undo = False
        self.run_worker(self.rebuild(keep), group="board", exclusive=True)

    def board_filter(self) -> Filter:
        """The main screen's category and text filters (every status)."""
        current = self.dd.main.current_filter()
        return Filter(categories=current.categories, query=current.query)

    async def rebuild(self, keep: str | None = None) -> None:
        # The card to stay on: the one asked for (an undo's), unless a key moves the cursor
        # meanwhile; else the highlighted one (read after the mount, so no key is lost).
        self._keep = keep
        wanted = self.board_filter()
        articles = wanted.apply(self.dd.ws.articles())
        self.columns = build_board(articles, self.dd.config)
        board = self.query_one("#board", HorizontalScroll)
        with self.app.batch_update():
            await board.remove_children()
            await board.mount_all(BoardColumn(c, self.dd.marked) for c in self.columns)
        self._fit_columns()
        self._describe(wanted, len(articles))
        keep = self._keep or self._cursor_path
        if keep is not None and self.select_path(keep):
            return
        if not self._placed:  # the first time: the first column with cards
            self._placed = True
            self.col = next((i for i, c in enumerate(self.columns) if c.articles), 0)
        self.col = min(self.col, max(0, len(self.columns) - 1))
        self._show_cursor()

    def on_resize(self) -> None:
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Share the width between the columns; below MIN_COLUMN each, scroll sideways."""
        widgets = self._column_widgets()
        if not widgets:
            return
        available = self.size.width or self.app.size.width
        width = max(MIN_COLUMN, available // len(widgets) - 1)
        for column in widgets:
            column.styles.width = width

    def _describe(self, wanted: Filter, shown: int) -> None:
        parts = [f"{shown:,} article{'s' if shown != 1 else ''}"]
        if wanted.categories:
            parts.append("category " + ", ".join(sorted(wanted.categories)))
        if wanted.query:
            parts.append(f"text “{wanted.query}”")
        marked = len(self.dd.marked)
        if marked:
            parts.append(f"● {marked} marked (> < move them all, x clears)")
        self.sub_title = clean_line(f"{self.dd.display_root} · " + " · ".join(parts))
        self.query_one("#board-hint", Label).update(Content(
            "shift+→ or > / shift+← or < move the card (● marked ones) to the next/previous "
            "status" if self.size.width >= 100 else "> / < move the card · u undo · esc back"))

    # -- the cursor -----------------------------------------------------------------------------
    def _column_widgets(self) -> list[BoardColumn]:
        return list(self.query(BoardColumn))

    def current_card(self) -> Card | None:
        widgets = self._column_widgets()
        if not 0 <= self.col < len(widgets):
            return None
        cards = widgets[self.col].cards
        return cards[self.row] if 0 <= self.row < len(cards) else None

    def current_path(self) -> str | None:
        card = self.current_card()
        return card.article.path if card else None

    def current_article(self) -> Article | None:
        card = self.current_card()
        return card.article if card else None

    def select_path(self, path: str) -> bool:
        for i, column in enumerate(self._column_widgets()):
            for j, card in enumerate(column.cards):
                if card.article.path == path:
                    self.col, self.row = i, j
                    self._show_cursor()
                    return True
        return False

    def _show_cursor(self) -> None:
        widgets = self._column_widgets()
        for i, column in enumerate(widgets):
            column.set_class(i == self.col, "-current")
            for j, card in enumerate(column.cards):
                card.set_class(i == self.col and j == self.row, "-cursor")
        if 0 <= self.col < len(widgets):
            column = widgets[self.col]
            cards = column.cards
            self.row = max(0, min(self.row, len(cards) - 1))
            target = cards[self.row] if cards else column
            self._cursor_path = cards[self.row].article.path if cards else None
            if cards:
                cards[self.row].add_class("-cursor")
            self.query_one("#board", HorizontalScroll).scroll_to_widget(
                column, animate=False, immediate=True)
            target.scroll_visible(animate=False, immediate=True)

    def action_cursor(self, dx: int, dy: int) -> None:
        self._keep = None
        if not self.columns:
            return
        if dx:
            self.col = max(0, min(len(self.columns) - 1, self.col + dx))
        if dy:
            self.row = max(0, self.row + dy)
        self._show_cursor()

    def action_edge(self, side: int) -> None:
        self.row = 0 if side < 0 else 10**9
        self._show_cursor()

    # -- moving cards ---------------------------------------------------------------------------
    def action_move(self, step: int) -> None:
        article = self.current_article()
        if article is None or not self.columns:
            self.notify("No card here to move", timeout=3)
            return
        status = self.columns[self.col].status
        target = neighbour_status(self.columns, status, step)
        if target is None:
            side = "right" if step > 0 else "left"
            self.notify(f"No status column to the {side} of {status_label(status)}", timeout=3)
            return
        if self.dd.marked:
            found = (self.dd.ws.get(p) for p in sorted(self.dd.marked))
            targets = [a for a in found if a is not None]
        else:
            targets = [self.dd.ws.get(article.path) or article]
        self.dd.edit(targets, [Edit("status", value=target)],
                     title=f"move to {status_label(target)} (status → {target})")

    def action_undo(self) -> None:
        self._follow_undo = True
        self.dd.undo()

    def action_toggle_mark(self) -> None:
        card = self.current_card()
        if card is None:
            return
        path = card.article.path
        if path in self.dd.marked:
            self.dd.marked.discard(path)
        else:
            self.dd.marked.add(path)
        card.update(card_content(card.article, path in self.dd.marked))
        self.row += 1
        self._show_cursor()
        self._describe(self.board_filter(), sum(c.count for c in self.columns))
        self.dd.main._marks_changed()

    def action_clear_marks(self) -> None:
        self.dd.marked.clear()
        self.dd.main._marks_changed()
        self.run_worker(self.rebuild(), group="board", exclusive=True)

    def action_open(self) -> None:
        path = self.current_path()
        if path is None:
            return
        self.app.pop_screen()
        self.dd.main.open_from_palette(path)

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_help(self) -> None:
        from tui.ui.screens.help import HelpScreen

        keys = [(b.key.replace("greater_than_sign", ">").replace("less_than_sign", "<")
                 .replace("question_mark", "?"), b.description or b.action)
                for b in self.BINDINGS if isinstance(b, Binding)]
        self.app.push_screen(HelpScreen(keys))
