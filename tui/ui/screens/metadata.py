"""The metadata screen (`m`): every front-matter field of the open article (or of the marked
articles) with its type and value, each editable in place: text, a date that validates, a
true/false toggle, a list (one item a line), a choice when the schema lists the values; add a
field (`a`), remove one (`d`). Every change goes through the app's edit path (plan in a worker,
preview for several files, verify, write, undo)."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.coordinate import Coordinate
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label, Select, TextArea
from textual.widgets.data_table import RowDoesNotExist

from tui.core.edit.change import Edit
from tui.core.edit.values import (
    ValueRefused,
    parse_bool,
    parse_int,
    parse_number,
    parse_when,
    type_name,
)
from tui.core.fields import flatten, show_value
from tui.core.model import Article
from tui.core.sanitize import clean_line
from tui.core.site.config import FieldSpec
from tui.ui.worker_errors import ShowsWorkerErrors

if TYPE_CHECKING:
    from tui.ui.app import DraftdeckApp


class FieldRow:
    """One field across the articles shown: its values (one per article that has it)."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.values: list[Any] = []

    @property
    def kind(self) -> str:
        kinds = Counter(type_name(v) for v in self.values if v is not None)
        return kinds.most_common(1)[0][0] if kinds else "null"

    def shown(self, total: int) -> str:
        texts = {_text(v) for v in self.values}
        value = texts.pop() if len(texts) == 1 else f"({len(texts)} different values)"
        if total > 1 and len(self.values) != total:
            value += f"  [{len(self.values)} of {total}]"
        return value

    def items(self) -> list[str]:
        """List items every article has (one article: its list)."""
        lists = [[_text(i) for i in v] if isinstance(v, list) else ([_text(v)] if v else [])
                 for v in self.values]
        if not lists:
            return []
        shared = [i for i in lists[0] if all(i in other for other in lists[1:])]
        return list(dict.fromkeys(shared))


class FieldTable(DataTable[str]):
    """The table of fields: its keys go to the metadata screen as they come (see table_key)."""

    def on_key(self, event: events.Key) -> None:
        screen = self.screen
        if isinstance(screen, MetadataScreen):
            screen.table_key(event)


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    return show_value(value) if value is not None else ""


def check_value(kind: str, text: str) -> str | None:
    """Why the text is not a value of this kind, or None when it is."""
    try:
        if kind == "bool":
            parse_bool(text)
        elif kind == "int":
            parse_int(text)
        elif kind == "number":
            parse_number(text)
        elif kind in ("date", "datetime"):
            parse_when(text)
    except ValueRefused as exc:
        return str(exc)
    return None


