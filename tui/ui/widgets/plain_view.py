"""A plain-text view for bodies too large to render: a virtual list of lines, drawn only where
visible, so even megabytes of text open at once."""

from __future__ import annotations

from rich.segment import Segment
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.core.sanitize import clean

MAX_WIDTH = 2_000  # lines are cut here for display


class PlainView(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    PlainView { height: 1fr; min-height: 10; }
    """

    def __init__(self, text: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.lines = clean(text).expandtabs(4).split("\n")
        width = min(MAX_WIDTH, max((len(line) for line in self.lines[:50_000]), default=0))
        self.virtual_size = Size(width, len(self.lines))

    def render_line(self, y: int) -> Strip:
        x, top = self.scroll_offset
        row = top + y
        width = self.scrollable_content_region.width
        if row >= len(self.lines):
            return Strip.blank(width, self.rich_style)
        text = self.lines[row][x:x + width]
        return Strip([Segment(text, self.rich_style)]).extend_cell_length(width, self.rich_style)
