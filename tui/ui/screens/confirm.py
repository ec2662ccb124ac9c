"""A question with buttons; dismisses with the id of the button pressed (or None)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from tui.core.sanitize import clean


class Confirm(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, body: str, buttons: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.buttons = buttons

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm-dialog"):
            yield Label(Content(clean(self.title_text)), classes="dialog-title")
            yield Static(Content(clean(self.body)), classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                for i, (button_id, label) in enumerate(self.buttons):
                    yield Button(label, id=button_id, variant="primary" if i == 0 else "default")

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)
