"""The reading pane: a header, Key Takeaways, then the body rendered chunk by chunk.

Chunks are mounted lazily: the first screen at once, the rest in small batches, so a long article
never blocks the UI. Very large bodies are shown as plain text with a notice.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from tui.core.model import Article, Structure
from tui.core.sanitize import clean, clean_line
from tui.ui.render import (
    PLAIN_SHOWN,
    Chunk,
    Highlighted,
    chunk_index_for_line,
    count_matches,
    render_chunk,
)
from tui.ui.widgets.plain_view import PlainView
from tui.ui.worker_errors import ShowsWorkerErrors

FIRST_SCREEN_CHARS = 6_000
BATCH = 40


@dataclass
class ReaderScrolled(Message):
    line: int  # file line of the chunk at the top of the view
    offset: int = 0  # rows of that chunk scrolled past


class ChunkView(Static):
    def __init__(self, chunk: Chunk, index: int, code_theme: str) -> None:
        super().__init__(classes="chunk")
        self.chunk = chunk
        self.index = index
        self.code_theme = code_theme
        self.term = ""
        self.current: int | None = None
        self._rendered: Highlighted | None = None
        self._refresh_content()

    def _refresh_content(self) -> None:
        renderable = render_chunk(self.chunk, self.code_theme, self.term, self.current)
        self._rendered = renderable if isinstance(renderable, Highlighted) else None
        self.update(renderable)

    def set_search(self, term: str, current: int | None) -> None:
        if term == self.term and current == self.current:
            return
        self.term = term
        self.current = current
        self._refresh_content()

    def match_line(self, k: int) -> int | None:
        if self._rendered is None or k >= len(self._rendered.match_lines):
            return None
        return self._rendered.match_lines[k]


def header_text(article: Article) -> Text:
    text = Text()
    text.append(clean_line(article.title), style="bold")
    text.append("\n")
    parts: list[tuple[str, str]] = [(article.status or "no status", "bold")]
    if article.categories:
        parts.append((", ".join(article.categories), "italic"))
    if article.iso_date:
        parts.append((article.iso_date[:10], ""))
    parts.append((f"{article.words:,} words · {article.reading_minutes} min read", "dim"))
    for i, (value, style) in enumerate(parts):
        if i:
            text.append("  ·  ", style="dim")
        text.append(clean_line(value), style=style)
    return text


class Reader(ShowsWorkerErrors, VerticalScroll, can_focus=True):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.article: Article | None = None
        self.structure = Structure()
        self.chunks: list[Chunk] = []
        self._pending = 0  # index of the next chunk to mount
        self.term = ""
        self.matches: list[tuple[int, int]] = []  # (chunk index, k-th match in that chunk)
        self.match_index = -1
        self.plain = False
        self._token = 0

    @property
    def code_theme(self) -> str:
        return "monokai" if self.app.current_theme.dark else "default"

    def first_painted(self) -> bool:
        """The current article's header is laid out: its first screen is on the way."""
        for header in self.query(".article-header"):
            if getattr(header, "token", None) == self._token and header.region.height > 0:
                return True
        return False

    def chunk_views(self) -> list[ChunkView]:
        return list(self.query(ChunkView))

    async def show_message(self, message: str) -> None:
        self.article = None
        self.chunks = []
        await self.remove_children()
        await self.mount(Static(Text(message, style="dim italic"), classes="placeholder"))

    async def show_article(self, article: Article, structure: Structure, chunks: list[Chunk],
                           plain: bool) -> None:
        self._token += 1
        self.article = article
        self.structure = structure
        self.chunks = chunks
        self.plain = plain
        self.term = ""
        self.matches = []
        self.match_index = -1
        await self.remove_children()
        header = Static(header_text(article), classes="article-header")
        header.token = self._token  # type: ignore[attr-defined]  # which opening drew it
        widgets: list[Static | PlainView] = [header]
        if article.error:
            where = f" (line {article.error_line})" if article.error_line else ""
            widgets.append(Static(Text(f"This file has an error{where}:\n{clean(article.error)}",
                                       style="bold red"), classes="article-error"))
        if plain:
            shown = article.body[:PLAIN_SHOWN]
            note = "This article is too large (or has too long a line) to render; it is shown " \
                   "as plain text."
            if len(shown) < len(article.body):
                note += (f" Only the first {PLAIN_SHOWN // 1_000_000} MB of "
                         f"{len(article.body) / 1_000_000:.0f} MB is shown; press e to open it "
                         "in your editor.")
            widgets.append(Static(Text(note, style="italic"), classes="notice"))
            area = PlainView(shown, classes="plain")
            widgets.append(area)
            await self.mount_all(widgets)
            self.scroll_home(animate=False)
            return
        size = 0
        first = 0
        for chunk in chunks:
            if size >= FIRST_SCREEN_CHARS:
                break
            size += len(chunk.text)
            first += 1
        widgets.extend(self._view(i) for i in range(first))
        self._pending = first
        await self.mount_all(widgets)
        self.scroll_home(animate=False)
        if self._pending < len(chunks):
            self._schedule_more(self._token)

    def _schedule_more(self, token: int) -> None:
        self.set_timer(0.05, lambda: self.run_worker(self._mount_more(token), group="mount",
                                                     exclusive=True))

    async def _mount_more(self, token: int) -> None:
        if token != self._token or self._pending >= len(self.chunks):
            return
        end = min(len(self.chunks), self._pending + BATCH)
        await self._mount_range(self._pending, end)
        if self._pending < len(self.chunks):
            self._schedule_more(token)

    async def _mount_range(self, start: int, end: int) -> None:
        views = [self._view(i) for i in range(start, end)]
        for view in views:
            if self.term:
                view.set_search(self.term, None)
        self._pending = max(self._pending, end)
        await self.mount_all(views)

    def _view(self, index: int) -> ChunkView:
        view = ChunkView(self.chunks[index], index, self.code_theme)
        line = self.structure.takeaways_line
        if line is not None and self.article is not None and \
                self.chunks[index].start == line - self.article.body_first_line:
            view.add_class("takeaways")
        return view

    async def ensure_mounted(self, index: int) -> None:
        if index >= self._pending and index < len(self.chunks):
            await self._mount_range(self._pending, index + 1)

    def _body_line(self, file_line: int) -> int:
        first = self.article.body_first_line if self.article else 1
        return file_line - first

    async def scroll_to_line(self, file_line: int, animate: bool = True, offset: int = 0,
                             y: int | None = None) -> None:
        """Bring the chunk holding a file line to the top, then `offset` rows further (a
        remembered reading position is a chunk and the rows read into it)."""
        if self.plain or not self.chunks:
            return
        index = chunk_index_for_line(self.chunks, self._body_line(file_line))
        await self.ensure_mounted(index)
        views = self.chunk_views()
        target = next((v for v in views if v.index == index), None)
        if target is None:
            return
        if y is not None:  # the same article again (a reload): the same place, row for row
            self.call_after_refresh(lambda: self.scroll_to(y=y, animate=animate))
        elif offset <= 0:
            self.call_after_refresh(self.scroll_to_widget, target, top=True, animate=animate)
        else:
            self.call_after_refresh(lambda: self.scroll_to(
                y=target.virtual_region.y + offset, animate=animate))

    def position(self) -> tuple[int, int] | None:
        """(file line of the chunk at the top, rows of it above the view): where the reader is,
        finer than a chunk, to come back to after a reload or a restart."""
        line = self.top_line()
        if line is None or self.article is None:
            return None
        y = round(self.scroll_y)
        for view in self.chunk_views():
            if view.chunk.start + self.article.body_first_line == line:
                return line, max(0, y - view.virtual_region.y)
        return line, 0

    def top_line(self) -> int | None:
        """The file line of the chunk at the top of the view."""
        if not self.chunks or self.article is None:
            return None
        y = self.scroll_y
        views = self.chunk_views()
        if views and self.max_scroll_y > 0 and y >= self.max_scroll_y - 1 \
                and self._pending >= len(self.chunks):
            return views[-1].chunk.start + self.article.body_first_line
        best: ChunkView | None = None
        for view in views:
            if view.virtual_region.y <= y + 1:
                best = view
            else:
                break
        if best is None:
            return self.article.body_first_line
        return best.chunk.start + self.article.body_first_line

    def watch_scroll_y(self, old: float, new: float) -> None:
        # Widget.watch_scroll_y moves the scrollbar and repaints: overriding it without calling
        # it left the text on screen stale while the position moved.
        super().watch_scroll_y(old, new)
        where = self.position()
        if where is not None:
            self.post_message(ReaderScrolled(*where))

    # -- find -------------------------------------------------------------------------------
    def search(self, term: str) -> int:
        self.term = term
        counts = count_matches(self.chunks, term)
        self.matches = [(ci, k) for ci, n in enumerate(counts) for k in range(n)]
        self.match_index = -1
        for view in self.chunk_views():
            view.set_search(term, None)
        return len(self.matches)

    async def goto_match(self, step: int) -> tuple[int, int]:
        """Move to the next (step 1) or previous (-1) match; (position, total)."""
        if not self.matches:
            return (0, 0)
        if self.match_index == -1 and step > 0:
            # The first find goes to the first match from where the reader is, not the top.
            self.match_index = self._first_match_from_view() - 1
        self.match_index = (self.match_index + step) % len(self.matches)
        ci, k = self.matches[self.match_index]
        await self.ensure_mounted(ci)
        for view in self.chunk_views():
            view.set_search(self.term, k if view.index == ci else None)
        target = next((v for v in self.chunk_views() if v.index == ci), None)
        if target is not None:
            def _scroll() -> None:
                offset = target.match_line(k) or 0
                y = target.virtual_region.y + offset - self.size.height // 3
                self.scroll_to(y=max(0, y), animate=False)

            self.call_after_refresh(_scroll)
        return (self.match_index + 1, len(self.matches))

    def _first_match_from_view(self) -> int:
        line = self.top_line()
        if line is None or self.article is None or self.scroll_y < 1:
            return 0
        body_line = line - self.article.body_first_line
        top_chunk = chunk_index_for_line(self.chunks, body_line)
        for i, (chunk_index, _) in enumerate(self.matches):
            if chunk_index >= top_chunk:
                return i
        return 0

    def clear_search(self) -> None:
        self.search("")
