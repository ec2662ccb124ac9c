"""Messages that flow up from workers and widgets to the app."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from tui.core.model import Article, Structure
from tui.ui.render import Chunk


@dataclass
class ArticlesLoaded(Message):
    """A batch of articles read by the loader; `done` on the last batch."""

    articles: list[Article]
    done: bool
    total: int
    seen: set[str] | None = None  # with `done`: every path the folder holds now


@dataclass
class ArticleOpened(Message):
    """An article read and parsed in a worker, ready to show."""

    article: Article
    structure: Structure
    chunks: list[Chunk]
    plain: bool  # too large for Markdown: shown as plain text
    token: int
    top_line: int | None = None  # scroll there once shown (a restored or reloaded article)


@dataclass
class FilesChanged(Message):
    """Files under the folder changed on disk (added, modified or deleted)."""

    paths: set[str]


@dataclass
class SectionChosen(Message):
    line: int  # file line


@dataclass
class FaqChosen(Message):
    line: int  # file line

