"""Saved views: named filters kept in draftdeck.toml.

    [views.review-queue]
    status = ["pending", "review"]     # one value or a list; "none" is no status
    category = "Linux"                 # any of them
    tag = ["howto"]                    # any of them
    query = "kernel"                   # words in the title, categories or path
    where = ["words < 800", "date >= 2024-01"]   # every term must hold
    sort = "date"                      # title, date, status or modified (list's default)

A `where` term is FIELD OP VALUE. Fields: title, path, status, category, tag, date, words,
error. Operators: = != < <= > >= and ~ (contains, any case). Dates compare as ISO text, so a
prefix works (`date = 2024-05` is May 2024); `none` is a missing value (`date = none`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tui.core.model import Article
from tui.core.search.filters import Filter

FIELDS = ("title", "path", "status", "category", "tag", "date", "words", "error")
OPERATORS = ("<=", ">=", "!=", "=", "<", ">", "~")
SORTS = ("title", "date", "status", "modified")
_TERM = re.compile(r"^\s*([A-Za-z_]+)\s*(<=|>=|!=|==|=|<|>|~)\s*(.*?)\s*$")
_ALIASES = {"categories": "category", "tags": "tag"}


class ViewError(ValueError):
    """A view in draftdeck.toml that cannot be read (the message names it)."""


@dataclass(frozen=True)
class Term:
    field: str
    op: str
    value: str

    def __str__(self) -> str:
        return f"{self.field} {self.op} {self.value}"

    def matches(self, article: Article) -> bool:
        values = _values(article, self.field)
        want = self.value
        if want.casefold() == "none":
            if self.op == "=":
                return not values
            if self.op == "!=":
                return bool(values)
        if self.op == "!=":
            return not any(_equal(self.field, v, want) for v in values)
        return any(_compare(self.field, self.op, v, want) for v in values)


def _values(article: Article, field: str) -> list[str]:
    if field == "category":
        return list(article.categories)
    if field == "tag":
        return list(article.tags)
    value: Any = {
        "title": article.title, "path": article.path, "status": article.status,
        "date": article.iso_date, "words": article.words, "error": article.error,
    }[field]
    return [] if value is None else [str(value)]


def _equal(field: str, value: str, want: str) -> bool:
    if field == "date":
        return value.startswith(want)
    if field == "words":
        return _number(value) == _number(want)
    return value.casefold() == want.casefold()


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _compare(field: str, op: str, value: str, want: str) -> bool:
    if op == "=":
        return _equal(field, value, want)
    if op == "~":
        return want.casefold() in value.casefold()
    left: Any = value.casefold()
    right: Any = want.casefold()
    if field == "words":
        left, right = _number(value), _number(want)
        if left is None or right is None:
            return False
    elif field == "date":
        left = value[: len(want)]  # a prefix compares as its period
        right = want
    if op == "<":
        return bool(left < right)
    if op == "<=":
        return bool(left <= right)
    if op == ">":
        return bool(left > right)
    return bool(left >= right)


def parse_term(text: str) -> Term:
    m = _TERM.match(text)
    if not m:
        raise ViewError(f"'{text}' is not FIELD OP VALUE (operators: {' '.join(OPERATORS)})")
    field, op, value = m.group(1).lower(), m.group(2), m.group(3).strip("\"'")
    field = _ALIASES.get(field, field)
    if field not in FIELDS:
        raise ViewError(f"'{text}': unknown field '{m.group(1)}' (fields: {', '.join(FIELDS)})")
    if op == "==":
        op = "="
    if field == "words" and op not in ("=", "!=") and _number(value) is None:
        raise ViewError(f"'{text}': words compare with a number")
    return Term(field, op, value)


@dataclass(frozen=True)
class View:
    name: str
    statuses: tuple[str, ...] = ()  # as written; read as the list's --status values
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    query: str = ""
    where: tuple[Term, ...] = ()
    sort: str | None = None

    def filter(self, statuses: frozenset[str]) -> Filter:
        """The status/category/text part, with the statuses already read (synonyms)."""
        return Filter(statuses=statuses, categories=frozenset(self.categories), query=self.query)

    def matches_rest(self, article: Article) -> bool:
        """Tags and where terms (what a Filter does not hold)."""
        if self.tags:
            folded = {t.casefold() for t in article.tags}
            if not any(t.casefold() in folded for t in self.tags):
                return False
        return all(term.matches(article) for term in self.where)

    def apply(self, articles: Iterable[Article], statuses: frozenset[str]) -> list[Article]:
        chosen = [a for a in articles if self.matches_rest(a)]
        return self.filter(statuses).apply(chosen)

    def describe(self) -> str:
        parts = []
        if self.statuses:
            parts.append("status " + "/".join(self.statuses))
        if self.categories:
            parts.append("category " + "/".join(self.categories))
        if self.tags:
            parts.append("tag " + "/".join(self.tags))
        if self.query:
            parts.append(f"text “{self.query}”")
        parts += [str(t) for t in self.where]
        return ", ".join(parts) or "every article"


def _names(table: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    plural = {"status": "statuses", "category": "categories", "tag": "tags"}[key]
    value = table.get(key, table.get(plural))
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ViewError(f"{where}: '{key}' must be a text value or a list of them")
    return tuple(v.strip() for v in value)


_KEYS = {"status", "statuses", "category", "categories", "tag", "tags", "query", "where", "sort"}


def parse_views(raw: object) -> dict[str, View]:
    """The `[views]` table of draftdeck.toml, by name (in the file's order)."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ViewError("[views] must be a table of [views.NAME] tables")
    views: dict[str, View] = {}
    for name, table in raw.items():
        where = f"[views.{name}]"
        if not isinstance(table, dict):
            raise ViewError(f"{where} must be a table")
        unknown = sorted(set(table) - _KEYS)
        if unknown:
            raise ViewError(f"{where}: unknown key '{unknown[0]}' (keys: status, category, "
                            "tag, query, where, sort)")
        query = table.get("query", "")
        if not isinstance(query, str):
            raise ViewError(f"{where}: 'query' must be a text value")
        terms = table.get("where", [])
        if isinstance(terms, str):
            terms = [terms]
        if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
            raise ViewError(f"{where}: 'where' must be a list of \"FIELD OP VALUE\" texts")
        sort = table.get("sort")
        if sort is not None and sort not in SORTS:
            raise ViewError(f"{where}: 'sort' must be one of {', '.join(SORTS)}")
        try:
            parsed = tuple(parse_term(t) for t in terms)
        except ViewError as exc:
            raise ViewError(f"{where}: {exc}") from None
        views[str(name)] = View(
            name=str(name), statuses=_names(table, "status", where),
            categories=_names(table, "category", where), tags=_names(table, "tag", where),
            query=query.strip(), where=parsed, sort=sort)
    return views

