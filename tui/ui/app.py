"""The draftdeck app and its factory, used by the CLI and the tests alike."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.color import Color, ColorParseError
from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.core.edit.apply import Outcome, apply_results
from tui.core.edit.editor import Edit, EditResult, folder_conventions, plan_edit
from tui.core.model import Article
from tui.core.sanitize import clean_line
from tui.core.site.config import Config, load_config
from tui.core.store.index import Index
from tui.core.store.journal import Journal
from tui.core.store.ui_state import UiState
from tui.ui.contrast import readable
from tui.ui.screens.confirm import Confirm
from tui.ui.screens.main import MainScreen
from tui.ui.screens.preview import PreviewScreen


class ArticleCommands(Provider):
    """The command palette: jump to any article by title."""

    def _articles(self) -> list[Article]:
        app = self.app
        return list(app.main.articles.values()) if isinstance(app, DraftdeckApp) else []

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for article in self._articles():
            label = clean_line(article.title)
            score = matcher.match(f"Open: {label}")
            if score > 0:
                yield Hit(score, matcher.highlight(f"Open: {label}"),
                          partial(self._open, article.path), help=clean_line(article.path))

    async def discover(self) -> Hits:
        for article in self._articles()[:30]:
            label = clean_line(article.title)
            yield DiscoveryHit(f"Open: {label}", partial(self._open, article.path),
                               help=clean_line(article.path))

    def _open(self, path: str) -> None:
        app = self.app
        assert isinstance(app, DraftdeckApp)
        app.main.open_from_palette(path)


class ActionCommands(Provider):
    """The command palette: every action of the main screen."""

    ACTIONS = [
        ("Filter by text", "filter_text"), ("Set status", "status"),
        ("Edit categories", "categories"), ("Undo the last edit", "undo"),
        ("Open in $EDITOR", "edit_external"), ("Find in article", "find"),
        ("Links in article", "links"), ("Toggle reading mode", "toggle_list"),
        ("Reload the folder", "reload"), ("Help: keys", "help"), ("Quit", "quit"),
        ("Search the whole folder (full text)", "search"),
        ("Category manager: rename, merge, remove", "category_manager"),
        ("Mark every article shown", "mark_all"), ("Clear the marks", "clear_marks"),
        ("Mark or unmark the highlighted article", "toggle_mark"),
        ("Next match in article", "find_next"), ("Previous match in article", "find_previous"),
        ("Next article (review)", "review(1)"), ("Previous article (review)", "review(-1)"),
        ("Show drafts", "show_status('draft')"), ("Show pending", "show_status('pending')"),
        ("Show published", "show_status('publish')"), ("Show all", "show_status('all')"),
        ("Show articles with no status", "show_status('none')"),
        ("Sort by title", "sort('title')"), ("Sort by date", "sort('date')"),
        # Textual's theme picker (its own palette entry is called just "Theme").
        ("Change theme", "app.change_theme"),
    ]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, action in self.ACTIONS:
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), partial(self._run, action))

    async def discover(self) -> Hits:
        for label, action in self.ACTIONS:
            yield DiscoveryHit(label, partial(self._run, action))

    async def _run(self, action: str) -> None:
        app = self.app
        assert isinstance(app, DraftdeckApp)
        await app.run_action(action, app.main)


class DraftdeckApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "draftdeck"
    COMMANDS = App.COMMANDS | {ActionCommands, ArticleCommands}
    BINDINGS = [Binding("ctrl+p", "command_palette", "Commands", show=False)]
    # The screen gets -narrow below 100 columns: app.tcss tightens the filters row and the footer.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables, with footer keys made readable (4.5:1) on the footer: the
        accent of textual-light (blue on light grey) reads at 3:1 as it comes."""
        variables = super().get_css_variables()
        try:
            key = Color.parse(variables["footer-key-foreground"])
            background = Color.parse(variables["footer-background"])
        except (KeyError, ColorParseError):  # an ANSI theme: the terminal's own colours
            return variables
        if key.a > 0 and background.a > 0:
            variables["footer-key-foreground"] = readable(key, background).hex
        return variables

    def __init__(self, root: Path, *, config: Config | None = None, remember: bool = True,
                 watch: bool = True, index_text: bool = True) -> None:
        super().__init__()
        self.root = root
        self.display_root = root.resolve().name or str(root)
        self.config = config if config is not None else load_config(
            root if root.is_dir() else root.parent)
        self.remember = remember
        self.watch_files = watch
        self.index_text = index_text
        self.index = Index(root, self.config)
        self.ui_state = UiState()
        self.journal = Journal()
        self.session_batches: list[int] = []
        self.marked: set[str] = set()
        self.stop_event = threading.Event()
        self.main = MainScreen()
        self.closing = False

    def exit(self, *args: object, **kwargs: object) -> None:
        self.closing = True
        super().exit(*args, **kwargs)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        self.push_screen(self.main)

    def on_unmount(self) -> None:
        self.stop_event.set()
        self.main.save_state()

    # -- edits --------------------------------------------------------------------------------
    def edit(self, targets: list[Article], edits: list[Edit], force: bool = False,
             check_conflict: bool = True, preview: bool = False,
             title: str | None = None, then: Callable[[], None] | None = None) -> list[Outcome]:
        conv = folder_conventions(list(self.main.articles.values()), self.config)
        results = [
            plan_edit(Path(a.abspath), self.root, edits, self.config, conv, force=force,
                      expect=(a.size, a.mtime_ns) if check_conflict and a.mtime_ns else None)
            for a in targets
        ]
        if len(targets) > 1 or preview:
            self.preview(results, edits, title or "; ".join(e.describe() for e in edits), then)
            return []
        conflicts = [r for r in results if r.conflict]
        confirms = [r for r in results if r.needs_confirm]
        if conflicts:
            self._ask_conflict(targets, edits, conflicts)
            return []
        if confirms and not force:
            self._ask_overwrite(targets, edits, confirms)
            return []
        return self._write(results, edits)

    def preview(self, results: list[EditResult], edits: list[Edit], title: str,
                then: Callable[[], None] | None = None) -> None:
        """Show what a batch would do; write it only when confirmed."""

        def answer(ok: bool | None) -> None:
            if ok:
                self._write([r for r in results if r.changed and not r.refused], edits,
                            refused=[r for r in results if r.refused])
                if then is not None:
                    then()

        self.push_screen(PreviewScreen(f"Preview: {title}", results), answer)

    def _write(self, results: list[EditResult], edits: list[Edit],
               refused: list[EditResult] | None = None) -> list[Outcome]:
        description = "; ".join(e.describe() for e in edits)
        batch, outcomes = apply_results(results, self.root, self.journal, description)
        outcomes += [Outcome(r.relpath, "refused", r.refused or "") for r in refused or []]
        if batch is not None:
            self.session_batches.append(batch)
        self.main.reload_paths([r.path for r in results])
        self._report(outcomes)
        return outcomes

    def _report(self, outcomes: list[Outcome]) -> None:
        written = [o for o in outcomes if o.state == "written"]
        refused = [o for o in outcomes if o.state == "refused"]
        if len(outcomes) == 1:
            o = outcomes[0]
            if o.state == "written":
                self.notify(f"Wrote {o.relpath}: {o.message}", markup=False, timeout=4)
            elif o.state == "refused":
                self.notify(f"Not written: {o.relpath}: {o.message}", markup=False,
                            severity="error", timeout=8)
            else:
                self.notify(f"{o.relpath}: nothing to change", markup=False, timeout=3)
            return
        text = f"Wrote {len(written)} of {len(outcomes)} files"
        if refused:
            text += "; refused: " + "; ".join(f"{o.relpath}: {o.message}" for o in refused[:5])
            if len(refused) > 5:
                text += f" (+{len(refused) - 5} more)"
        self.notify(clean_line(text), markup=False, severity="warning" if refused else
                    "information", timeout=8)

    def _ask_conflict(self, targets: list[Article], edits: list[Edit],
                      conflicts: list[EditResult]) -> None:
        names = ", ".join(r.relpath for r in conflicts[:5])

        def answer(choice: str | None) -> None:
            if choice == "apply":
                self.edit(targets, edits, check_conflict=False)
            elif choice == "reload":
                self.main.reload_paths([r.path for r in conflicts])
                self.notify("Reloaded from disk; nothing was written", timeout=4)

        self.push_screen(Confirm(
            "Changed on disk", f"{names} changed on disk since draftdeck read it.\n\n"
            "Reload shows the new text and writes nothing. Apply makes the same change to the "
            "file as it is now on disk (the other change is kept).",
            [("reload", "Reload"), ("apply", "Apply to new text"), ("cancel", "Cancel")]), answer)

    def _ask_overwrite(self, targets: list[Article], edits: list[Edit],
                       confirms: list[EditResult]) -> None:
        reasons = "\n".join(f"{r.relpath}: {r.refused}" for r in confirms[:5])

        def answer(choice: str | None) -> None:
            if choice == "overwrite":
                self.edit(targets, edits, force=True)

        self.push_screen(Confirm("Overwrite?", reasons, [("overwrite", "Overwrite"),
                                                         ("cancel", "Cancel")]), answer)

    def undo(self) -> None:
        if not self.session_batches:
            self.notify("Nothing to undo in this session", timeout=3)
            return
        batch = self.session_batches.pop()
        rows = self.journal.db.execute(
            "SELECT path FROM entries WHERE batch_id = ?", (batch,)).fetchall()
        outcomes = self.journal.undo(batch, self.root)
        self.main.reload_paths([Path(r[0]) for r in rows])
        failed = [o for o in outcomes if not o.ok]
        if failed:
            self.session_batches.append(batch)
            self.notify(clean_line("Undo refused: " + "; ".join(
                f"{o.relpath}: {o.message}" for o in failed[:5])), markup=False,
                severity="error", timeout=8)
        else:
            self.notify(f"Undone ({len(outcomes)} file{'s' if len(outcomes) != 1 else ''})",
                        timeout=4)


def make_app(root: Path, *, remember: bool = True, watch: bool = True,
             config: Config | None = None, index_text: bool = True) -> DraftdeckApp:
    """Build the app for a folder or a file: the one factory the CLI and the tests use."""
    return DraftdeckApp(root, config=config, remember=remember, watch=watch,
                        index_text=index_text)

