"""The category manager: every category with its count and per-status breakdown; rename, merge,
remove everywhere (each previewed, one undo); near-duplicates flagged with a one-step merge."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label

from tui.core.edit.categories import (
    CategoryInfo,
    articles_in,
    category_report,
    merge_edits,
    remove_edits,
    rename_edits,
)
from tui.core.edit.editor import Edit
from tui.core.sanitize import clean_line

if TYPE_CHECKING:
    from tui.ui.app import DraftdeckApp

STATUS_ORDER = ("draft", "pending", "publish", "private", "future", "trash", "none")


class CategoryManager(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("o", "toggle_sort", "Sort count/name"),
        Binding("r", "rename", "Rename"),
        Binding("m", "merge", "Merge into…"),
        Binding("d", "remove", "Remove from all"),
        Binding("M", "merge_near", "Merge near-duplicates"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.by_name = True
        self.report: list[CategoryInfo] = []
        self.pending: str | None = None  # "rename" or "merge" while the input is open

    @property
    def dd(self) -> DraftdeckApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="category-manager"):
            yield Label(Content("Categories"), classes="dialog-title")
            yield DataTable(id="category-table", cursor_type="row", zebra_stripes=True)
            yield Input(placeholder="", id="category-input", classes="hidden")
            yield Label(Content("r rename · m merge into… · d remove from all · M merge "
                                "near-duplicates · o sort · esc close"), classes="dialog-hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Category", width=28, key="name")
        table.add_column("Count", width=6, key="count")
        table.add_column("By status", width=52, key="status")
        table.add_column("Near-duplicates", key="near")
        self.by_name = False
        self.refresh_table()
        table.focus()

    def refresh_table(self) -> None:
        articles = list(self.dd.main.articles.values())
        report = category_report(articles)
        if self.by_name:
            report.sort(key=lambda c: c.name.casefold())
        self.report = report
        table = self.query_one(DataTable)
        current = self.selected()
        table.clear()
        for info in report:
            breakdown = "  ".join(f"{k} {info.by_status[k]}" for k in STATUS_ORDER
                                  if k in info.by_status)
            table.add_row(Text(clean_line(info.name)), Text(str(info.count), justify="right"),
                          Text(breakdown, style="dim"),
                          Text(("≈ " + ", ".join(clean_line(n) for n in info.near))
                               if info.near else "", style="bold yellow"),
                          key=info.name)
        if current is not None:
            names = [c.name for c in report]
            if current.name in names:
                table.move_cursor(row=names.index(current.name))

    def selected(self) -> CategoryInfo | None:
        table = self.query_one(DataTable)
        if not self.report or table.cursor_row >= len(self.report):
            return None
        return self.report[table.cursor_row]

    def action_toggle_sort(self) -> None:
        self.by_name = not self.by_name
        self.refresh_table()

    def _ask(self, kind: str, placeholder: str) -> None:
        field = self.query_one("#category-input", Input)
        field.placeholder = placeholder
        field.value = ""
        field.remove_class("hidden")
        field.focus()
        self.pending = kind

    def action_rename(self) -> None:
        info = self.selected()
        if info:
            self._ask("rename", f"new name for {clean_line(info.name)} (enter to preview)")

    def action_merge(self) -> None:
        info = self.selected()
        if info:
            self._ask("merge", f"merge {clean_line(info.name)} into… (an existing category)")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        info = self.selected()
        name = event.value.strip()
        event.input.add_class("hidden")
        self.query_one(DataTable).focus()
        kind, self.pending = self.pending, None
        if not info or not name:
            return
        if kind == "rename":
            self._run([info.name], rename_edits(info.name, name),
                      f"rename {info.name} → {name}")
        elif kind == "merge":
            self._run([info.name], merge_edits([info.name], name),
                      f"merge {info.name} into {name}")

    def action_remove(self) -> None:
        info = self.selected()
        if info:
            self._run([info.name], remove_edits(info.name), f"remove {info.name} from all")

    def action_merge_near(self) -> None:
        """Merge the selected category's near-duplicates into it."""
        info = self.selected()
        if not info or not info.near:
            self.notify("No near-duplicates for this category", timeout=3)
            return
        self._run(info.near, merge_edits(info.near, info.name),
                  f"merge {', '.join(info.near)} into {info.name}")

    def _run(self, names: list[str], edits: list[Edit], title: str) -> None:
        targets = articles_in(list(self.dd.main.articles.values()), names)
        if not targets:
            self.notify("No article has that category", timeout=3)
            return
        self.dd.edit(targets, edits, preview=True, title=title, then=self.refresh_table)

    def action_close(self) -> None:
        field = self.query_one("#category-input", Input)
        if not field.has_class("hidden"):
            field.add_class("hidden")
            self.pending = None
            self.query_one(DataTable).focus()
            return
        self.dismiss(None)
