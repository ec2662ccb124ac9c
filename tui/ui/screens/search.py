"""Full-text search over the whole folder: ranked results with the matching snippet."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tui.core.sanitize import clean_line
from tui.core.store.index import SNIPPET_CLOSE, SNIPPET_OPEN, Index, SearchCancelled, SearchHit
from tui.ui.worker_errors import ShowsWorkerErrors


def hit_text(hit: SearchHit) -> Text:
    text = Text(clean_line(hit.title or hit.path), style="bold")
    text.append(f"  {clean_line(hit.path)}\n", style="dim")
    snippet = clean_line(hit.snippet)
    pos = 0
    while True:
        start = snippet.find(SNIPPET_OPEN, pos)
        if start == -1:
            text.append(snippet[pos:])
            break
        end = snippet.find(SNIPPET_CLOSE, start)
        end = len(snippet) if end == -1 else end
        text.append(snippet[pos:start])
        text.append(snippet[start + 1:end], style="bold black on yellow")
        pos = end + 1
    return text


LIMIT = 100  # results shown; more would not be read


def results_status(count: int, capped: bool) -> str:
    """"3 results", "1 result", or "the first 100 results" when more matched than are shown."""
    if capped:
        return f"the first {count} results (more match: add words to narrow)"
    return f"{count} result{'s' if count != 1 else ''}"


class SearchScreen(ShowsWorkerErrors, ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Close"),
                Binding("down", "focus_results", show=False)]

    @dataclass
    class Results(Message):
        query: str
        hits: list[SearchHit]

    class Refreshed(Message):
        """The full-text index took in files changed since: the results may differ."""

    # How often (seconds) the screen looks for files whose text is not indexed yet.
    CHECK_EVERY = 3.0

    def __init__(self, index: Index, query: str = "") -> None:
        super().__init__()
        self.index = index
        self.initial = query
        self.hits: list[SearchHit] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="search-dialog"):
            yield Label(Content("Search the whole folder"), classes="dialog-title")
            yield Input(value=self.initial, placeholder="words to find (titles, front matter, text)",
                        id="search-input")
            yield Label(Content(""), id="search-status")
            yield OptionList(id="search-results")
            yield Label(Content("enter open · ↓ to the results · esc close"),
                        classes="dialog-hint")

    def on_mount(self) -> None:
        # The index is brought up to date in the background, never before a keystroke's query:
        # now, and whenever a file's text is found not indexed at its current stamp.
        self.keep_fresh(check=False)
        self.set_interval(self.CHECK_EVERY, self.keep_fresh)
        if self.initial:
            self.run_search(self.initial)

    @work(thread=True, exclusive=True, group="search-refresh", exit_on_error=False)
    def keep_fresh(self, check: bool = True) -> None:
        if check and not self.index.fts_pending():
            return
        if self.index.refresh_fts():
            self.post_message(self.Refreshed())

    def on_search_screen_refreshed(self) -> None:
        query = self.query_one("#search-input", Input).value
        if query.strip():
            self.run_search(query)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.index.cancel_search()  # the query for the text before this key is not wanted
        self.run_search(event.value)

    def on_input_submitted(self) -> None:
        if self.hits:
            self.dismiss(self.hits[0].path)

    def action_focus_results(self) -> None:
        self.query_one("#search-results", OptionList).focus()

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, query: str) -> None:
        if not query.strip():
            self.post_message(self.Results(query, []))
            return
        try:
            hits = self.index.search(query, limit=LIMIT + 1)
        except SearchCancelled:
            return  # a newer keystroke's search runs instead
        self.post_message(self.Results(query, hits))

    def on_search_screen_results(self, message: Results) -> None:
        if message.query != self.query_one("#search-input", Input).value:
            return
        capped = len(message.hits) > LIMIT
        self.hits = message.hits[:LIMIT]
        results = self.query_one("#search-results", OptionList)
        results.clear_options()
        results.add_options(Option(hit_text(h), id=h.path) for h in self.hits)
        status = results_status(len(self.hits), capped)
        self.query_one("#search-status", Label).update(
            Content(status if message.query.strip() else ""))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
