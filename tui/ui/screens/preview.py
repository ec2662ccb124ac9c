"""The preview of a batch edit: every file with its one-line change, or why it will be refused."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Label

from tui.core.sanitize import clean_line

if TYPE_CHECKING:
    from tui.core.edit.editor import EditResult



class PreviewScreen(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "dismiss(False)", "Cancel"),
                Binding("ctrl+s", "dismiss(True)", "Write")]

    def __init__(self, title: str, results: list[EditResult]) -> None:
        super().__init__()
        self.title_text = title
        self.results = results

    @property
    def changing(self) -> list[EditResult]:
        return [r for r in self.results if r.changed and not r.refused]

    def compose(self) -> ComposeResult:
        refused = [r for r in self.results if r.refused]
        same = [r for r in self.results if not r.refused and not r.changed]
        with Vertical(classes="dialog", id="preview-dialog"):
            yield Label(Content(clean_line(self.title_text)), classes="dialog-title")
            summary = (f"{len(self.changing)} to write, {len(refused)} refused, "
                       f"{len(same)} unchanged")
            yield Label(Content(summary), id="preview-summary")
            # A virtual table: only the rows in sight are drawn, so a preview of thousands of
            # files opens at once (a Rich table of 1,000 rows held the screen for seconds).
            table: DataTable[Text] = DataTable(id="preview-list", cursor_type="row",
                                               show_header=False, zebra_stripes=True)
            yield table
            with Horizontal(classes="dialog-buttons"):
                n = len(self.changing)
                yield Button(f"Write {n} file{'s' if n != 1 else ''}", variant="primary", id="write",
                             disabled=not self.changing)
                yield Button("Cancel", id="cancel")
            yield Label(Content("ctrl+s write · esc cancel · one u undoes the whole batch"),
                        classes="dialog-hint")

    def _fill(self) -> None:
        table = self.query_one("#preview-list", DataTable)
        table.add_column("", width=2, key="mark")
        table.add_column("file", key="file")
        table.add_column("change", key="change")
        rows: list[tuple[Text, Text, Text]] = []
        for r in self.changing:
            rows.append((Text("✓", style="bold green"), Text(clean_line(r.relpath)),
                         Text(clean_line("; ".join(r.changes)))))
        for r in self.results:
            if r.refused:
                rows.append((Text("✗", style="bold red"), Text(clean_line(r.relpath)),
                             Text(clean_line(r.refused or ""), style="red")))
        for r in self.results:
            if not r.refused and not r.changed:
                rows.append((Text("·", style="dim"), Text(clean_line(r.relpath), style="dim"),
                             Text("already so; nothing to write", style="dim")))
        table.add_rows(rows)

    def on_mount(self) -> None:
        self._fill()
        self.query_one("#write" if self.changing else "#cancel", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "write")
