"""The main screen: filters, the article list, the reader, the outline and the FAQ."""

from __future__ import annotations

import dataclasses
import os
import re
import shlex
import subprocess
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.signal import Signal
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Label, Select, Tab, Tabs
from textual.widgets._collapsible import CollapsibleTitle

from tui.core.edit.change import Edit
from tui.core.model import Article, Structure
from tui.core.read.structure import parse_structure
from tui.core.sanitize import clean_line
from tui.core.search.filters import (
    NO_STATUS,
    Filter,
    category_counts,
    haystack,
    match_text,
    status_counts,
)
from tui.core.workspace import Changes
from tui.ui.messages import (
    ArticleOpened,
    ArticlesChanged,
    ArticlesLoaded,
    FaqChosen,
    FilesChanged,
    SectionChosen,
)
from tui.ui.render import chunk_body, is_web_url, links, needs_plain_view
from tui.ui.screens.categories_editor import CategoriesEditor
from tui.ui.screens.confirm import Confirm
from tui.ui.screens.help import HelpScreen
from tui.ui.screens.links import LinksScreen
from tui.ui.screens.status_picker import StatusPicker
from tui.ui.widgets.article_list import ArticleList, ListHeader
from tui.ui.widgets.faq_pane import FaqPane
from tui.ui.widgets.outline import Outline
from tui.ui.widgets.reader import Reader, ReaderScrolled
from tui.ui.worker_errors import ShowsWorkerErrors

if TYPE_CHECKING:
    from tui.ui.app import DraftdeckApp

# Labels of the built-in statuses; any other status is shown as itself.
STATUS_LABELS = {
    "draft": "Draft", "pending": "Pending", "publish": "Published", "private": "Private",
    "future": "Future", "trash": "Trash", "expired": "Expired", "all": "All", NO_STATUS: "None",
}
SITE_NAMES = {
    "hugo": "Hugo site", "jekyll": "Jekyll site", "grav": "Grav site",
    "eleventy": "Eleventy site", "astro": "Astro site", "mkdocs": "MkDocs site",
    "wordpress": "WordPress export", "obsidian": "Obsidian vault", "plain": "plain folder",
}
_SAFE_ID = re.compile(r"[A-Za-z0-9_-]+")


def status_label(key: str) -> str:
    return STATUS_LABELS.get(key) or clean_line(key[:1].upper() + key[1:])
ALL_CATEGORIES = "\0all"
# How many articles of the starting tab a large folder shows before the rest is decoded (more
# than the tallest screen holds).
FIRST_PAGE = 200
# How often the folder is looked at when its file events cannot be had.
POLL_SECONDS = 3.0


def short_count(n: int) -> str:
    """A count for a tab: exact below 10,000, then 13.6k, 136k, 1.4M (the subtitle is exact),
    so the tab row fits a narrow terminal."""
    if n < 10_000:
        return str(n)
    if n < 100_000:
        return f"{n / 1000:.1f}".removesuffix(".0") + "k"
    if n < 1_000_000:
        return f"{n // 1000}k"
    return f"{n / 1_000_000:.1f}".removesuffix(".0") + "M"


