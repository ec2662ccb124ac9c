"""The problems `draftdeck check` reports for one article."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from tui.core.fields import mixed_fields, mixed_problems, schema_problems
from tui.core.model import Article
from tui.core.read.structure import parse_structure
from tui.core.site.config import Config


def check_article(article: Article, config: Config) -> list[dict[str, Any]]:
    problems: list[dict[str, Any]] = []

    def add(kind: str, message: str, line: int | None = None) -> None:
        problems.append({"kind": kind, "message": message, "line": line})

    if article.error:
        message = article.error.removesuffix(f" (line {article.error_line})")
        add("error", message, article.error_line)
        return problems
    title_said = False
    for warning in article.warnings:
        if warning.startswith("the title"):
            kind = "title"
            title_said = True
        elif "status" in warning:
            kind = "status"
        elif "categories" in warning:
            kind = "categories"
        else:
            kind = "front-matter"
        add(kind, warning)
    # A title under another case or of another type is reported once, by its warning.
    if not article.has_title and not title_said:
        add("title", "the article has no title in its front matter")
    structure = parse_structure(article.body, article.body_first_line)
    seen: Counter[str] = Counter()
    for item in structure.faq:
        if not item.answer.strip():
            add("faq", f"the FAQ question '{item.question}' has no answer", item.line)
        key = " ".join(item.question.casefold().split())
        seen[key] += 1
        if seen[key] == 2:
            add("faq", f"the FAQ question '{item.question}' appears more than once", item.line)
    for kind, message in schema_problems(article, config):
        add(kind, message)
    return problems


def check_folder(articles: Sequence[Article], config: Config
                 ) -> list[tuple[Article, list[dict[str, Any]]]]:
    """Each article with its problems (those with none left out): its own, and fields whose
    type differs from the one most articles use (fields outside the schema)."""
    mixed = mixed_fields(articles, config)
    out: list[tuple[Article, list[dict[str, Any]]]] = []
    for article in articles:
        problems = check_article(article, config)
        if not article.error:
            problems += [{"kind": kind, "message": message, "line": None}
                         for kind, message in mixed_problems(article, mixed)]
        if problems:
            out.append((article, problems))
    return out
