"""The Workspace: the one owner of an opened folder's (or file's) state.

It holds the site conventions and config, the index (cache and full-text search), the journal
and the articles, and it runs the edit workflow: plan, apply, undo. The CLI and the app both go
through it; the app calls it from thread workers only, so nothing here ever runs on the event
loop. Every method may be called from any thread: the article table is guarded by a lock.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from tui.core.model import Article
from tui.core.read.files import find_articles, relative_posix
from tui.core.site.config import Config, load_config
from tui.core.site.conventions import known_statuses, normalise_status
from tui.core.store.index import Index, SearchHit

if TYPE_CHECKING:  # imported when first used: reading a folder (`list`) never needs the editor
    from tui.core.edit.apply import Outcome
    from tui.core.edit.change import Edit
    from tui.core.edit.editor import Conventions, EditResult
    from tui.core.store.journal import Batch, Journal, UndoOutcome

# How many files are read to learn a folder's conventions when it has not been loaded.
CONVENTION_SAMPLE = 300


@dataclass(frozen=True)
class LoadBatch:
    """Articles read by `load`: cached ones first, then those parsed now; `done` at the end,
    with the paths that are gone from the folder."""

    articles: list[Article]
    done: bool = False
    removed: tuple[str, ...] = ()
    cached: bool = False
    # The first page only (`load(first_page=N)`); then, alone, every status's count in the cache.
    partial: bool = False
    counts: dict[str | None, int] | None = None


@dataclass(frozen=True)
class Changes:
    """What a reload, an edit or an undo changed in the article table."""

    articles: list[Article] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def paths(self) -> list[str]:
        return [a.path for a in self.articles] + self.removed


@dataclass(frozen=True)
class Plan:
    """Edits planned for some articles: each file's new bytes, verified, not yet written."""

    edits: tuple[Edit, ...]
    results: tuple[EditResult, ...]
    description: str

    @property
    def conflicts(self) -> list[EditResult]:
        return [r for r in self.results if r.conflict]

    @property
    def confirms(self) -> list[EditResult]:
        return [r for r in self.results if r.needs_confirm]

    @property
    def changed(self) -> list[EditResult]:
        return [r for r in self.results if r.changed and not r.refused]

    @property
    def refused(self) -> list[EditResult]:
        return [r for r in self.results if r.refused]


@dataclass(frozen=True)
class Applied:
    batch: int | None
    outcomes: list[Outcome]
    changes: Changes

    @property
    def written(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.state == "written"]

    @property
    def refused(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.state == "refused"]


@dataclass(frozen=True)
class Undone:
    batch: Batch | None  # None: nothing to undo
    outcomes: list[UndoOutcome]
    changes: Changes

    @property
    def ok(self) -> bool:
        return self.batch is not None and all(o.ok for o in self.outcomes)


