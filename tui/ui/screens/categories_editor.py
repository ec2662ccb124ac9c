"""The categories (or tags) editor: known names with counts to tick, a field to add a new one."""

from __future__ import annotations

from collections import Counter

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, SelectionList
from textual.widgets.selection_list import Selection

from tui.core.sanitize import clean_line


class CategoryChoices(SelectionList[str]):
    """The known categories; j/k move like the arrows."""

    BINDINGS = [Binding("j", "cursor_down", show=False), Binding("k", "cursor_up", show=False)]


def best_match(names: list[str], typed: str) -> int | None:
    """Type-ahead: the first name starting with `typed` (any case), else the first holding it."""
    wanted = typed.strip().casefold()
    if not wanted:
        return None
    folded = [n.casefold() for n in names]
    for test in (str.startswith, str.__contains__):
        for i, name in enumerate(folded):
            if test(name, wanted):
                return i
    return None


class CategoriesEditor(ModalScreen[list[str] | None]):
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("ctrl+s", "apply", "Apply"),
    ]

    def __init__(self, counts: Counter[str], current: list[str], count: int = 1,
                 subject: str | None = None, noun: str = "category") -> None:
        super().__init__()
        self.noun = noun  # "category" or "tag"
        self.subject = subject  # the article's title, or None for marked articles
        self.counts = counts
        self.current = current
        self.count = count

    def compose(self) -> ComposeResult:
        names = sorted(set(self.counts) | set(self.current),
                       key=lambda n: (-self.counts.get(n, 0), n.casefold()))
        chosen = {c.casefold() for c in self.current}
        with Vertical(id="categories-dialog", classes="dialog"):
            # The caller names what is edited (an article's title, or the marked articles).
            what = (clean_line(self.subject) if self.subject
                    else "the article" if self.count == 1 else f"{self.count} marked articles")
            plural = "Tags" if self.noun == "tag" else "Categories"
            yield Label(Content(f"{plural} of {what}"), classes="dialog-title")
            yield CategoryChoices(
                *(Selection(Content(f"{clean_line(n)}  ({self.counts.get(n, 0)})"), n,
                            n.casefold() in chosen) for n in names),
                id="categories-list",
            )
            yield Input(placeholder=f"type to find a {self.noun}; enter ticks it, or adds a new one",
                        id="new-category")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Apply", variant="primary", id="apply")
                yield Button("Cancel", id="cancel")
            yield Label(Content("type to find · ↑/↓ move · enter tick · tab to the list (space "
                                "ticks) · ctrl+s apply · esc cancel"), classes="dialog-hint")

    def on_mount(self) -> None:
        # Typing is the first thing a person does here: the field has the keys, so nothing
        # typed is lost on the list (and enter never ticks a box nobody chose).
        self.set_focus(self.query_one("#new-category", Input))

    def on_key(self, event: events.Key) -> None:
        field = self.query_one("#new-category", Input)
        if self.focused is field and event.key in ("up", "down"):
            event.stop()
            selections = self.query_one("#categories-list", SelectionList)
            if selections.option_count:
                current = selections.highlighted
                step = 1 if event.key == "down" else -1
                selections.highlighted = (0 if current is None
                                          else (current + step) % selections.option_count)
                selections.scroll_to_highlight()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Type-ahead: highlight the first category matching what is typed."""
        selections = self.query_one("#categories-list", SelectionList)
        names = [str(selections.get_option_at_index(i).value)
                 for i in range(selections.option_count)]
        index = best_match(names, event.value)
        if index is not None:
            selections.highlighted = index
            selections.scroll_to_highlight()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        selections = self.query_one("#categories-list", SelectionList)
        highlighted = selections.highlighted
        if not name:
            # enter on an empty field ticks (or unticks) the highlighted name
            if highlighted is not None and selections.option_count:
                selections.toggle(selections.get_option_at_index(highlighted).value)
            return
        if highlighted is not None and selections.option_count:
            match = str(selections.get_option_at_index(highlighted).value)
            if match.casefold().startswith(name.casefold()) and \
                    match.casefold() != name.casefold():
                # Type-ahead found it: "fol" + enter ticks "folk", it does not add "fol".
                selections.select(match)
                event.input.value = ""
                return
        if name in [str(v) for v in selections.selected] or name.casefold() in {
                str(selections.get_option_at_index(i).value).casefold()
                for i in range(selections.option_count)}:
            for i in range(selections.option_count):
                value = selections.get_option_at_index(i).value
                if str(value).casefold() == name.casefold():
                    selections.select(value)
        else:
            selections.add_option(Selection(Content(f"{clean_line(name)}  (new)"), name, True))
        event.input.value = ""

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "apply":
            self.action_apply()
        else:
            self.dismiss(None)

    def action_apply(self) -> None:
        selections = self.query_one("#categories-list", SelectionList)
        self.dismiss([str(v) for v in selections.selected])