class MainScreen(ShowsWorkerErrors, Screen[None]):
    BINDINGS = [
        Binding("slash", "filter_text", "Filter"),
        Binding("enter", "open_highlighted", "Open", show=False),
        Binding("space", "toggle_mark", "Mark", show=False),
        Binding("a", "mark_all", "Mark all shown", show=False),
        Binding("x", "clear_marks", "Clear marks", show=False),
        Binding("right_square_bracket", "review(1)", "Next article", show=False),
        Binding("left_square_bracket", "review(-1)", "Previous article", show=False),
        Binding("C", "category_manager", "Category manager", show=False),
        Binding("G", "tag_manager", "Tag manager", show=False),
        Binding("S", "search", "Search all", show=False),
        Binding("b", "board", "Board", show=False),
        Binding("A", "schedule", "Schedule", show=False),
        Binding("V", "views", "Saved views", show=False),
        Binding("s", "status", "Status"),
        Binding("c", "categories", "Categories"),
        Binding("m", "metadata", "Metadata", show=False),
        Binding("T", "tags", "Tags", show=False),
        Binding("u", "undo", "Undo"),
        Binding("e", "edit_external", "$EDITOR"),
        Binding("ctrl+f", "find", "Find"),
        Binding("n", "find_next", "Next match", show=False),
        Binding("N", "find_previous", "Previous match", show=False),
        Binding("o", "links", "Links", show=False),
        Binding("z", "toggle_list", "Reading mode", show=False),
        Binding("r", "reload", "Reload", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
        # 1…9: the Nth status tab (at 80 columns some tabs are scrolled out of sight).
        *(Binding(str(n), f"status_tab({n})", show=False) for n in range(1, 10)),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.status_filter = "draft"
        self.category_filter: str | None = None
        self.text_filter = ""
        self.open_path: str | None = None
        self.open_article: Article | None = None
        self._open_token = 0
        self._loading = True
        self._shown_any = False
        # While loading, each status's count as the cache holds it (for the tabs and the
        # subtitle, before every article is decoded): None for no status.
        self._count_hint: dict[str | None, int] | None = None
        self._restored_early: str | None = None  # the remembered article, shown at first paint
        self._last_refresh = 0.0
        self._restore: dict[str, Any] = {}
        self._categories_shown: list[str] = []
        self._applying_filters = False
        self._scroll_line: int | None = None
        self._scroll_offset = 0
        # (path, line, y) of an article being shown again at a kept place, until it is shown
        self._reopening: tuple[str, int | None, int | None] | None = None
        self._follow_timer: Timer | None = None
        self._last_find = ""
        self._last_search = ""
        self._tab_keys: list[str] = []
        self._counts: Counter[str] = Counter()
        self._rebuilding_tabs = False
        self._last_match = -1
        self._errors = 0
        # Published after every change of the article table (the board follows it).
        self.articles_changed_signal: Signal[Changes] = Signal(self, "articles-changed")
        self._sorted_all: list[Article] | None = None  # every article, in the list's order
        # (status, category) -> the articles they select, with their search text
        self._base: tuple[tuple[str, str | None], list[tuple[Article, str]]] | None = None

    @property
    def dd(self) -> DraftdeckApp:
        return self.app  # type: ignore[return-value]

    @property
    def articles(self) -> dict[str, Article]:
        """A copy of the workspace's article table (the workspace is their one owner)."""
        return {a.path: a for a in self.dd.ws.articles()}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Keys typed after `q` (before the app has gone) must not open screens mid-exit.
        return not self.dd.closing

    # -- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            yield Tabs(*self._make_tabs(self._initial_tab_keys()), id="status-tabs")
            yield Select[str]([], prompt="All categories", id="category-select",
                              allow_blank=True, compact=True)
        with Horizontal(id="text-filter-bar", classes="hidden"):
            yield Label(Content("Filter:"), id="text-filter-label")
            yield Input(placeholder="words in title or categories (esc to leave)",
                        id="text-filter")
        with Vertical(id="list-box"):
            yield ListHeader(id="list-header")
            yield ArticleList(id="list")
        with Horizontal(id="lower"):
            with Vertical(id="reading"):
                yield Reader(id="reader")
                with Horizontal(id="find-bar", classes="hidden"):
                    yield Input(placeholder="find in article (enter/↓ next, ↑ previous, esc close)",
                                id="find")
                    yield Label(Content(""), id="find-count")
            with Vertical(id="side"):
                yield Label(Content("Sections"), classes="pane-title")
                yield Outline(id="outline")
                yield Label(Content("FAQ"), classes="pane-title", id="faq-title")
                yield FaqPane(id="faq")
        yield Label(Content("Reading the folder…"), id="progress")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "draftdeck"
        self.sub_title = clean_line(str(self.dd.display_root))
        self._restore = self.dd.ui_state.load(self.dd.root) if self.dd.remember else {}
        status = self._restore.get("status")
        if isinstance(status, str) and status:
            self.status_filter = status
            if status not in self._tab_keys:
                self._tab_keys = self._tab_keys[:-2] + [status] + self._tab_keys[-2:]
                self._rebuild_tabs()
        query = self._restore.get("query")
        if isinstance(query, str) and query:
            self.text_filter = query
            self.query_one("#text-filter", Input).value = query
            self.query_one("#text-filter-bar").remove_class("hidden")
        category = self._restore.get("category")
        if isinstance(category, str):
            self.category_filter = category
        self._activate_tab(self.status_filter)
        self.query_one("#list", ArticleList).focus()
        self.run_worker(self.query_one(Reader).show_message("Reading the folder…"))
        self.load_folder()
        if self.dd.watch_files:
            self.watch_folder()

    # -- loading ------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load_folder(self) -> None:
        """The cache first (the current status at once, then the rest), then the folder itself:
        files changed since are parsed, files gone are dropped."""
        wanted = None if self.status_filter == "all" else self.status_filter
        listing = self.query_one("#list", ArticleList)
        # A big folder: its first screen (in the list's date order) before the rest is decoded;
        # not when a category or text filter would hide most of that page.
        page = FIRST_PAGE if (listing.sort_key == "date" and not self.category_filter
                              and not self.text_filter) else 0
        for batch in self.dd.ws.load(first_status=wanted, first_page=page,
                                     newest_first=listing.sort_reverse):
            self.post_message(ArticlesLoaded(batch.articles, batch.done, len(self.dd.ws),
                                             counts=batch.counts))
        if self.dd.index_text:
            self.index_text()

    @work(thread=True, exclusive=True, group="fts", exit_on_error=False)
    def index_text(self) -> None:
        from textual.worker import get_current_worker

        worker = get_current_worker()
        self.dd.ws.index.refresh_fts(should_stop=lambda: worker.is_cancelled)

    def on_articles_loaded(self, message: ArticlesLoaded) -> None:
        # The workspace holds the articles already; this only says when to redraw.
        progress = self.query_one("#progress", Label)
        if message.counts is not None:
            self._count_hint = message.counts
            if self._shown_any and self._loading:
                self.refresh_list()  # the tabs and the subtitle count the whole cache
        if not message.done and message.articles and not self._shown_any:
            self._shown_any = True
            self._last_refresh = time.monotonic()
            self.refresh_list()  # the first batch: show it at once
            wanted = self._restore.get("article")
            if isinstance(wanted, str) and self.query_one("#list", ArticleList).select_path(
                    wanted):
                # The remembered article is on the first screen: highlighted now, so the
                # cursor does not jump once the whole folder is read (and keys pressed
                # meanwhile are kept).
                self._restored_early = wanted
        if not message.done:
            progress.update(Content(f"Reading the folder… {message.total:,} articles"))
            now = time.monotonic()
            if now - self._last_refresh > 0.3:
                self._last_refresh = now
                self.refresh_list()
            return
        was_loading = self._loading
        self._loading = False
        self._count_hint = None
        progress.display = False
        self.refresh_list()
        if was_loading:
            self._after_first_load()

    def _after_first_load(self) -> None:
        listing = self.query_one("#list", ArticleList)
        ws = self.dd.ws
        if self.dd.root.is_file() and len(ws):
            # One file: it opens in the reader, whatever its status.
            path = ws.articles()[0].path
            if not listing.select_path(path):
                self._set_status_filter("all")
                listing.select_path(path)
            self.open(path)
            self.set_focus(self.query_one(Reader))
            return
        if not listing.articles and len(ws) and "status" not in self._restore:
            # Nothing in the starting tab (a folder with no drafts): the first tab with some.
            counts = status_counts(ws.articles())
            first = next((key for key in self._tab_keys
                          if key != "all" and counts.get(key, 0)), "all")
            self._set_status_filter(first)
        wanted = self._restore.get("article")
        early = self._restored_early
        highlighted = listing.highlighted_path()
        if early is not None and highlighted is not None and highlighted != early:
            # The cursor was moved while the folder was read: that article, not the old one.
            self.open(highlighted)
        elif isinstance(wanted, str) and wanted in ws:
            if not listing.select_path(wanted):
                self._set_status_filter("all")
                listing.select_path(wanted)
            line = self._restore.get("line")
            offset = self._restore.get("offset")
            self.open(wanted, top_line=line if isinstance(line, int) else None,
                      top_offset=offset if isinstance(offset, int) else 0)
        elif listing.articles:
            listing.move_cursor(row=0)
            self.open(listing.articles[0].path)
        else:
            self.run_worker(self.query_one(Reader).show_message(
                "No articles match the filters." if len(ws) else
                "No Markdown articles in this folder."))

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def watch_folder(self) -> None:
        try:
            from watchfiles import watch
        except ImportError:  # pragma: no cover
            return
        from textual.worker import get_current_worker

        worker = get_current_worker()
        root = self.dd.root if self.dd.root.is_dir() else self.dd.root.parent
        try:
            for changes in watch(root, stop_event=self.dd.stop_event, debounce=400,
                                 raise_interrupt=False, rust_timeout=300, yield_on_timeout=True):
                if worker.is_cancelled:
                    return
                paths = {p for _, p in changes if p.lower().endswith((".md", ".markdown"))}
                if paths:
                    self.post_message(FilesChanged(paths))
            return
        except Exception:  # noqa: BLE001 - the events cannot be had here (a file name that is
            pass  # not UTF-8 stops watchfiles): the folder is looked at every few seconds instead
        from tui.core.read.poll import FolderPoll

        poll = FolderPoll(self.dd.root, self.dd.ws.config.site.not_content())
        while not self.dd.stop_event.wait(POLL_SECONDS):
            if worker.is_cancelled:
                return
            paths = poll.changes()
            if paths:
                self.post_message(FilesChanged(paths))

    def on_files_changed(self, message: FilesChanged) -> None:
        self.reload_paths([Path(p) for p in message.paths])

    def reload_paths(self, paths: list[Path]) -> None:
        """Re-read files in a worker (a change on disk, or a conflict); the list follows."""
        self._reload(paths)

    @work(thread=True, group="reload", exit_on_error=False)
    def _reload(self, paths: list[Path]) -> None:
        self.post_message(ArticlesChanged(self.dd.ws.reload(paths)))

    def on_articles_changed(self, message: ArticlesChanged) -> None:
        self.apply_changes(message.changes)

    def apply_changes(self, changes: Changes) -> None:
        """Articles the workspace re-read (after an edit, an undo or a change on disk)."""
        self.articles_changed_signal.publish(changes)
        self.refresh_list()
        if self.open_path and self.open_path in self.dd.ws and self.open_path in changes.paths:
            reader = self.query_one(Reader)
            # At the top, stay at the top (the header is above the first line of the body).
            if self._reopening is not None and self._reopening[0] == self.open_path:
                # Already being shown again (an edit, then the watcher seeing it): the place
                # asked for then, not the top of the half-drawn article.
                _, line, y = self._reopening
            else:
                where = reader.position() if reader.scroll_y >= 1 else None
                line, y = (where[0], round(reader.scroll_y)) if where else (None, None)
            self.open(self.open_path, top_line=line, top_y=y)

    # -- filtering ----------------------------------------------------------------------------
    def current_filter(self) -> Filter:
        statuses = frozenset() if self.status_filter == "all" else frozenset({self.status_filter})
        categories = frozenset({self.category_filter}) if self.category_filter else frozenset()
        return Filter(statuses=statuses, categories=categories, query=self.text_filter)

    def refresh_list(self, counts_too: bool = True) -> None:
        """Show the articles the filters select; recount statuses and categories unless only
        the text filter changed."""
        listing = self.query_one("#list", ArticleList)
        keep = listing.highlighted_path() or self.open_path
        if counts_too or self._sorted_all is None:
            self._sorted_all = listing.sort_all(self.dd.ws.articles())
            self._base = None
        everything = self._sorted_all
        base_key = (self.status_filter, self.category_filter)
        if self._base is None or self._base[0] != base_key:
            # Status and category first, once; each keystroke then only tests the text.
            facets = self.current_filter()
            chosen = [a for a in everything if facets.matches_facets(a)]
            self._base = (base_key, [(a, haystack(a)) for a in chosen])
        listing.show(match_text(self._base[1], self.text_filter), keep=keep, presorted=True)
        listing.empty_message = self._empty_message(len(everything))
        if not counts_too:
            self._update_subtitle(len(listing.articles), len(everything))
            return
        counts = status_counts(everything)
        hint = self._count_hint if self._loading else None
        if hint:  # a first page: the cache's counts until every article is read (a cache
            # left half-built counts fewer than are read meanwhile: the larger count is shown)
            cached = Counter({(status or NO_STATUS): n for status, n in hint.items()})
            counts = Counter({key: max(counts.get(key, 0), cached.get(key, 0))
                              for key in {*counts, *cached}})
        self._errors = sum(1 for a in everything if a.error)
        self._counts = counts
        keys = self._wanted_tab_keys(counts)
        if keys != self._tab_keys:
            self._tab_keys = keys
            self._rebuild_tabs()
        else:
            self._label_tabs()
        self._refresh_categories(everything)
        total = max(sum(hint.values()), len(everything)) if hint else len(everything)
        shown = len(listing.articles)
        if hint and not self.text_filter and not self.category_filter:
            # A first page: the tab holds what the cache counts, not only the rows read yet.
            shown = max(shown, total if self.status_filter == "all"
                        else counts.get(self.status_filter, 0))
        self._update_subtitle(shown, total)

    def _empty_message(self, total: int) -> str:
        """Why the list is empty, and which key shows more."""
        if self._loading:
            return "Reading the folder…"
        if not total:
            return "No Markdown articles in this folder."
        label = status_label(self.status_filter)
        why = [f"status {label}" if self.status_filter != "all" else ""]
        if self.category_filter:
            why.append(f"category “{clean_line(self.category_filter)}”")
        if self.text_filter:
            why.append(f"text “{clean_line(self.text_filter)}”")
        what = " and ".join(w for w in why if w) or "these filters"
        keys = self._tab_keys
        hint = f"press {keys.index('all') + 1} for All ({total:,})" if "all" in keys else ""
        if self.text_filter:
            hint = "press / then clear the text" + (f", or {hint}" if hint else "")
        return f"No articles with {what}. {hint[:1].upper() + hint[1:]}".rstrip()

    def _site_label(self) -> str:
        """The detected site and the file that told (shown in the header)."""
        site = self.dd.config.site
        name = SITE_NAMES.get(site.kind, site.kind)
        if site.config_file:
            return clean_line(f"{name} ({Path(site.config_file).name})")
        return clean_line(name)

    def _update_subtitle(self, shown: int, total: int) -> None:
        errors = self._errors
        text = (f"{clean_line(str(self.dd.display_root))} · {self._site_label()} · "
                f"{shown:,} of {total:,} shown")
        if errors:
            text += f" · {errors} with errors"
        marked = len(self.dd.marked)
        if marked:
            text += f" · ● {marked} marked (s/c act on them, x clears)"
        self.sub_title = text

    def _refresh_categories(self, everything: list[Article]) -> None:
        counts = category_counts(everything)
        names = sorted(counts, key=lambda n: (-counts[n], n.casefold()))
        shown = [f"{n}\0{counts[n]}" for n in names]
        if shown == self._categories_shown:
            return
        self._categories_shown = shown
        select = self.query_one("#category-select", Select)
        self._applying_filters = True
        select.set_options((Content(f"{clean_line(n)} ({counts[n]})"), n) for n in names)
        if self.category_filter and self.category_filter in counts:
            select.value = self.category_filter
        self._applying_filters = False

    # -- status tabs: the config's statuses in its order, then any other status met -------------
    def _initial_tab_keys(self) -> list[str]:
        self._tab_keys = self._wanted_tab_keys(Counter())
        return self._tab_keys

    def _wanted_tab_keys(self, counts: Counter[str]) -> list[str]:
        """Declared statuses (or the site's) always; others when some article has them."""
        config = self.dd.config
        base = set(config.statuses if config.statuses_declared else config.site.status_values)
        seen = [s for s in counts if s != NO_STATUS]
        keys = [s for s in config.status_order(seen) if s in base or counts.get(s)]
        if self.status_filter not in keys and self.status_filter not in ("all", NO_STATUS):
            keys.append(self.status_filter)
        return [*keys, "all", NO_STATUS]

    def _tab_id(self, key: str) -> str:
        if _SAFE_ID.fullmatch(key):
            return f"status-{key}"
        return f"status--{self._tab_keys.index(key)}" if key in self._tab_keys else "status-all"

    def _tab_key(self, tab_id: str) -> str:
        for key in self._tab_keys:
            if self._tab_id(key) == tab_id:
                return key
        return "all"

    def _tab_label(self, key: str) -> Content:
        counts = self._counts
        n = sum(counts.values()) if key == "all" else counts.get(key, 0)
        return Content(f"{status_label(key)} {short_count(n)}")

    def _make_tabs(self, keys: list[str]) -> list[Tab]:
        return [Tab(self._tab_label(key), id=self._tab_id(key)) for key in keys]

    def _label_tabs(self) -> None:
        tabs = self.query_one("#status-tabs", Tabs)
        for key in self._tab_keys:
            for tab in tabs.query(f"#{self._tab_id(key)}").results(Tab):
                tab.label = self._tab_label(key)

    def _rebuild_tabs(self) -> None:
        """A status appeared (or went): the tabs are made again, the current one kept."""
        if not self.is_mounted:
            return
        self.run_worker(self._rebuild_tabs_now(), group="tabs", exclusive=True)

    async def _rebuild_tabs_now(self) -> None:
        tabs = self.query_one("#status-tabs", Tabs)
        self._rebuilding_tabs = True
        try:
            await tabs.clear()
            for tab in self._make_tabs(self._tab_keys):
                await tabs.add_tab(tab)
            self._activate_tab(self.status_filter)
        finally:
            self._rebuilding_tabs = False

    def _activate_tab(self, key: str) -> None:
        tabs = self.query_one("#status-tabs", Tabs)
        tab_id = self._tab_id(key)
        if tabs.query(f"#{tab_id}"):
            tabs.active = tab_id
            # Once laid out (tabs may have just been made), the tab is scrolled into sight.
            self.call_after_refresh(self._show_active_tab)

    def _show_active_tab(self) -> None:
        tabs = self.query_one("#status-tabs", Tabs)
        active = tabs.active_tab
        if active is not None:
            for row in tabs.query("#tabs-scroll"):
                row.scroll_to_center(active, force=True, animate=False)

    def _settable_statuses(self) -> tuple[str, ...]:
        """What the picker offers: statuses an edit can write here. A site that keeps its
        status as true/false (Hugo's draft, Jekyll's and Grav's published) says draft or
        published only; `expired` comes from a date, never from the picker."""
        config = self.dd.config
        site = config.site
        if not config.status_key and site.generator and site.status_kind in ("draft",
                                                                            "published"):
            return ("draft", "publish")
        return tuple(k for k in self.status_keys() if k != "expired")

    def status_keys(self) -> list[str]:
        """The statuses an article can be given here, in the config's order."""
        return [k for k in self._tab_keys if k not in ("all", NO_STATUS)]

    def _set_status_filter(self, key: str) -> None:
        self.status_filter = key
        if key not in self._tab_keys:
            self._tab_keys = self._tab_keys[:-2] + [key] + self._tab_keys[-2:]
            self._rebuild_tabs()
        self._activate_tab(key)
        self.refresh_list()

    @on(Tabs.TabActivated, "#status-tabs")
    def _status_tab(self, event: Tabs.TabActivated) -> None:
        if self._rebuilding_tabs:
            return
        key = self._tab_key(event.tab.id or "status-all")
        if key != self.status_filter:
            self.status_filter = key
            self.refresh_list(counts_too=False)
            self.save_state()

    @on(Select.Changed, "#category-select")
    def _category_changed(self, event: Select.Changed) -> None:
        if self._applying_filters:
            return
        value = event.value
        self.category_filter = value if isinstance(value, str) else None
        self.refresh_list(counts_too=False)
        self.save_state()

    def action_filter_text(self) -> None:
        self.query_one("#text-filter-bar").remove_class("hidden")
        # Focus now, not on the next turn (Widget.focus): keys typed right after `/` go in.
        self.set_focus(self.query_one("#text-filter", Input))

    @on(Input.Changed, "#text-filter")
    def _text_changed(self, event: Input.Changed) -> None:
        self.text_filter = event.value
        self.refresh_list(counts_too=False)

    @on(Input.Submitted, "#text-filter")
    def _text_submitted(self) -> None:
        self.query_one("#list", ArticleList).focus()
        self.save_state()

    def key_escape(self) -> None:
        focused = self.focused
        if focused is not None and focused.id == "text-filter":
            if not self.text_filter:
                self.query_one("#text-filter-bar").add_class("hidden")
            self.query_one("#list", ArticleList).focus()
            self.save_state()
        elif focused is not None and focused.id == "find":
            self.close_find()

    # -- opening ------------------------------------------------------------------------------
    def action_open_highlighted(self) -> None:
        """enter outside the list: never reopen the open article from the top."""
        focused = self.focused
        faq = self.query_one(FaqPane)
        if focused is faq:
            entries = faq.entries()
            if entries:
                entries[0].query_one(CollapsibleTitle).focus()
            return
        path = self.query_one("#list", ArticleList).highlighted_path()
        if path and path != self.open_path:
            self.open(path)
        elif path:
            self.query_one(Reader).focus()

    def on_article_list_row_selected(self, event: ArticleList.RowSelected) -> None:
        """enter (or a click) on a row: that article, and the keys go to the reader."""
        event.stop()
        if event.path != self.open_path:
            self.open(event.path)
        self.set_focus(self.query_one(Reader))

    def on_article_list_cursor_moved(self, event: ArticleList.CursorMoved) -> None:
        """Preview as the cursor moves (debounced, as lazygit does): what is highlighted is what
        is open, so `s` and `c` never act on another article than the one on screen."""
        event.stop()
        if self._loading and self.open_path is None:
            return  # the first load opens the restored (or first) article itself
        if self._follow_timer is not None:
            self._follow_timer.stop()
        path = event.path
        if path == self.open_path:
            return
        self._follow_timer = self.set_timer(0.12, lambda: self._follow(path))

    def _follow(self, path: str) -> None:
        self._follow_timer = None
        listing = self.query_one("#list", ArticleList)
        if listing.highlighted_path() == path and path != self.open_path:
            self.open(path)

    def on_article_list_sort_requested(self, event: ArticleList.SortRequested) -> None:
        listing = self.query_one("#list", ArticleList)
        if event.key:
            listing.action_sort(event.key)
            return
        header = self.query_one("#list-header", ListHeader)
        header.sort_key, header.sort_reverse = listing.sort_key, listing.sort_reverse
        header.refresh()
        self._sorted_all = None  # the order changed
        self._base = None

    def open(self, relpath: str, top_line: int | None = None, top_offset: int = 0,
             top_y: int | None = None) -> None:
        if relpath not in self.dd.ws:
            return
        self.open_path = relpath
        listing = self.query_one("#list", ArticleList)
        listing.open_path = relpath
        listing.refresh()
        self._open_token += 1
        self._reopening = (relpath, top_line, top_y) if top_y is not None else None
        self._read_article(relpath, self._open_token, top_line, top_offset, top_y)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def _read_article(self, relpath: str, token: int, top_line: int | None,
                      top_offset: int = 0, top_y: int | None = None) -> None:
        article = self.dd.ws.read(relpath)  # errors come back on the article
        plain = needs_plain_view(article.body)
        structure = Structure() if plain else parse_structure(article.body,
                                                               article.body_first_line)
        chunks = [] if plain else chunk_body(article.body, structure, article.body_first_line)
        self.post_message(ArticleOpened(article, structure, chunks, plain, token, top_line,
                                        top_offset, top_y))

    async def on_article_opened(self, message: ArticleOpened) -> None:
        if message.token != self._open_token:
            return
        article = message.article
        self.open_article = article
        self.dd.ws.remember(_light(article))
        self._sorted_all = None
        self._base = None
        reader = self.query_one(Reader)
        top_line = message.top_line
        await reader.show_article(article, message.structure, message.chunks, message.plain)
        if top_line is not None:
            # After the first layout, so the target's place is known.
            self.call_after_refresh(
                lambda: self.run_worker(reader.scroll_to_line(
                    top_line, animate=False, offset=message.top_offset, y=message.top_y)))
        token = message.token
        # Once the place is restored (after the next layouts), reloads read it from the reader.
        self.set_timer(1.0, lambda: self._reopened(token))
        self.query_one(Outline).show(message.structure.sections)
        await self.query_one(FaqPane).show(message.structure.faq)
        self.query_one("#faq-title", Label).update(
            Content(f"FAQ ({len(message.structure.faq)})"))
        if self.query_one("#find-bar").has_class("hidden") is False:
            self.query_one("#find", Input).value = ""
        self.save_state()

    def _reopened(self, token: int) -> None:
        if token == self._open_token:
            self._reopening = None

    # -- reader navigation --------------------------------------------------------------------
    async def on_section_chosen(self, message: SectionChosen) -> None:
        await self.query_one(Reader).scroll_to_line(message.line)

    async def on_faq_chosen(self, message: FaqChosen) -> None:
        await self.query_one(Reader).scroll_to_line(message.line)

    def on_reader_scrolled(self, message: ReaderScrolled) -> None:
        self.query_one(Outline).follow(message.line)
        self._scroll_line = message.line
        self._scroll_offset = message.offset

    # -- find ---------------------------------------------------------------------------------
    def action_find(self) -> None:
        bar = self.query_one("#find-bar")
        bar.remove_class("hidden")
        self.set_focus(self.query_one("#find", Input))  # now, as for the text filter

    def close_find(self) -> None:
        reader = self.query_one(Reader)
        y = reader.scroll_y
        self._last_find = self.query_one("#find", Input).value or self._last_find
        self._last_match = reader.match_index
        self.query_one("#find-bar").add_class("hidden")
        self.query_one("#find", Input).value = ""
        reader.clear_search()
        reader.focus(scroll_visible=False)
        # The highlights go; the reading position stays where it was.
        self.call_after_refresh(lambda: reader.scroll_to(y=y, animate=False))

    @on(Input.Changed, "#find")
    def _find_changed(self, event: Input.Changed) -> None:
        total = self.query_one(Reader).search(event.value)
        label = self.query_one("#find-count", Label)
        label.update(Content(f"{total} matches" if event.value else ""))

    @on(Input.Submitted, "#find")
    async def _find_submitted(self) -> None:
        await self.action_find_next()

    async def action_find_next(self) -> None:
        await self._goto(1)

    async def action_find_previous(self) -> None:
        await self._goto(-1)

    async def _goto(self, step: int) -> None:
        reader = self.query_one(Reader)
        bar_open = not self.query_one("#find-bar").has_class("hidden")
        if not bar_open:
            # n/N after esc: find the last term again, and say where we are.
            if not self._last_find:
                self.notify("Nothing to find yet: press ctrl+f", timeout=3)
                return
            if reader.term != self._last_find:
                reader.search(self._last_find)
                # Go on from the match found last (the first one when there was none).
                reader.match_index = self._last_match if self._last_match >= 0 else (
                    -1 if step > 0 else 0)
        position, total = await reader.goto_match(step)
        text = f"{position} of {total}" if total else "no matches"
        if bar_open:
            self.query_one("#find-count", Label).update(Content(text))
        else:
            self.notify(clean_line(f"“{self._last_find}”: {text}"), markup=False, timeout=2)

    def on_key(self, event: Any) -> None:
        focused = self.focused
        if focused is not None and focused.id == "find" and event.key in ("down", "up"):
            event.stop()
            self.run_worker(self._goto(1 if event.key == "down" else -1))

    # -- editing ------------------------------------------------------------------------------
    def targets(self) -> list[Article]:
        """The marked articles, else the highlighted row (which the reader follows), else the
        open article when the list is hidden or empty."""
        if self.dd.marked:
            found = (self.dd.ws.get(p) for p in sorted(self.dd.marked))
            return [a for a in found if a is not None]
        listing = self.query_one("#list", ArticleList)
        highlighted = listing.highlighted_path() if self.query_one("#list-box").display else None
        path = highlighted or self.open_path
        article = self.dd.ws.get(path) if path else None
        return [article] if article else []

    def _subject(self, targets: list[Article]) -> str:
        """What a picker's title names: the article, or the marked articles."""
        if self.dd.marked:
            n = len(targets)
            first = f" (“{targets[0].title}”)" if n == 1 else ""
            return f"{n} marked article{'s' if n != 1 else ''}{first}"
        return f"“{targets[0].title}”"

    def action_status(self) -> None:
        targets = self.targets()
        if not targets:
            self.notify("No article to edit", severity="warning")
            return
        current = targets[0].status if len(targets) == 1 else None

        def chosen(status: str | None) -> None:
            if status:
                self.dd.edit(targets, [Edit("status", value=status)])

        self.app.push_screen(StatusPicker(self._settable_statuses(), current, len(targets),
                                          subject=self._subject(targets)), chosen)

    def action_categories(self) -> None:
        targets = self.targets()
        if not targets:
            self.notify("No article to edit", severity="warning")
            return
        counts = category_counts(self.dd.ws.articles())
        if len(targets) == 1:
            current = list(targets[0].categories)
        else:
            shared = set.intersection(*(set(a.categories) for a in targets))
            current = sorted(shared)
        before = {c.casefold() for c in current}

        def chosen(names: list[str] | None) -> None:
            if names is None:
                return
            after = {n.casefold() for n in names}
            edits = [Edit("remove", value=c) for c in current if c.casefold() not in after]
            edits += [Edit("add", value=n) for n in names if n.casefold() not in before]
            if edits:
                self.dd.edit(targets, edits)
            else:
                self.notify("Categories unchanged", timeout=2)

        self.app.push_screen(CategoriesEditor(counts, current, len(targets),
                                              subject=self._subject(targets)), chosen)

    def action_metadata(self) -> None:
        """Every front-matter field of the article (or the marked ones), editable."""
        from tui.ui.screens.metadata import MetadataScreen

        targets = self.targets()
        if not targets:
            self.notify("No article to edit", severity="warning")
            return
        self.app.push_screen(MetadataScreen(targets))

    def action_tags(self) -> None:
        targets = self.targets()
        if not targets:
            self.notify("No article to edit", severity="warning")
            return
        counts: Counter[str] = Counter()
        for article in self.dd.ws.articles():
            counts.update(set(article.tags))
        current = (list(targets[0].tags) if len(targets) == 1
                   else sorted(set.intersection(*(set(a.tags) for a in targets))))
        before = {c.casefold() for c in current}

        def chosen(names: list[str] | None) -> None:
            if names is None:
                return
            after = {n.casefold() for n in names}
            edits = [Edit("remove-tag", value=c) for c in current if c.casefold() not in after]
            edits += [Edit("add-tag", value=n) for n in names if n.casefold() not in before]
            if edits:
                self.dd.edit(targets, edits)
            else:
                self.notify("Tags unchanged", timeout=2)

        self.app.push_screen(CategoriesEditor(counts, current, len(targets),
                                              subject=self._subject(targets), noun="tag"), chosen)

    # -- marks and review -----------------------------------------------------------------------
    def _marks_changed(self) -> None:
        listing = self.query_one("#list", ArticleList)
        listing.marked = self.dd.marked
        listing.refresh()
        self._update_subtitle(len(listing.articles), len(self.dd.ws))

    def action_toggle_mark(self) -> None:
        listing = self.query_one("#list", ArticleList)
        path = listing.highlighted_path()
        if path is None:
            return
        if path in self.dd.marked:
            self.dd.marked.discard(path)
        else:
            self.dd.marked.add(path)
        listing.move_cursor(listing.cursor_row + 1)
        self._marks_changed()

    def action_mark_all(self) -> None:
        self.dd.marked.update(a.path for a in self.query_one("#list", ArticleList).articles)
        self._marks_changed()

    def action_clear_marks(self) -> None:
        self.dd.marked.clear()
        self._marks_changed()

    def action_review(self, step: int) -> None:
        """Open the next (or previous) article of the current list, for a review pass."""
        listing = self.query_one("#list", ArticleList)
        if not listing.articles:
            return
        current = listing._index.get(self.open_path or "", listing.cursor_row - step)
        target = max(0, min(len(listing.articles) - 1, current + step))
        listing.move_cursor(target)
        self.open(listing.articles[target].path)

    def action_undo(self) -> None:
        self.dd.undo()

    def action_category_manager(self) -> None:
        from tui.ui.screens.category_manager import CategoryManager

        self.app.push_screen(CategoryManager())

    def action_tag_manager(self) -> None:
        from tui.ui.screens.category_manager import CategoryManager

        self.app.push_screen(CategoryManager("tag"))

    def action_search(self) -> None:
        from tui.core.search.fulltext import query_words
        from tui.ui.screens.search import SearchScreen

        # Its own connection: searches run in a worker while the app's index may be busy.
        # It opens on the last search (selected: typing replaces it).
        screen = SearchScreen(self.dd.ws.search_index(), self._last_search)

        def chosen(path: str | None) -> None:
            self._last_search = screen.last_query
            if path and self.open_from_palette(path):
                words = query_words(screen.last_query)
                if words:  # `n` goes to the words in the article
                    self._last_find = words[0]
                    self.notify(clean_line(f"n: next “{words[0]}” in the article"),
                                markup=False, timeout=3)

        self.app.push_screen(screen, chosen)

    def action_board(self) -> None:
        from tui.ui.screens.board import BoardScreen

        self.app.push_screen(BoardScreen())

    def action_schedule(self) -> None:
        from tui.ui.screens.schedule import ScheduleScreen

        self.app.push_screen(ScheduleScreen())

    def action_views(self, name: str = "") -> None:
        from tui.ui.screens.views import ViewsScreen

        def chosen(path: str | None) -> None:
            if path:
                self.open_from_palette(path)

        self.app.push_screen(ViewsScreen(name), chosen)

    def action_edit_external(self) -> None:
        article = self.open_article
        if article is None:
            return
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not editor:
            self.notify("Set $EDITOR (or $VISUAL) to open files in your editor",
                        severity="warning")
            return
        command = [*shlex.split(editor), article.abspath]
        try:
            with self.app.suspend():
                subprocess.run(command, check=False)
        except Exception:  # noqa: BLE001 - no terminal to hand over (headless): run it anyway
            subprocess.run(command, check=False, stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.reload_paths([Path(article.abspath)])
        where = self.query_one(Reader).position()
        self.open(article.path, top_line=where[0] if where else None,
                  top_offset=where[1] if where else 0)
        self.notify(f"Reloaded {clean_line(article.path)}", markup=False, timeout=2)

    def action_links(self) -> None:
        article = self.open_article
        if article is None:
            return
        found = links(article.body)

        def chosen(url: str | None) -> None:
            if not url or not is_web_url(url):
                return

            def confirmed(answer: str | None) -> None:
                if answer == "open":
                    import webbrowser

                    webbrowser.open(url)

            self.app.push_screen(Confirm("Open this link in your browser?", url,
                                         [("open", "Open"), ("cancel", "Cancel")]), confirmed)

        self.app.push_screen(LinksScreen(found), chosen)

    def open_from_palette(self, path: str) -> bool:
        """Select and open `path` (every filter cleared if it is not shown); False, said, when
        the folder no longer holds it."""
        listing = self.query_one("#list", ArticleList)
        if not listing.select_path(path):
            self._set_status_filter("all")
            self.category_filter = None
            self.text_filter = ""
            self.query_one("#text-filter", Input).value = ""
            self.refresh_list()
            if not listing.select_path(path):
                self.notify(clean_line(f"{path} is no longer in the folder"), markup=False,
                            severity="warning")
                return False
        self.open(path)
        return True

    def action_show_status(self, key: str) -> None:
        self._set_status_filter(key)
        self.save_state()

    def action_status_tab(self, n: int) -> None:
        """The Nth status tab (digit keys); the tabs row scrolls to show it."""
        if 1 <= n <= len(self._tab_keys):
            self.action_show_status(self._tab_keys[n - 1])

    def action_sort(self, key: str) -> None:
        self.query_one("#list", ArticleList).action_sort(key)

    def action_toggle_list(self) -> None:
        box = self.query_one("#list-box")
        box.display = not box.display
        self.query_one("#filters").display = box.display
        # Keys go where the eyes are: the reader in reading mode, the list after it.
        if box.display:
            self.set_focus(self.query_one("#list", ArticleList))
        else:
            self.set_focus(self.query_one(Reader))

    def action_reload(self) -> None:
        self.query_one("#progress", Label).display = True
        self.load_folder()

    def action_help(self) -> None:
        keys = [(b.key.replace("question_mark", "?").replace("slash", "/"), b.description)
                for b in [*self.BINDINGS, *self.dd.BINDINGS] if isinstance(b, Binding)]
        self.app.push_screen(HelpScreen(keys))

    async def action_quit(self) -> None:
        self.app.exit()

    # -- state --------------------------------------------------------------------------------
    def save_state(self) -> None:
        if not self.dd.remember or self._loading:
            return
        self.dd.ui_state.save(self.dd.root, {
            "article": self.open_path, "line": self._scroll_line,
            "offset": self._scroll_offset,
            "status": self.status_filter, "category": self.category_filter,
            "query": self.text_filter,
        })



def _light(article: Article) -> Article:
    return dataclasses.replace(article, body="")
