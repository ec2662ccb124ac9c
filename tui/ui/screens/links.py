"""The links of the open article; only http(s) links can be opened, after a confirmation."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.ui.render import is_web_url


class LinksScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Close")]

    def __init__(self, links: list[tuple[str, str]]) -> None:
        super().__init__()
        self.links = links

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="links-dialog"):
            yield Label(Content(f"Links in this article ({len(self.links)})"),
                        classes="dialog-title")
            options = [
                Option(Content(f"{text[:60]}  →  {url[:80]}"), id=str(i),
                       disabled=not is_web_url(url))
                for i, (text, url) in enumerate(self.links)
            ]
            if not options:
                options = [Option(Content("(no links)"), disabled=True)]
            yield OptionList(*options, id="links-list")
            yield Label(Content("enter open (http/https only, asks first) · esc close"),
                        classes="dialog-hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(self.links[int(event.option.id)][1])
