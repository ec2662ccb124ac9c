"""Messages that flow up from workers and widgets to the app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from tui.core.edit.change import Edit
from tui.core.model import Article, Structure
from tui.core.store.journal import Batch
from tui.core.workspace import Changes, Plan, Undone

if TYPE_CHECKING:
    from tui.core.edit.apply import Outcome
    from tui.ui.render import Chunk



@dataclass
class ArticlesLoaded(Message):
    """A batch of articles read by the loader; `done` on the last batch."""

    articles: list[Article]
    done: bool
    total: int
    seen: set[str] | None = None  # with `done`: every path the folder holds now
    counts: dict[str | None, int] | None = None  # with a first page: each status's count


@dataclass
class ArticleOpened(Message):
    """An article read and parsed in a worker, ready to show."""

    article: Article
    structure: Structure
    chunks: list[Chunk]
    plain: bool  # too large for Markdown: shown as plain text
    token: int
    top_line: int | None = None  # scroll there once shown (a restored or reloaded article)
    top_offset: int = 0  # and this many rows further
    top_y: int | None = None  # or exactly this scroll position (the same article reloaded)


@dataclass
class FilesChanged(Message):
    """Files under the folder changed on disk (added, modified or deleted)."""

    paths: set[str]


@dataclass
class ArticlesChanged(Message):
    """Articles re-read by the workspace (a change on disk)."""

    changes: Changes


@dataclass
class SectionChosen(Message):
    line: int  # file line


@dataclass
class FaqChosen(Message):
    line: int  # file line



@dataclass
class EditRequest:
    """What the person asked for: edits on some articles (not a message: carried by them)."""

    targets: list[Article]
    edits: list[Edit]
    force: bool
    preview: bool
    title: str
    then: Callable[[], None] | None = None


@dataclass
class EditPlanned(Message):
    """A plan made in a worker, ready to preview, confirm or write."""

    request: EditRequest
    plan: Plan


@dataclass
class EditApplied(Message):
    """A plan written in a worker; `changes` are the articles re-read."""

    outcomes: list[Outcome]
    changes: Changes
    then: Callable[[], None] | None = None


@dataclass
class UndoFound(Message):
    batch: Batch | None
    this_session: bool


@dataclass
class UndoDone(Message):
    undone: Undone
