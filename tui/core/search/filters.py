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

    def matches_facets(self, article: Article) -> bool:
        """Status and category (everything but the text)."""
        if self.statuses:
            key = article.status or NO_STATUS
            if key not in self.statuses:
                return False
        if self.categories:
            folded = {c.casefold() for c in article.categories}
            if not any(c.casefold() in folded for c in self.categories):
                return False
        return True

    def apply(self, articles: Iterable[Article]) -> list[Article]:
        chosen = [a for a in articles if self.matches_facets(a)]
        if not self.query:
            return chosen
        return match_text([(a, haystack(a)) for a in chosen], self.query)


def haystack(article: Article) -> str:
    """The folded text a query matches against (the app keeps these between keystrokes)."""
    return " ".join((article.title, " ".join(article.categories), article.path)).casefold()


def match_text(pairs: Sequence[tuple[Article, str]], query: str) -> list[Article]:
    """The articles whose search text (see `haystack`) holds every word of the query."""
    words = query.casefold().split()
    if not words:
        return [a for a, _ in pairs]
    if len(words) == 1:
        word = words[0]
        return [a for a, hay in pairs if word in hay]
    return [a for a, hay in pairs if all(w in hay for w in words)]


def by_date(articles: Iterable[Article], newest_first: bool = True) -> list[Article]:
    """The lists' date order: dated articles by date and time (the same one: by path), then
    the undated by path. (The index reads a first page in this order: Index.first_page.)"""
    by_path = sorted(articles, key=lambda a: a.path)
    dated = [a for a in by_path if a.date is not None]
    dated.sort(key=lambda a: a.sort_date, reverse=newest_first)  # stable: paths stay in order
    return dated + [a for a in by_path if a.date is None]


def status_counts(articles: Sequence[Article]) -> Counter[str]:
    return Counter(a.status or NO_STATUS for a in articles)


def category_counts(articles: Sequence[Article]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for article in articles:
        counts.update(set(article.categories))
    return counts
