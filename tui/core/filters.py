"""Selecting articles by status, category and text: one rule for the CLI and the app."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tui.core.model import Article

NO_STATUS = "none"


@dataclass(frozen=True)
class Filter:
    statuses: frozenset[str] = frozenset()  # empty: any; "none": no status
    categories: frozenset[str] = frozenset()  # empty: any; an article matches any of them
    query: str = ""

    def matches(self, article: Article) -> bool:
        if self.statuses:
            key = article.status or NO_STATUS
            if key not in self.statuses:
                return False
        if self.categories:
            folded = {c.casefold() for c in article.categories}
            if not any(c.casefold() in folded for c in self.categories):
                return False
        if self.query:
            hay = haystack(article)
            return all(word in hay for word in self.query.casefold().split())
        return True

    def apply(self, articles: Iterable[Article]) -> list[Article]:
        return [a for a in articles if self.matches(a)]


def haystack(article: Article) -> str:
    """The folded text a query matches against (the app keeps these between keystrokes)."""
    return " ".join((article.title, " ".join(article.categories), article.path)).casefold()


def status_counts(articles: Sequence[Article]) -> Counter[str]:
    return Counter(a.status or NO_STATUS for a in articles)


def category_counts(articles: Sequence[Article]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for article in articles:
        counts.update(set(article.categories))
    return counts
