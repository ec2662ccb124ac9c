"""Full-text search over the whole folder: ranked results with the matching snippet."""

from __future__ import annotations

import time
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
from tui.core.search.fulltext import (
    SNIPPET_CLOSE,
    SNIPPET_OPEN,
    Query,
    mark_words,
    parse_query,
)
from tui.core.store.index import Index, SearchCancelled, SearchHit
from tui.ui.worker_errors import ShowsWorkerErrors


def _marked(text: Text, marked: str, style: str) -> None:
    """Append `marked` to `text`, the parts between SNIPPET_OPEN and SNIPPET_CLOSE highlighted."""
    pos = 0
    while True:
        start = marked.find(SNIPPET_OPEN, pos)
        if start == -1:
            text.append(marked[pos:], style=style)
            return
        end = marked.find(SNIPPET_CLOSE, start)
        end = len(marked) if end == -1 else end
        text.append(marked[pos:start], style=style)
        text.append(marked[start + 1:end], style=f"{style} black on yellow".strip())
        pos = end + 1


def hit_text(hit: SearchHit, query: Query | None = None, width: int = 0) -> Text:
    """Two lines, each cut to `width` cells when given (so every result is as tall as the next
    and the list moves by results): the title with the query's words marked, and the path;
    then where the text matches (left out when that is the title itself)."""
    title = clean_line(hit.title or hit.path)
    head = Text()
    _marked(head, mark_words(title, query.words, query.prefix) if query else title, "bold")
    head.append(f"  {clean_line(hit.path)}", style="dim")
    snippet = clean_line(hit.snippet)
    plain = snippet.replace(SNIPPET_OPEN, "").replace(SNIPPET_CLOSE, "")
    where = Text()
    _marked(where, "" if plain == title else snippet, "")
    if width > 0:
        head.truncate(width, overflow="ellipsis")
        where.truncate(width, overflow="ellipsis")
    return Text("\n").join([head, where])


LIMIT = 100  # results shown; more would not be read


def results_status(count: int, capped: bool, short: bool = False) -> str:
    """"3 results", "1 result", or "the first 100 results" when more matched than are shown
    ("100+ results" when `short`)."""
    if capped:
        if short:
            return f"{count}+ results"
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
        self.last_query = query
        self.hits: list[SearchHit] = []
        self.capped = False
        self.indexing: SearchScreen.Indexing | None = None
        self._requeried = 0.0
        self._to_results = False
        self._pending_downs = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="search-dialog"):
            yield Label(Content("Search the whole folder"), classes="dialog-title")
            yield Input(value=self.initial, placeholder="words to find (titles, front matter, text)",
                        id="search-input")
            yield Label(Content(""), id="search-status")
            yield OptionList(id="search-results")
            yield Label(Content("enter open · ↓ results · esc close"), classes="dialog-hint")

    def on_mount(self) -> None:
        # The index is brought up to date in the background, never before a keystroke's query:
        # now, and whenever a file's text is found not indexed at its current stamp.
        self.keep_fresh(check=False)
        self.set_interval(self.CHECK_EVERY, self.keep_fresh)
        if self.initial:
            self.run_search(self.initial)

    @dataclass
    class Indexing(Message):
        """The full-text index is being filled: `done` of `total` files so far."""
        done: int
        total: int

    @work(thread=True, exclusive=True, group="search-refresh", exit_on_error=False)
    def keep_fresh(self, check: bool = True) -> None:
        if check and not self.index.fts_pending():
            return
        def progress(done: int, total: int) -> None:
            self.post_message(self.Indexing(done, total))

        if self.index.refresh_fts(on_progress=progress):
            self.post_message(self.Refreshed())

    # While the text is being indexed, the query runs again this often (seconds), so the
    # results grow with what is indexed.
    REQUERY_EVERY = 1.0

    def on_search_screen_indexing(self, message: Indexing) -> None:
        self.indexing = message if message.done < message.total else None
        self._show_status()
        query = self.query_one("#search-input", Input).value
        now = time.monotonic()
        if query.strip() and now - self._requeried >= self.REQUERY_EVERY:
            self._requeried = now
            self.run_search(query)

    def on_search_screen_refreshed(self) -> None:
        self.indexing = None
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
        results = self.query_one("#search-results", OptionList)
        if self.last_query != self.query_one("#search-input", Input).value:
            # The results for the text typed are still coming: the key is kept for them.
            self._pending_downs += 1
            return
        if not results.option_count:
            return
        if self._to_results:
            # A ↓ that came before the focus moved (keys in one burst): one result further.
            results.action_cursor_down()
            return
        self._enter_results(0 if results.highlighted is None else results.highlighted)

    def _enter_results(self, index: int) -> None:
        """Highlight result `index` and move the focus to the results (↓ pressed meanwhile
        move on from it)."""
        results = self.query_one("#search-results", OptionList)
        results.highlighted = index
        self._to_results = True
        results.focus()

    def on_descendant_focus(self) -> None:
        self._to_results = False  # the focus moved: keys go where it is now

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
        self.capped = len(message.hits) > LIMIT
        self.hits = message.hits[:LIMIT]
        self.last_query = message.query
        self._show_hits()
        self._show_status()
        downs, self._pending_downs = self._pending_downs, 0
        if downs and self.hits:  # ↓ pressed before these results came
            self._enter_results(min(downs, len(self.hits)) - 1)

    def _show_hits(self) -> None:
        results = self.query_one("#search-results", OptionList)
        highlighted = results.highlighted
        width = results.scrollable_content_region.width - 2  # the option's own padding
        results.clear_options()
        query = parse_query(self.last_query)
        results.add_options(Option(hit_text(h, query, max(width, 20)), id=h.path)
                            for h in self.hits)
        if highlighted is not None and results.has_focus and self.hits:
            results.highlighted = min(highlighted, len(self.hits) - 1)

    def on_resize(self) -> None:
        # A short terminal keeps the input, the status and the hint on screen.
        results = self.query_one("#search-results", OptionList)
        results.styles.max_height = max(4, min(24, self.size.height - 14))
        if self.hits:
            self.call_after_refresh(self._show_hits)

    def _show_status(self) -> None:
        query = self.query_one("#search-input", Input).value
        status = results_status(len(self.hits), self.capped, short=self.indexing is not None) \
            if query.strip() else ""
        if self.indexing is not None:
            # Files still to index (a pass that finds more files read since counts them too).
            left = self.indexing.total - self.indexing.done
            status = (f"indexing: {left:,} files to go"
                      + (f" · so far {status}" if status else ""))
        self.query_one("#search-status", Label).update(Content(status))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
