"""The outline of the open article: every heading, indented by level; follows the reader.

Entries wrap to the pane's width (never cut), with a hanging indent so that a wrapped heading
does not read as two.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.core.model import Section
from tui.core.sanitize import clean_line
from tui.ui.messages import SectionChosen

MAX_SHOWN = 2_000
HANG = 2  # extra indent of a wrapped heading's later lines


class Entry:
    """One heading: indented by its level, wrapped with a hanging indent."""

    def __init__(self, title: str, indent: int) -> None:
        self.text = Text(clean_line(title))  # plain text: never read as markup
        self.indent = indent

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        width = self.indent + self.text.cell_len
        return Measurement(min(width, self.indent + HANG + 1), width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        indent = min(self.indent, max(0, width - HANG - 8))  # deep levels on a narrow pane
        lines = self.text.wrap(console, max(1, width - indent - HANG))
        for i, line in enumerate(lines):
            yield Segment(" " * (indent + (HANG if i else 0)))
            yield from line.render(console)
            yield Segment.line()


class Outline(OptionList):
    BINDINGS = [Binding("j", "cursor_down", show=False), Binding("k", "cursor_up", show=False)]

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
            Option(Entry(s.title or "(untitled)", 2 * (s.level - top)), id=f"s{i}")
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