class MetadataScreen(ShowsWorkerErrors, ModalScreen[None]):
    DEFAULT_CSS = """
    MetadataScreen { align: center middle; }
    #metadata-dialog { width: 100; max-width: 95%; }
    #metadata-dialog #fields { height: auto; max-height: 20; }
    #field-editor { height: auto; margin-top: 1; }
    #field-list { height: 8; }
    """

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("enter", "edit_field", "Edit", show=False),
        Binding("space", "toggle_bool", "Toggle", show=False),
        Binding("a", "add_field", "Add field"),
        Binding("d", "remove_field", "Remove field"),
        Binding("ctrl+s", "save", "Apply"),
        Binding("u", "undo", "Undo", show=False),
        Binding("down,j", "cursor(1)", show=False),
        Binding("up,k", "cursor(-1)", show=False),
    ]

    def __init__(self, targets: list[Article]) -> None:
        super().__init__()
        self.targets = targets
        self.rows: dict[str, FieldRow] = {}
        self.editing: str | None = None  # the key being edited; "" for a new field
        self.edit_kind = "text"
        self._pending = 0  # writes asked from here and not done yet
        self._last_write = 0.0

    @property
    def dd(self) -> DraftdeckApp:
        return self.app  # type: ignore[return-value]

    def spec(self, key: str) -> FieldSpec | None:
        return self.dd.ws.config.spec(key)

    def compose(self) -> ComposeResult:
        count = len(self.targets)
        what = (f"“{clean_line(self.targets[0].title)}”" if count == 1
                else f"{count} marked articles")
        with Vertical(id="metadata-dialog", classes="dialog"):
            yield Label(Content(f"Metadata of {what}"), classes="dialog-title")
            table: DataTable[str] = FieldTable(id="fields", cursor_type="row", zebra_stripes=True)
            yield table
            with Vertical(id="field-editor"):
                yield Label("", id="field-label")
                yield Input(placeholder="field name (dotted for nested: params.author)",
                            id="field-key")
                yield Input(id="field-value")
                yield Select[str]([], id="field-select", allow_blank=True)
                yield TextArea(id="field-list", soft_wrap=False)
                with Horizontal(classes="dialog-buttons"):
                    yield Button("Apply", variant="primary", id="apply")
                    yield Button("Cancel", id="cancel")
            yield Label(Content("enter edit · space toggle true/false · a add · d remove · "
                                "ctrl+s apply · esc close"), id="field-hint",
                        classes="dialog-hint")

    def on_mount(self) -> None:
        self._show_editor(False)
        # An undo (from here or elsewhere) or a change on disk: the fields are read again.
        self.dd.main.articles_changed_signal.subscribe(self, self._changed)
        self.load()

    # -- reading ------------------------------------------------------------------------------
    def action_undo(self) -> None:
        """Undo the last edit from here too (not while a field is being edited: then u is a
        letter); the fields are read again once it is done."""
        if self.editing is None:
            self.dd.undo()

    def _changed(self, changes: object) -> None:
        if self._pending and time.monotonic() - self._last_write < 3:
            return  # our own writes: read again once the last of them is done
        self._pending = 0
        if self.editing is None:
            self.load()

    @work(thread=True, exclusive=True, group="metadata", exit_on_error=False)
    def load(self) -> None:
        ws = self.dd.ws
        articles = [ws.read(a.path) for a in self.targets]
        self.app.call_from_thread(self._fill, articles)

    def _fill(self, articles: list[Article]) -> None:
        self.targets = [a for a in articles if not a.error] or articles
        rows: dict[str, FieldRow] = {}
        for article in articles:
            for key, value in flatten(article.metadata):
                rows.setdefault(key, FieldRow(key)).values.append(value)
        for entry in self.dd.ws.config.schema:  # schema fields an article lacks, to fill in
            rows.setdefault(entry.key, FieldRow(entry.key))
        self.rows = rows
        table = self.query_one("#fields", DataTable)
        at = table.cursor_row
        table.clear(columns=True)
        key_width = min(36, max([len(clean_line(k)) + 2 for k in rows] + [5]))
        table.add_column("Field", width=key_width)
        table.add_column("Type", width=8)
        table.add_column("Value", width=max(20, 60 - key_width))
        total = len(articles)
        for key, row in rows.items():
            spec = self.spec(key)
            kind = spec.type if spec and spec.type and not row.values else row.kind
            mark = " *" if spec and spec.required else ""
            table.add_row(Content(clean_line(key) + mark), Content(kind),
                          Content(clean_line(row.shown(total))[:200]), key=key)
        if rows:
            table.move_cursor(row=min(at, len(rows) - 1))
        errors = [a for a in articles if a.error]
        if errors:
            self.notify(f"{errors[0].path}: {errors[0].error}", severity="error")
        if self.editing is None:
            # Fields read again after a write: the table gets the keys back, unless a field is
            # being edited or added meanwhile (taking the focus from it lost what was typed).
            table.focus()

    def _current_key(self) -> str | None:
        table = self.query_one("#fields", DataTable)
        if not self.rows or table.cursor_row < 0:
            return None
        keys = list(self.rows)
        return keys[table.cursor_row] if table.cursor_row < len(keys) else None

    # -- editing ------------------------------------------------------------------------------
    def _show_editor(self, on: bool, kind: str = "text", new: bool = False) -> None:
        self.query_one("#field-editor").display = on
        self.query_one("#field-key").display = on and new
        self.query_one("#field-value").display = on and kind not in ("list", "select")
        self.query_one("#field-select").display = on and kind == "select"
        self.query_one("#field-list").display = on and kind == "list"

    def action_cursor(self, step: int) -> None:
        if self.editing is None:
            table = self.query_one("#fields", DataTable)
            table.move_cursor(row=max(0, table.cursor_row + step))

    def _kind_of(self, key: str) -> str:
        spec = self.spec(key)
        if spec is not None and spec.values:
            return "select"
        row = self.rows.get(key)
        if spec is not None and spec.type and (row is None or not row.values):
            return spec.type
        return row.kind if row is not None else "text"

    def action_edit_field(self) -> None:
        if self.editing is not None:
            return
        key = self._current_key()
        if key is None:
            return
        kind = self._kind_of(key)
        if kind == "mapping":
            self.notify("Edit its fields one by one", severity="warning")
            return
        self.editing, self.edit_kind = key, kind
        row = self.rows[key]
        label = self.query_one("#field-label", Label)
        label.update(Content(f"{clean_line(key)} ({kind})"))
        self._show_editor(True, kind)
        if kind == "list":
            area = self.query_one("#field-list", TextArea)
            area.text = "\n".join(row.items())
            area.focus()  # at once: keys typed right after enter go to it
            self._hint("one item a line · ctrl+s apply · esc cancel")
        elif kind == "select":
            spec = self.spec(key)
            assert spec is not None
            select = self.query_one("#field-select", Select)
            select.set_options([(show_value(v), show_value(v)) for v in spec.values])
            current = row.shown(1) if row.values else None
            if current in [show_value(v) for v in spec.values]:
                select.value = current
            select.focus()
            self._hint("choose a value · ctrl+s apply · esc cancel")
        else:
            value = self.query_one("#field-value", Input)
            texts = {_text(v) for v in row.values}
            value.value = texts.pop() if len(texts) == 1 else ""
            value.placeholder = {"date": "a date: 2024-03-02", "datetime":
                                 "a date and time: 2024-03-02 14:05", "bool": "true or false",
                                 "int": "a whole number", "number": "a number"}.get(kind, "text")
            value.focus()
            self._hint("enter or ctrl+s apply · esc cancel")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit_field()

    def action_add_field(self) -> None:
        if self.editing is not None:
            return
        self.editing, self.edit_kind = "", "text"
        self.query_one("#field-label", Label).update(Content("New field"))
        self._show_editor(True, "text", new=True)
        self.query_one("#field-key", Input).value = ""
        self.query_one("#field-value", Input).value = ""
        self.query_one("#field-key", Input).focus()
        self._hint("name, then value · enter or ctrl+s apply · esc cancel")

    def action_toggle_bool(self) -> None:
        if self.editing is not None:
            return
        key = self._current_key()
        if key is None or self._kind_of(key) != "bool":
            return
        values = self.rows[key].values
        new = not (values and all(v is True for v in values))
        self._write([Edit("set", key=key, value="true" if new else "false")])

    def action_remove_field(self) -> None:
        if self.editing is not None:
            return
        key = self._current_key()
        if key is None or not self.rows[key].values:
            return
        self._write([Edit("unset", key=key)])

    # Keys on the table, handled as they come, in the table's own queue. A binding runs later,
    # when the key has bubbled up to the app, and the table's enter only posts a message: with
    # keys typed fast (or pasted), enter then `d` removed a field, and the letters typed after
    # enter went to the table instead of the editor it was opening.
    _TABLE_KEYS = {key: b.action for b in BINDINGS if isinstance(b, Binding)
                   for key in b.key.split(",")}

    def table_key(self, event: events.Key) -> None:
        if self.editing is None:
            action = self._TABLE_KEYS.get(event.key)
            if action is None:
                return
            event.stop()
            event.prevent_default()
            if action.startswith("cursor("):
                self.action_cursor(int(action[7:-1]))
            else:
                getattr(self, f"action_{action}")()
            return
        if self.editing == "" or self.edit_kind in ("list", "select"):
            return
        # A field's editor is open but has not got the focus yet (Textual moves it after the
        # events already queued): the key goes to the editor, as if it had had the focus.
        value = self.query_one("#field-value", Input)
        event.stop()
        event.prevent_default()
        key = event.key
        if key == "escape":
            self._cancel()
            return
        if key == "enter":
            self.action_save()
            return
        if value.select_on_focus:  # the first key: it replaces the text, as a selection would
            value.select_on_focus = False
            if event.is_printable and event.character:
                value.value = ""
        if event.is_printable and event.character:
            value.insert_text_at_cursor(event.character)
        elif key == "backspace":
            value.action_delete_left()
        elif key == "end":
            value.action_end()
        elif key == "home":
            value.action_home()
        elif key == "left":
            value.action_cursor_left()
        elif key == "right":
            value.action_cursor_right()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "field-key":
            self.query_one("#field-value", Input).focus()
            return
        self.action_save()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "field-value" and self.editing is not None:
            problem = check_value(self.edit_kind, event.value) if event.value else None
            if problem:
                self._hint(f"⚠ {problem}")
            elif not event.value and self.editing:
                self._hint("⚠ empty: enter writes an empty value · to remove the field: esc, d")
            else:
                self._hint("enter or ctrl+s apply · esc cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "apply":
            self.action_save()
        else:
            self._cancel()

    def action_save(self) -> None:
        if self.editing is None:
            return
        key = self.editing
        if key == "":
            key = self.query_one("#field-key", Input).value.strip()
            if not key:
                self._hint("⚠ give the field a name")
                return
            spec = self.spec(key)
            self.edit_kind = spec.type if spec is not None and spec.type else "text"
        kind = self.edit_kind
        if kind == "list":
            wanted = [line.strip() for line in self.query_one("#field-list", TextArea).text
                      .splitlines() if line.strip()]
            current = self.rows[key].items() if key in self.rows else []
            edits = [Edit("list-remove", key=key, value=i) for i in current if i not in wanted]
            edits += [Edit("list-add", key=key, value=i) for i in wanted if i not in current]
        elif kind == "select":
            choice = self.query_one("#field-select", Select).value
            if not isinstance(choice, str):
                self._hint("⚠ choose a value")
                return
            edits = [Edit("set", key=key, value=choice)]
        else:
            text = self.query_one("#field-value", Input).value
            problem = check_value(kind, text)
            if problem:
                self._hint(f"⚠ {problem}")
                return
            edits = [Edit("set", key=key, value=text)]
        self._cancel()
        if edits:
            self._write(edits)

    def _cancel(self) -> None:
        self.query_one("#field-value", Input).select_on_focus = True
        self.editing = None
        self._show_editor(False)
        self.query_one("#fields", DataTable).focus()
        self._hint("enter edit · space toggle true/false · a add · d remove · esc close")

    def action_close(self) -> None:
        if self.editing is not None:
            self._cancel()
        else:
            self.dismiss(None)

    def _hint(self, text: str) -> None:
        self.query_one("#field-hint", Label).update(Content(text))

    def _write(self, edits: list[Edit], then: Callable[[], None] | None = None) -> None:
        """Through the app's edit path: planned in a worker, previewed for several articles,
        verified, written, undoable with `u`; the fields are read again after."""
        def reread() -> None:
            self._pending = max(0, self._pending - 1)
            if not self._pending:  # (earlier values read in between would undo what is shown)
                self.load()
            if then is not None:
                then()

        self._pending += 1
        self._last_write = time.monotonic()
        self._show_pending(edits)
        self.dd.edit(list(self.targets), edits, then=reread)

    def _show_pending(self, edits: list[Edit]) -> None:
        """Show a value set on one article at once, before it is written and the fields are
        read again: a toggle or an edit asked right after it starts from this value, not from
        the one shown before (two quick toggles are two changes)."""
        if len(self.targets) != 1 or self.dd.marked:
            return  # a batch is previewed first: nothing is sure to be written
        table = self.query_one("#fields", DataTable)
        for edit in edits:
            row = self.rows.get(edit.key)
            if edit.kind != "set" or row is None or len(row.values) != 1:
                continue
            old = row.values[0]
            new: Any = edit.value
            if isinstance(old, bool) and edit.value in ("true", "false"):
                new = edit.value == "true"
            elif not isinstance(old, str | bool | None):
                continue  # a number, a date, a list: its type comes back with the re-read
            row.values = [new]
            try:
                index = table.get_row_index(edit.key)
            except RowDoesNotExist:  # the table is being filled again
                continue
            table.update_cell_at(Coordinate(index, 2), Content(clean_line(row.shown(1))[:200]))
