"""The status picker: a list of statuses to narrow by typing; enter applies."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tui.core.sanitize import clean_line

STATUS_HELP = {
    "draft": "not ready", "pending": "awaiting review", "publish": "published",
    "private": "published, private", "future": "scheduled", "trash": "deleted",
}


class StatusPicker(ModalScreen[str | None]):
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
    ]

    def __init__(self, statuses: tuple[str, ...], current: str | None, count: int = 1,
                 subject: str | None = None) -> None:
        super().__init__()
        self.subject = subject  # the article's title, or None for marked articles
        self.statuses = statuses
        self.current = current
        self.count = count

    def compose(self) -> ComposeResult:
        with Vertical(id="status-dialog", classes="dialog"):
            # The caller names what is edited (an article's title, or the marked articles).
            what = (clean_line(self.subject) if self.subject
                    else "the article" if self.count == 1 else f"{self.count} marked articles")
            yield Label(Content(f"Set the status of {what}"), classes="dialog-title")
            yield Input(placeholder="type to narrow…", id="status-filter")
            yield OptionList(id="status-options")
            yield Label(Content("enter apply · esc cancel"), classes="dialog-hint")

    def on_mount(self) -> None:
        self._fill("")

    def _fill(self, text: str) -> None:
        options = self.query_one("#status-options", OptionList)
        options.clear_options()
        wanted = text.strip().lower()
        shown = [s for s in self.statuses if wanted in s]
        for status in shown:
            mark = "● " if status == self.current else "  "
            hint = STATUS_HELP.get(status, "")
            options.add_option(Option(Content(f"{mark}{status:<10} {hint}"), id=status))
        if shown:
            index = shown.index(self.current) if self.current in shown and not wanted else 0
            options.highlighted = index

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def action_move(self, step: int) -> None:
        options = self.query_one("#status-options", OptionList)
        if options.option_count:
            options.highlighted = ((options.highlighted or 0) + step) % options.option_count

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._choose()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def _choose(self) -> None:
        options = self.query_one("#status-options", OptionList)
        if options.highlighted is not None and options.option_count:
            self.dismiss(options.get_option_at_index(options.highlighted).id)
        else:
            self.notify("No status matches", severity="warning", timeout=2)
