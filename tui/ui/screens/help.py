"""The help screen: every key the app answers to."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

EXTRA = [
    ("tab / shift+tab", "move between panes"),
    ("ctrl+p", "command palette: every action, and jump to any article by title"),
    ("enter (outline)", "scroll the reader to that section"),
    ("enter (FAQ)", "expand the answer and scroll the reader to it"),
    ("enter / ↓ / ↑ (find)", "next / next / previous match"),
    ("t / d (list)", "sort by title / date (again to reverse); or click a column header"),
    ("mouse", "click rows, sections, questions, tabs and buttons; wheel scrolls"),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        table = Table(show_header=True, header_style="bold", box=None, expand=True)
        table.add_column("Key", style="bold cyan", no_wrap=True)
        table.add_column("What it does")
        for key, description in [*self.keys, *EXTRA]:
            table.add_row(key, description)
        with VerticalScroll(classes="dialog", id="help-dialog"):
            yield Label(Content("draftdeck keys"), classes="dialog-title")
            yield Static(table)
            yield Label(Content("esc or ? to close"), classes="dialog-hint")
