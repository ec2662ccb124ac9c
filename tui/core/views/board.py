"""The status board: the articles grouped by status, one column per status.

Columns come in the config's order (the `[status] values` of draftdeck.toml, else the values the
site's generator knows), then the statuses met in the articles but not declared (sorted), then
the articles with no status (`None`), only when there are any. Declared statuses are columns even
when empty, so a card can be moved into them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from tui.core.model import Article
from tui.core.site.config import Config


@dataclass(frozen=True)
class Column:
    status: str | None  # None: the articles with no status
    articles: tuple[Article, ...]
    declared: bool

    @property
    def count(self) -> int:
        return len(self.articles)

    def to_json(self) -> dict[str, Any]:
        """One element of `draftdeck board --json` (a contract)."""
        return {"status": self.status, "count": self.count,
                "articles": [card_json(a) for a in self.articles]}


def card_json(article: Article) -> dict[str, Any]:
    return {"path": article.path, "title": article.title,
            "categories": list(article.categories), "date": article.iso_date}


def declared_statuses(config: Config) -> tuple[str, ...]:
    """The statuses of the config, in its order: draftdeck.toml's, else the site's."""
    return config.statuses if config.statuses_declared else config.site.status_values


def card_order(articles: Iterable[Article]) -> list[Article]:
    """Newest first, undated ones last by title (then path, so the order is stable)."""
    dated = sorted((a for a in articles if a.iso_date),
                   key=lambda a: (a.iso_date or "")[:19], reverse=True)
    undated = sorted((a for a in articles if not a.iso_date),
                     key=lambda a: (a.title.casefold(), a.path))
    return dated + undated


def build_board(articles: Sequence[Article], config: Config) -> list[Column]:
    declared = declared_statuses(config)
    groups: dict[str | None, list[Article]] = {}
    for article in articles:
        groups.setdefault(article.status, []).append(article)
    extra = sorted(s for s in groups if s is not None and s not in declared)
    columns = [Column(s, tuple(card_order(groups.get(s, ()))), True) for s in declared]
    columns += [Column(s, tuple(card_order(groups[s])), False) for s in extra]
    if None in groups:
        columns.append(Column(None, tuple(card_order(groups[None])), False))
    return columns


def neighbour_status(columns: Sequence[Column], status: str | None, step: int) -> str | None:
    """The status of the column `step` places from `status`'s, skipping the no-status column
    (no edit writes "no status"); None at either end."""
    order = [c.status for c in columns if c.status is not None]
    if status is None:  # the last column: going left reaches the last status column
        return order[-1] if order and step < 0 else None
    if status not in order:
        return None
    i = order.index(status) + step
    return order[i] if 0 <= i < len(order) else None
