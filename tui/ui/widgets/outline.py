"""The outline of the open article: every heading, indented by level; follows the reader."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.core.model import Section
from tui.core.sanitize import clean_line
from tui.ui.messages import SectionChosen

MAX_SHOWN = 2_000


class Outline(OptionList):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.sections: list[Section] = []
        self._following = False

    def show(self, sections: Sequence[Section]) -> None:
        self.sections = list(sections)
        self.clear_options()
        if not sections:
            self.add_option(Option(Content("(no headings)"), disabled=True))
            return
        top = min(s.level for s in sections)
        shown = self.sections[:MAX_SHOWN]
        self.sections = shown
        self.add_options(
            Option(Content("  " * (s.level - top) + clean_line(s.title or "(untitled)")),
                   id=f"s{i}")
            for i, s in enumerate(shown)
        )
        if len(sections) > MAX_SHOWN:
            self.add_option(Option(Content(f"… {len(sections) - MAX_SHOWN:,} more headings"),
                                   disabled=True))

    def follow(self, line: int) -> None:
        """Highlight the last section starting at or before a file line."""
        index = None
        for i, s in enumerate(self.sections):
            if s.line <= line:
                index = i
            else:
                break
        if index != self.highlighted:
            self._following = True
            self.highlighted = index
            self._following = False

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = event.option_index
        if 0 <= index < len(self.sections):
            self.post_message(SectionChosen(self.sections[index].line))
