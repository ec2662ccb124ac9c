"""The draftdeck app and its factory, used by the CLI and the tests alike."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.color import Color, ColorParseError
from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.core.edit.change import Edit
from tui.core.errors import on_warning, warnings_seen
from tui.core.model import Article
from tui.core.sanitize import clean_line
from tui.core.site.config import Config
from tui.core.store.journal import Batch, UndoOutcome
from tui.core.store.ui_state import UiState
from tui.core.workspace import Plan, Workspace
from tui.ui.contrast import readable
from tui.ui.messages import EditApplied, EditPlanned, EditRequest, UndoDone, UndoFound
from tui.ui.screens.confirm import Confirm
from tui.ui.screens.main import MainScreen
from tui.ui.screens.preview import PreviewScreen
from tui.ui.screens.views import ViewCommands
from tui.ui.turns import Turns
from tui.ui.worker_errors import ShowsWorkerErrors

if TYPE_CHECKING:
    from tui.core.edit.apply import Outcome
    from tui.core.edit.editor import EditResult



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
        ("Edit tags", "tags"), ("Tag manager: rename, merge, remove", "tag_manager"), ("Metadata: every front-matter field, editable", "metadata"),
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
        ("Board: the articles by status (move cards between statuses)", "board"),
        ("Schedule: scheduled, published and expired articles by date", "schedule"),
        ("Saved views (draftdeck.toml)", "views"),
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


class DraftdeckApp(ShowsWorkerErrors, App[int]):
    """The app over one Workspace: every read, plan, write and undo runs in a thread worker and
    comes back as a message; a worker that fails shows an error and the app goes on."""

    CSS_PATH = "app.tcss"
    TITLE = "draftdeck"
    COMMANDS = App.COMMANDS | {ActionCommands, ArticleCommands, ViewCommands}
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

    def __init__(self, workspace: Workspace, *, remember: bool = True, watch: bool = True,
                 index_text: bool = True) -> None:
        super().__init__()
        self.ws = workspace
        self.root = workspace.root
        self.config = workspace.config
        self.display_root = self.root.resolve().name or str(self.root)
        self.remember = remember
        self.watch_files = watch
        self.index_text = index_text
        # Warnings met from here on are this app's (the process may have met others before).
        self._warnings_before = len(warnings_seen)
        self.ui_state = UiState()
        self.marked: set[str] = set()
        self.stop_event = threading.Event()
        self.turns = Turns(self.stop_event)  # edits and undos: one at a time, in key order
        self.main = MainScreen()
        self.closing = False

    def exit(self, *args: object, **kwargs: object) -> None:
        self.closing = True
        super().exit(*args, **kwargs)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        self.push_screen(self.main)
        # The core's warnings (a cache kept in memory, a damaged journal moved aside) are shown
        # once each, whichever thread met them.
        self._loop_thread = threading.get_ident()
        self._stop_warnings = on_warning(self._warning)
        for message in list(warnings_seen[self._warnings_before:]):
            self._warning(message)

    def _warning(self, message: str) -> None:
        def show() -> None:
            self.notify(clean_line(message), title="Warning", severity="warning",
                        markup=False, timeout=12)

        if threading.get_ident() == self._loop_thread:
            show()
        else:
            self.call_from_thread(show)

    def on_unmount(self) -> None:
        self.stop_event.set()
        stop = getattr(self, "_stop_warnings", None)
        if stop is not None:
            stop()
        self.main.save_state()

    # -- edits --------------------------------------------------------------------------------
    def edit(self, targets: list[Article], edits: list[Edit], force: bool = False,
             check_conflict: bool = True, preview: bool = False,
             title: str | None = None, then: Callable[[], None] | None = None) -> None:
        """Plan in a worker; the answer (EditPlanned) decides: preview, ask, or write."""
        # A batch is previewed: several files, or the marked ones (even one), from any screen.
        marked = bool(self.marked) and {a.path for a in targets} <= self.marked
        request = EditRequest(targets, edits, force, preview or len(targets) > 1 or marked,
                              title or "; ".join(e.describe() for e in edits), then)
        self._plan(self.turns.ticket(), request, check_conflict)

    @work(thread=True, group="edit", exit_on_error=False)
    def _plan(self, ticket: int, request: EditRequest, check_conflict: bool) -> None:
        with self.turns.turn(ticket) as ready:
            if not ready:
                return
            plan = self.ws.plan(request.targets, request.edits, force=request.force,
                                check_conflict=check_conflict)
            if request.preview or plan.conflicts or (plan.confirms and not request.force):
                self.post_message(EditPlanned(request, plan))  # a question first
                return
            # Nothing to ask: written in the same turn, so the next edit reads the result.
            applied = self.ws.apply(plan)
        self.post_message(EditApplied(applied.outcomes, applied.changes, request.then))

    def on_edit_planned(self, message: EditPlanned) -> None:
        request, plan = message.request, message.plan
        if request.preview:
            self.preview(plan, request.title, request.then)
            return
        if plan.conflicts:
            self._ask_conflict(request, plan.conflicts)
            return
        if plan.confirms and not request.force:
            self._ask_overwrite(request, plan.confirms)
            return
        self._apply(self.turns.ticket(), plan, request.then)

    def preview(self, plan: Plan, title: str, then: Callable[[], None] | None = None) -> None:
        """Show what a batch would do; write it only when confirmed."""

        def answer(ok: bool | None) -> None:
            if ok:
                self._apply(self.turns.ticket(), plan, then)

        self.push_screen(PreviewScreen(f"Preview: {title}", list(plan.results)), answer)

    @work(thread=True, group="edit", exit_on_error=False)
    def _apply(self, ticket: int, plan: Plan, then: Callable[[], None] | None = None) -> None:
        with self.turns.turn(ticket) as ready:
            if not ready:
                return
            applied = self.ws.apply(plan)
        self.post_message(EditApplied(applied.outcomes, applied.changes, then))

    def on_edit_applied(self, message: EditApplied) -> None:
        self.main.apply_changes(message.changes)
        self._report(message.outcomes)
        if message.then is not None:
            message.then()

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

    def _ask_conflict(self, request: EditRequest, conflicts: list[EditResult]) -> None:
        names = ", ".join(r.relpath for r in conflicts[:5])

        def answer(choice: str | None) -> None:
            if choice == "apply":
                self.edit(request.targets, request.edits, force=request.force,
                          check_conflict=False, then=request.then)
            elif choice == "reload":
                self.main.reload_paths([r.path for r in conflicts])
                self.notify("Reloaded from disk; nothing was written", timeout=4)

        self.push_screen(Confirm(
            "Changed on disk", f"{names} changed on disk since draftdeck read it.\n\n"
            "Reload shows the new text and writes nothing. Apply makes the same change to the "
            "file as it is now on disk (the other change is kept).",
            [("reload", "Reload"), ("apply", "Apply to new text"), ("cancel", "Cancel")]), answer)

    def _ask_overwrite(self, request: EditRequest, confirms: list[EditResult]) -> None:
        reasons = "\n".join(f"{r.relpath}: {r.refused}" for r in confirms[:5])

        def answer(choice: str | None) -> None:
            if choice == "overwrite":
                self.edit(request.targets, request.edits, force=True, then=request.then)

        self.push_screen(Confirm("Overwrite?", reasons, [("overwrite", "Overwrite"),
                                                         ("cancel", "Cancel")]), answer)

    # -- undo ---------------------------------------------------------------------------------
    def undo(self) -> None:
        """Undo this session's last edit at once; after a restart, the folder's last journaled
        edit, once a confirmation has named it."""
        self._find_undo(self.turns.ticket())

    @work(thread=True, group="edit", exit_on_error=False)
    def _find_undo(self, ticket: int) -> None:
        with self.turns.turn(ticket) as ready:
            if not ready:
                return
            batch = self.ws.last_batch()
            if batch is None or batch.id not in self.ws.session_batches:
                self.post_message(UndoFound(batch, False))  # nothing, or ask first
                return
            undone = self.ws.undo(batch)  # this session's own edit: at once, in this turn
        self.post_message(UndoDone(undone))

    def on_undo_found(self, message: UndoFound) -> None:
        batch = message.batch
        if batch is None:
            self.notify("Nothing to undo in this folder", timeout=3)
            return
        if message.this_session:
            self._undo(self.turns.ticket(), batch)
            return
        when = datetime.fromtimestamp(batch.created).strftime("%Y-%m-%d %H:%M")
        files = f"{batch.files} file{'s' if batch.files != 1 else ''}"

        def answer(choice: str | None) -> None:
            if choice == "undo":
                self._undo(self.turns.ticket(), batch)

        self.push_screen(Confirm(
            "Undo an earlier edit?",
            f"The last edit in this folder was made before this session:\n\n"
            f"{batch.description} ({files}, {when})\n\nUndo puts back each file that still "
            "holds what that edit wrote.", [("undo", "Undo it"), ("cancel", "Cancel")]), answer)

    def _ask_skip(self, batch: Batch, failed: list[UndoOutcome]) -> None:
        """An edit that cannot be undone (a file changed by hand since) must not block the ones
        before it: say why, and offer to leave it and undo the one before."""
        reasons = "\n".join(f"{o.relpath}: {o.message}" for o in failed[:5])
        if len(failed) > 5:
            reasons += f"\n(+{len(failed) - 5} more)"

        def answer(choice: str | None) -> None:
            if choice == "skip":
                self._skip(self.turns.ticket(), batch)

        self.push_screen(Confirm(
            "Undo refused", f"“{batch.description}” cannot be undone:\n\n{reasons}\n\n"
            "Skip leaves it as it is (nothing is written) and offers the edit before it.",
            [("skip", "Skip it"), ("cancel", "Cancel")]), answer)

    @work(thread=True, group="edit", exit_on_error=False)
    def _skip(self, ticket: int, batch: Batch) -> None:
        with self.turns.turn(ticket) as ready:
            if not ready:
                return
            self.ws.skip(batch)
            batch_before = self.ws.last_batch()
        self.post_message(UndoFound(batch_before, False))

    @work(thread=True, group="edit", exit_on_error=False)
    def _undo(self, ticket: int, batch: Batch) -> None:
        with self.turns.turn(ticket) as ready:
            if not ready:
                return
            undone = self.ws.undo(batch)
        self.post_message(UndoDone(undone))

    def on_undo_done(self, message: UndoDone) -> None:
        undone = message.undone
        self.main.apply_changes(undone.changes)
        failed = [o for o in undone.outcomes if not o.ok]
        if failed and undone.batch is not None:
            self._ask_skip(undone.batch, failed)
        else:
            n = len(undone.outcomes)
            self.notify(clean_line(f"Undone: {undone.batch.description if undone.batch else ''}"
                                   f" ({n} file{'s' if n != 1 else ''})"), markup=False,
                        timeout=4)


def make_app(root: Path, *, remember: bool = True, watch: bool = True,
             config: Config | None = None, index_text: bool = True,
             workspace: Workspace | None = None) -> DraftdeckApp:
    """Build the app for a folder or a file: the one factory the CLI and the tests use. It
    builds the Workspace (the folder's state) and hands it to the app."""
    ws = workspace if workspace is not None else Workspace(root, config)
    return DraftdeckApp(ws, remember=remember, watch=watch, index_text=index_text)
