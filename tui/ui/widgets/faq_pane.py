"""The FAQ of the open article: questions that expand to their answers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Collapsible, Static
from textual.widgets._collapsible import CollapsibleTitle

from tui.core.model import FaqItem
from tui.core.sanitize import clean, clean_line
from tui.ui.messages import FaqChosen


class FaqEntry(Collapsible):
    def __init__(self, item: FaqItem, index: int) -> None:
        answer = Static(Content(clean(item.answer) or "(no answer)"), classes="faq-answer")
        super().__init__(answer, title=cast(str, Content(clean_line(item.question))),
                         collapsed=True, id=f"faq{index}")
        self.item = item

    def on_collapsible_expanded(self, event: Collapsible.Expanded) -> None:
        if event.collapsible is self:
            self.post_message(FaqChosen(self.item.line))


class FaqPane(VerticalScroll):
    BINDINGS = [Binding("j", "question(1)", show=False), Binding("k", "question(-1)", show=False)]

    def action_question(self, step: int) -> None:
        """j/k: the next or previous question."""
        titles = list(self.query(CollapsibleTitle))
        if not titles:
            return
        focused = self.screen.focused
        index = titles.index(focused) if focused in titles else (-1 if step > 0 else len(titles))
        target = titles[max(0, min(len(titles) - 1, index + step))]
        target.focus()
        target.scroll_visible()

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.items: list[FaqItem] = []

    async def show(self, items: Sequence[FaqItem]) -> None:
        self.items = list(items)
        await self.remove_children()
        if not items:
            await self.mount(Static(Content("No FAQ in this article."), classes="empty"))
            return
        await self.mount_all([FaqEntry(item, i) for i, item in enumerate(items)])

    def entries(self) -> list[FaqEntry]:
        return list(self.query(FaqEntry))