class Workspace:
    """One opened root (a folder or a single file). Use as a context manager, or `close()`."""

    def __init__(self, root: Path, config: Config | None = None, *,
                 index: Index | None = None, journal: Journal | None = None) -> None:
        self.root = root
        self.folder = root if root.is_dir() else root.parent
        self.config = config if config is not None else load_config(self.folder)
        self._index = index
        self._journal = journal
        self._lock = threading.RLock()
        self._articles: dict[str, Article] = {}
        self._loaded = False
        self.session_batches: list[int] = []  # batches written through this workspace
        # Stamps (size, mtime_ns) this workspace's own writes turned into others, per file: a
        # caller still holding the article as it was before one of them is not in conflict.
        self._own_writes: dict[Path, dict[tuple[int, int], tuple[int, int]]] = {}

    # -- life -----------------------------------------------------------------------------------
    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            if self._index is not None:
                self._index.close()
                self._index = None
            if self._journal is not None:
                self._journal.close()
                self._journal = None

    @property
    def index(self) -> Index:
        with self._lock:
            if self._index is None:
                self._index = Index(self.root, self.config)
            return self._index

    @property
    def journal(self) -> Journal:
        """Opened on first use: reading a folder never needs the state folder."""
        with self._lock:
            if self._journal is None:
                from tui.core.store.journal import Journal

                self._journal = Journal()
            return self._journal

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Full-text search, the folder read and its text indexed first (for the CLI)."""
        if not self._loaded:
            self.load_all()
        self.index.refresh_fts()
        return self.index.search(query, limit=limit)

    def search_index(self) -> Index:
        """A second connection to the same index, for searches that run beside a load."""
        return Index(self.root, self.config)

    # -- the article table ------------------------------------------------------------------------
    def articles(self) -> list[Article]:
        with self._lock:
            return list(self._articles.values())

    def get(self, relpath: str) -> Article | None:
        with self._lock:
            return self._articles.get(relpath)

    def __contains__(self, relpath: object) -> bool:
        with self._lock:
            return relpath in self._articles

    def __len__(self) -> int:
        with self._lock:
            return len(self._articles)

    def remember(self, article: Article) -> None:
        """Keep a freshly read article (the reader's copy, without its body)."""
        with self._lock:
            self._articles[article.path] = article

    def relpath(self, path: Path) -> str:
        return relative_posix(path, self.root)

    def abspath(self, relpath: str) -> Path:
        if self.root.is_file():
            return self.root
        return self.folder / relpath

    # -- reading ----------------------------------------------------------------------------------
    def load(self, first_status: str | None = None, first_page: int = 0,
             newest_first: bool = True) -> Iterator[LoadBatch]:
        """The cache first (articles of `first_status` at once, then the rest), then the folder
        itself: files changed since are parsed, files gone are dropped (the last batch). With
        `first_page`, the newest (or oldest) that many of `first_status` come before anything
        else is decoded, with the count of each status."""
        index = self.index
        if first_page:
            page = index.first_page(first_status, first_page, newest_first)
            if page:
                self._add(page)
                yield LoadBatch(page, cached=True, partial=True)
                yield LoadBatch([], cached=True, partial=True, counts=index.status_counts())
        first = index.cached(status=first_status)
        if first:
            self._add(first)
            yield LoadBatch(first, cached=True)
            if first_status is not None:
                rest = index.cached(other_than=first_status)
                self._add(rest)
                yield LoadBatch(rest, cached=True)
        for batch in index.scan(yield_cached=not first):
            self._add(batch)
            yield LoadBatch(batch)
        seen = set(index.seen)
        with self._lock:
            gone = [p for p in self._articles if p not in seen]
            for path in gone:
                del self._articles[path]
            self._loaded = True
        yield LoadBatch([], done=True, removed=tuple(gone))

    def current(self, statuses: Collection[str] | None = None) -> list[Article]:
        """The articles of these statuses ("none": no status; None: every one), the cache
        brought up to date first: files changed are parsed, rows still valid (by their file
        stamps) are not decoded unless selected. For a one-shot listing (the CLI)."""
        index = self.index
        index.refresh()
        found = index.cached(statuses=statuses)
        self._add(found)
        return found

    def list_rows(self, statuses: Collection[str] | None = None) -> list[str] | None:
        """The `list --json` rows of these statuses as the index keeps them, by path, the cache
        brought up to date first (as `current`); None when some row must be decoded instead."""
        index = self.index
        index.refresh()
        rows = index.list_rows(statuses)
        return None if rows is None else [text for _, text in sorted(rows)]

    def load_all(self) -> list[Article]:
        for _ in self.load():
            pass
        return self.articles()

    def _add(self, articles: Iterable[Article]) -> None:
        with self._lock:
            for article in articles:
                self._articles[article.path] = article

    def reload(self, paths: Iterable[Path | str]) -> Changes:
        """Read these files again (after an edit, or a change seen on disk)."""
        absolute = [self.abspath(p) if isinstance(p, str) else p for p in paths]
        fresh = {a.path: a for a in self.index.update(absolute)}
        removed: list[str] = []
        with self._lock:
            for path in absolute:
                rel = self.relpath(path)
                if rel in fresh:
                    self._articles[rel] = fresh[rel]
                elif self._articles.pop(rel, None) is not None:
                    removed.append(rel)
        return Changes(list(fresh.values()), removed)

    def read(self, relpath: str) -> Article:
        """The whole article, body included (errors come back on the article)."""
        from tui.core.read.corpus import load_article

        return load_article(self.abspath(relpath), self.root, self.config)

    # -- editing ----------------------------------------------------------------------------------
    def conventions(self) -> Conventions:
        """How this folder writes a status or categories where an article has none."""
        from tui.core.edit.editor import folder_conventions
        from tui.core.read.corpus import load_article

        with self._lock:
            sample = list(self._articles.values()) if self._loaded else []
        if not sample:
            for i, path in enumerate(find_articles(self.folder,
                                                   self.config.site.not_content())):
                if i >= CONVENTION_SAMPLE:
                    break
                sample.append(load_article(path, self.folder, self.config))
        return folder_conventions(sample, self.config)

    def statuses_met(self) -> list[str]:
        """Status values the folder's articles have that the config does not name (a
        workflow's own `review`, `in-progress`)."""
        with self._lock:
            loaded = self._loaded
            values = {a.status for a in self._articles.values()} if loaded else set()
        if not loaded:
            values = set(self.index.statuses()) or {a.status for a in self.load_all()}
        known = set(known_statuses(self.config))
        return sorted(v for v in values if v and v not in known)

    def edit_config(self, edits: Sequence[Edit] = ()) -> Config:
        """The config edits are planned with: a status the folder already uses can be given
        again (a site that keeps its status as true/false still refuses it, with the reason)."""
        known = known_statuses(self.config)
        asked = {str(e.value).strip().lower() for e in edits if e.kind == "status"}
        if all(normalise_status(s, known) for s in asked):
            return self.config  # nothing unusual asked: no need to look at the folder
        met = self.statuses_met()
        if not met:
            return self.config
        return dataclasses.replace(self.config, statuses=(*self.config.statuses, *met))

    def plan(self, targets: Sequence[Article | Path | str], edits: Sequence[Edit], *,
             force: bool = False, check_conflict: bool = True) -> Plan:
        """Plan (and verify) edits for each target; nothing is written. A target read by the
        app (an Article) is checked against the file on disk: a change since is a conflict."""
        from tui.core.edit.editor import plan_edit

        conv = self.conventions()
        config = self.edit_config(edits)
        results: list[EditResult] = []
        seen: set[Path] = set()
        for target in targets:
            expect: tuple[int, int] | None = None
            if isinstance(target, Article):
                path = Path(target.abspath)
                if check_conflict and target.mtime_ns:
                    expect = self._after_own_writes(path, (target.size, target.mtime_ns))
            elif isinstance(target, str):
                path = self.abspath(target)
            else:
                path = target
            key = _identity(path)
            if key in seen:
                continue  # the same file twice (or through a link): edited once
            seen.add(key)
            results.append(plan_edit(path, self.root, list(edits), config, conv,
                                     force=force, expect=expect))
        description = "; ".join(e.describe() for e in edits)
        return Plan(tuple(edits), tuple(results), description)

    def apply(self, plan: Plan) -> Applied:
        """Write every changed file of a plan (one journal batch), then re-read them."""
        from tui.core.edit.apply import Outcome, apply_results

        batch, written = apply_results(plan.changed, self.root, self.journal, plan.description)
        by_path = {o.relpath: o for o in written}
        for result in plan.changed:
            outcome = by_path.get(result.relpath)
            if outcome is not None and outcome.state == "written" and result.snapshot:
                self._own_write(result.path, (result.snapshot.size, result.snapshot.mtime_ns))
        # One outcome per planned file, in the plan's order: written (or refused at write
        # time), refused at plan time, or unchanged.
        outcomes = [by_path.get(r.relpath) or (
            Outcome(r.relpath, "refused", r.refused) if r.refused
            else Outcome(r.relpath, "unchanged", "nothing to change"))
            for r in plan.results]
        if batch is not None:
            self.session_batches.append(batch)
        changes = self.reload([r.path for r in plan.results if r.changed])
        return Applied(batch, outcomes, changes)

    def last_batch(self) -> Batch | None:
        """The newest edit under this root not yet undone (this session's or an older one)."""
        return self.journal.last_batch(self.root)

    def undo(self, batch: Batch | None = None) -> Undone:
        """Undo a batch (by default the newest under this root) if its files still hold what it
        wrote; files changed since are reported and left alone."""
        batch = batch or self.last_batch()
        if batch is None:
            return Undone(None, [], Changes())
        paths = self.journal.batch_paths(batch.id)
        before = {path: _stamp(path) for path in paths}
        outcomes = self.journal.undo(batch.id, root=Path(batch.folder))
        for path in paths:  # a file the undo left alone keeps its stamp: nothing recorded
            stamp = before[path]
            if stamp is not None:
                self._own_write(path, stamp)
        if all(o.ok for o in outcomes) and batch.id in self.session_batches:
            self.session_batches.remove(batch.id)
        return Undone(batch, outcomes, self.reload(paths))

    def skip(self, batch: Batch) -> None:
        """Leave a batch that cannot be undone as it is, so the ones before it can be."""
        self.journal.skip(batch.id)
        if batch.id in self.session_batches:
            self.session_batches.remove(batch.id)


    def _own_write(self, path: Path, before: tuple[int, int]) -> None:
        """Remember that this workspace turned the file at `before` into what it is now."""
        after = _stamp(path)
        if after is None or after == before:
            return
        with self._lock:
            chain = self._own_writes.setdefault(_identity(path), {})
            chain.pop(after, None)  # back to a stamp seen before (an undo): no loop
            chain[before] = after

    def _after_own_writes(self, path: Path, stamp: tuple[int, int]) -> tuple[int, int]:
        """The stamp a caller's copy would have now had it seen this workspace's own writes."""
        with self._lock:
            chain = self._own_writes.get(_identity(path), {})
            seen = {stamp}
            while stamp in chain:
                stamp = chain[stamp]
                if stamp in seen:
                    break
                seen.add(stamp)
        return stamp


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


def _identity(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()
