"""Saved views ([views.NAME] in draftdeck.toml): pick one, see its articles, open one."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.core.model import Article
from tui.core.sanitize import clean_line
from tui.core.site.config import ConfigError, load_views
from tui.core.site.conventions import known_statuses, status_word
from tui.core.views.saved import View

if TYPE_CHECKING:
    from tui.ui.app import DraftdeckApp


def view_articles(view: View, app: DraftdeckApp) -> list[Article]:
    known = known_statuses(app.config)
    statuses = frozenset("none" if s.lower() == "none" else (status_word(s, known) or s.lower())
                         for s in view.statuses)
    chosen = view.apply(app.ws.articles(), statuses)
    return sorted(chosen, key=lambda a: (a.title.casefold(), a.path))


def views_of(app: DraftdeckApp) -> tuple[dict[str, View], str | None]:
    try:
        return load_views(app.ws.folder), None
    except ConfigError as exc:
        return {}, str(exc)


class ViewsScreen(ModalScreen[str | None]):
    DEFAULT_CSS = """
    ViewsScreen { align: center middle; }
    ViewsScreen #views-list { height: auto; max-height: 24; }
    """
    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, name: str = "") -> None:
        super().__init__()
        self.start = name
        self.views: dict[str, View] = {}
        self.current: View | None = None
        self.articles: list[Article] = []

    @property
    def dd(self) -> DraftdeckApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="views-dialog"):
            yield Label(Content("Saved views"), classes="dialog-title", id="views-title")
            yield OptionList(id="views-list")
            yield Label(Content(""), classes="dialog-hint", id="views-hint")

    def on_mount(self) -> None:
        self.views, error = views_of(self.dd)
        if error:
            self.notify(clean_line(error), severity="error", markup=False, timeout=8)
        if self.start in self.views:
            self.show_view(self.views[self.start])
        else:
            self.show_views()
        self.query_one("#views-list", OptionList).focus()

    def show_views(self) -> None:
        self.current = None
        listing = self.query_one("#views-list", OptionList)
        listing.clear_options()
        if not self.views:
            listing.add_option(Option(Content(
                "No saved views. Add one to draftdeck.toml:\n[views.review-queue]\n"
                'status = ["pending"]\nwhere = ["words < 800"]'), disabled=True))
        for name, view in self.views.items():
            n = len(view_articles(view, self.dd))
            listing.add_option(Option(Content.assemble(
                (clean_line(name), "bold"), f"  {n}\n", (clean_line(view.describe()), "dim")),
                id=f"v:{name}"))
        self.query_one("#views-title", Label).update(Content("Saved views"))
        self.query_one("#views-hint", Label).update(Content("enter show · esc close"))

    def show_view(self, view: View) -> None:
        self.current = view
        self.articles = view_articles(view, self.dd)
        listing = self.query_one("#views-list", OptionList)
        listing.clear_options()
        for i, a in enumerate(self.articles):
            listing.add_option(Option(Content.assemble(
                (clean_line(a.title), "bold"),
                (f"  {a.status or 'no status'} · {(a.iso_date or '')[:10]}", "dim")),
                id=f"a:{i}"))
        if not self.articles:
            listing.add_option(Option(Content("No article matches this view."), disabled=True))
        self.query_one("#views-title", Label).update(Content(
            f"View {clean_line(view.name)}: {len(self.articles)} · {clean_line(view.describe())}"))
        self.query_one("#views-hint", Label).update(Content("enter open · esc back to views"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        key = event.option.id or ""
        if key.startswith("v:"):
            self.show_view(self.views[key[2:]])
        elif key.startswith("a:"):
            self.dismiss(self.articles[int(key[2:])].path)

    def action_back(self) -> None:
        if self.current is not None and not self.start:
            self.show_views()
        else:
            self.dismiss(None)


class ViewCommands(Provider):
    """The command palette: every saved view as "View: NAME"."""

    def _views(self) -> dict[str, View]:
        from tui.ui.app import DraftdeckApp

        app = self.app
        return views_of(app)[0] if isinstance(app, DraftdeckApp) else {}

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, view in self._views().items():
            label = f"View: {clean_line(name)}"
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), partial(self._show, name),
                          help=clean_line(view.describe()))

    async def discover(self) -> Hits:
        for name, view in self._views().items():
            yield DiscoveryHit(f"View: {clean_line(name)}", partial(self._show, name),
                               help=clean_line(view.describe()))

    def _show(self, name: str) -> None:
        from tui.ui.app import DraftdeckApp

        app = self.app
        assert isinstance(app, DraftdeckApp)
        app.main.action_views(name)
