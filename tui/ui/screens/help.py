"""The help screen: every key the app answers to, written as a person types it."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.keys import format_key
from textual.screen import ModalScreen
from textual.widgets import Label, Static

EXTRA = [
    ("1 … 9", "show the Nth status tab (Draft, Pending, Published, …)"),
    ("j / k", "down / up in lists: articles, outline, FAQ, pickers"),
    ("tab / shift+tab", "move between panes"),
    ("ctrl+p", "command palette: every action, Change theme, and jump to any article by title"),
    ("enter (outline)", "scroll the reader to that section"),
    ("enter (FAQ)", "expand the answer and scroll the reader to it"),
    ("enter / ↓ / ↑ (find)", "next / next / previous match"),
    ("t / d (list)", "sort by title / date (again to reverse); or click a column header"),
    ("mouse", "click rows, sections, questions, tabs and buttons; wheel scrolls"),
]

# Names Textual gives keys, and how they are written on a keyboard.
_NAMES = {"escape": "esc", "enter": "enter", "space": "space", "tab": "tab",
          "up": "↑", "down": "↓", "left": "←", "right": "→",
          "pageup": "pgup", "pagedown": "pgdn", "backspace": "backspace", "delete": "del"}


def typed_key(key: str) -> str:
    """A binding's key as a person types it: `]` not `right_square_bracket`, `ctrl+f`."""
    *modifiers, name = key.split("+")
    shown = _NAMES.get(name) or format_key(name)
    return "+".join([*modifiers, shown])


def key_rows(bindings: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """One row per key: comma-separated keys written out, the same key listed once (a fuller
    description in EXTRA wins over the binding's short one)."""
    described = {key for key, _ in EXTRA}
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for keys, description in bindings:
        shown = " / ".join(typed_key(k.strip()) for k in keys.split(","))
        if shown in seen or shown in described or shown.isdigit():  # digits: one EXTRA row
            continue
        seen.add(shown)
        rows.append((shown, description))
    return [*rows, *EXTRA]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = key_rows(keys)

    def compose(self) -> ComposeResult:
        table = Table(show_header=True, header_style="bold", box=None, expand=True)
        table.add_column("Key", style="bold", no_wrap=True)
        table.add_column("What it does")
        for key, description in self.keys:
            table.add_row(key, description)
        with VerticalScroll(classes="dialog", id="help-dialog"):
            yield Label(Content("draftdeck keys"), classes="dialog-title")
            yield Static(table)
            yield Label(Content("esc or ? to close"), classes="dialog-hint")
