"""Categories and tags across a folder: counts, per-status breakdown, near-duplicates, and the
edits that rename, merge or remove one everywhere. `taxonomy` is "category" or "tag"."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from tui.core.edit.change import Edit
from tui.core.model import Article
from tui.core.search.filters import NO_STATUS


@dataclass
class CategoryInfo:
    name: str
    count: int
    by_status: dict[str, int] = field(default_factory=dict)
    near: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {"name": self.name, "count": self.count, "by_status": self.by_status,
                "near_duplicates": self.near}


def normal_form(name: str) -> str:
    """Case, hyphens/underscores vs spaces and a plural -s do not make a different category."""
    text = re.sub(r"[\s_\-]+", " ", name.casefold()).strip()
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
                    for w in text.split())


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Levenshtein distance, stopping early past `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def near_duplicates(names: Sequence[str]) -> dict[str, list[str]]:
    """For each name, the other names that are probably the same category."""
    out: dict[str, list[str]] = defaultdict(list)
    forms = {n: normal_form(n) for n in names}
    by_form: dict[str, list[str]] = defaultdict(list)
    for name, form in forms.items():
        by_form[form].append(name)
    for group in by_form.values():
        for name in group:
            out[name].extend(n for n in group if n != name)
    distinct = sorted(by_form)
    for i, a in enumerate(distinct):
        for b in distinct[i + 1:]:
            if len(a) >= 5 and len(b) >= 5 and edit_distance(a, b, 1) <= 1:
                for x in by_form[a]:
                    for y in by_form[b]:
                        out[x].append(y)
                        out[y].append(x)
    return {k: sorted(set(v)) for k, v in out.items() if v}


TAXONOMIES = ("category", "tag")


def names_of(article: Article, taxonomy: str = "category") -> tuple[str, ...]:
    return article.tags if taxonomy == "tag" else article.categories


def category_report(articles: Sequence[Article], taxonomy: str = "category"
                    ) -> list[CategoryInfo]:
    counts: Counter[str] = Counter()
    by_status: dict[str, Counter[str]] = defaultdict(Counter)
    for article in articles:
        for name in set(names_of(article, taxonomy)):
            counts[name] += 1
            by_status[name][article.status or NO_STATUS] += 1
    near = near_duplicates(list(counts))
    return [CategoryInfo(name, counts[name], dict(by_status[name]), near.get(name, []))
            for name in sorted(counts, key=lambda n: (-counts[n], n.casefold()))]


def tag_report(articles: Sequence[Article]) -> list[CategoryInfo]:
    return category_report(articles, "tag")


def articles_in(articles: Sequence[Article], names: Sequence[str],
                taxonomy: str = "category") -> list[Article]:
    wanted = {n.casefold() for n in names}
    return [a for a in articles
            if any(c.casefold() in wanted for c in names_of(a, taxonomy))]


def _kind(base: str, taxonomy: str) -> str:
    return f"{base}-tag" if taxonomy == "tag" else base


def rename_edits(old: str, new: str, taxonomy: str = "category") -> list[Edit]:
    return [Edit(_kind("rename", taxonomy), old=old, value=new)]


def merge_edits(sources: Sequence[str], into: str, taxonomy: str = "category") -> list[Edit]:
    # `Rust` into `rust` is a merge too (the commonest near-duplicate): only the very same
    # spelling is left out.
    return [Edit(_kind("rename", taxonomy), old=s, value=into) for s in sources if s != into]


def remove_edits(name: str, taxonomy: str = "category") -> list[Edit]:
    return [Edit(_kind("remove", taxonomy), value=name)]
