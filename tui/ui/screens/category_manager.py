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
from tui.core.edit.change import Edit
from tui.core.sanitize import clean_line

if TYPE_CHECKING:
    from tui.ui.app import DraftdeckApp


GAP = 2  # a DataTable cell's padding, both sides


def pack(items: list[str], width: int, sep: str = "  ") -> list[str]:
    """Items on as few lines of `width` as possible, never split inside an item (an item wider
    than the line is cut with an ellipsis): every status is shown, however narrow the column."""
    lines: list[str] = []
    for item in items:
        if len(item) > width:
            item = item[:max(1, width - 1)] + "…"
        if lines and len(lines[-1]) + len(sep) + len(item) <= width:
            lines[-1] += sep + item
        else:
            lines.append(item)
    return lines or [""]


def column_widths(width: int, rows: list[tuple[str, str, list[str], list[str]]]
                  ) -> tuple[int, int, int, int]:
    """(name, count, by status, near-duplicates) widths sharing `width` cells by content: the
    names and near-duplicates get what they need within limits, the breakdown the rest (it
    wraps onto more lines when narrow)."""
    def natural(column: list[str], floor: int) -> int:
        return max([floor, *(len(x) for x in column)])

    count_w = max(5, natural([r[1] for r in rows], 5))
    name_nat = natural([r[0] for r in rows], len("Category"))
    status_nat = natural([x for r in rows for x in r[2]] +
                         ["  ".join(r[2]) for r in rows], len("By status"))
    near_nat = natural(["  ".join(r[3]) for r in rows], len("Near-duplicates"))
    avail = max(30, width - 4 * GAP - count_w)
    name_w = min(name_nat, max(16, avail // 4))
    near_w = min(near_nat, max(15, (avail - name_w) // 3))
    status_w = max(12, avail - name_w - near_w)
    if status_w > status_nat:  # room to spare: the names and near-duplicates take it back
        spare = status_w - status_nat
        status_w = status_nat
        grow = min(spare, name_nat - name_w)
        name_w += grow
        near_w += spare - grow
    return name_w, count_w, status_w, near_w


class CategoryManager(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("o", "toggle_sort", "Sort count/name"),
        Binding("r", "rename", "Rename"),
        Binding("m", "merge", "Merge into…"),
        Binding("d", "remove", "Remove from all"),
        Binding("M", "merge_near", "Merge near-duplicates"),
        Binding("u", "undo", "Undo"),
    ]

    def __init__(self, taxonomy: str = "category") -> None:
        super().__init__()
        self.taxonomy = taxonomy  # "category" or "tag": one manager for both
        self.noun = "tag" if taxonomy == "tag" else "category"
        self.by_name = True
        self.report: list[CategoryInfo] = []
        self.pending: str | None = None  # "rename" or "merge" while the input is open

    @property
    def dd(self) -> DraftdeckApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="category-manager"):
            yield Label(Content("Tags" if self.taxonomy == "tag" else "Categories"),
                        classes="dialog-title")
            yield DataTable(id="category-table", cursor_type="row", zebra_stripes=True)
            yield Input(placeholder="", id="category-input", classes="hidden")
            yield Label(Content("r rename · m merge into… · d remove from all · "
                                "M merge near-duplicates · o sort by count/name · u undo · "
                                "esc close"),
                        classes="dialog-hint")

    def action_undo(self) -> None:
        """Undo the last edit from here too; the table follows (below)."""
        if self.query_one("#category-input", Input).has_class("hidden"):
            self.dd.undo()

    def _changed(self, changes: object) -> None:
        self.refresh_table()

    def on_mount(self) -> None:
        # Undos, and files changed elsewhere, change the counts: the table follows.
        self.dd.main.articles_changed_signal.subscribe(self, self._changed)
        self.by_name = False
        self.refresh_table()
        self.query_one(DataTable).focus()
        self.call_after_refresh(self.refresh_table)  # again, now that the table has its width

    def on_resize(self) -> None:
        self.call_after_refresh(self.refresh_table)

    def _table_width(self) -> int:
        table = self.query_one(DataTable)
        width = table.scrollable_content_region.width
        if width <= 0:  # before the first layout: the dialog's CSS width (95%, at most 150)
            width = min(150, self.app.size.width * 95 // 100) - 8
        return width

    def _status_order(self, by_status: dict[str, int]) -> list[str]:
        """Every status of the breakdown: the config's order, any other met, then none."""
        order = self.dd.config.status_order(k for k in by_status if k != "none")
        return [k for k in [*order, "none"] if k in by_status]

    def refresh_table(self) -> None:
        articles = list(self.dd.main.articles.values())
        report = category_report(articles, self.taxonomy)
        if self.by_name:
            report.sort(key=lambda c: c.name.casefold())
        self.report = report
        table = self.query_one(DataTable)
        current = self.selected()
        cursor = table.cursor_row
        rows = [(clean_line(info.name), str(info.count),
                 [f"{k} {info.by_status[k]}" for k in self._status_order(info.by_status)],
                 ["≈ " + clean_line(n) for n in info.near]) for info in report]
        widths = column_widths(self._table_width(), rows)
        name_w, count_w, status_w, near_w = widths
        table.clear(columns=True)
        table.add_column("Category", width=name_w, key="name")
        table.add_column("Count", width=count_w, key="count")
        table.add_column("By status", width=status_w, key="status")
        table.add_column("Near-duplicates", width=near_w, key="near")
        for info, (name, count, statuses, near) in zip(report, rows, strict=True):
            status_lines = pack(statuses, status_w)
            near_lines = pack(near, near_w)
            name_text = Text(name, overflow="fold")
            name_lines = len(name_text.wrap(self.app.console, name_w))
            table.add_row(name_text, Text(count, justify="right"),
                          Text("\n".join(status_lines), style="dim"),
                          Text("\n".join(near_lines), style="bold"),
                          key=info.name,
                          height=max(1, name_lines, len(status_lines), len(near_lines)))
        names = [c.name for c in report]
        if current is not None and current.name in names:
            table.move_cursor(row=names.index(current.name))
        elif report:
            table.move_cursor(row=min(cursor, len(report) - 1))

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
            self._ask("merge", f"merge {clean_line(info.name)} into… (an existing {self.noun})")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        info = self.selected()
        name = event.value.strip()
        event.input.add_class("hidden")
        self.query_one(DataTable).focus()
        kind, self.pending = self.pending, None
        if not info or not name:
            return
        if kind == "rename":
            self._run([info.name], rename_edits(info.name, name, self.taxonomy),
                      f"rename {info.name} → {name}")
        elif kind == "merge":
            self._run([info.name], merge_edits([info.name], name, self.taxonomy),
                      f"merge {info.name} into {name}")

    def action_remove(self) -> None:
        info = self.selected()
        if info:
            self._run([info.name], remove_edits(info.name, self.taxonomy),
                      f"remove {info.name} from all")

    def action_merge_near(self) -> None:
        """Merge the selected category's near-duplicates into it."""
        info = self.selected()
        if not info or not info.near:
            self.notify(f"No near-duplicates for this {self.noun}", timeout=3)
            return
        self._run(info.near, merge_edits(info.near, info.name, self.taxonomy),
                  f"merge {', '.join(info.near)} into {info.name}")

    def _run(self, names: list[str], edits: list[Edit], title: str) -> None:
        targets = articles_in(list(self.dd.main.articles.values()), names, self.taxonomy)
        if not targets:
            self.notify(f"No article has that {self.noun}", timeout=3)
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
