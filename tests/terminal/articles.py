"""Original Markdown fixtures for the terminal tests, written on the fly."""

from __future__ import annotations

from pathlib import Path

LONG_TITLE = "A Very Long Field Guide to Numbered Lines"
LONG_LINES = 300
SECTION_EVERY = 60
SINGLE_TITLE = "Notes From the Lighthouse Keeper"
SINGLE_BODY = "The lamp was lit at dusk and trimmed twice before the tide turned."

_WORDS = ("amber", "basalt", "cinder", "drift", "ember", "fjord", "gale", "heron", "inlet",
          "juniper", "kelp", "lichen", "moraine", "nettle", "osprey", "pumice")


def numbered(n: int) -> str:
    """The n-th line of the long article (1-based): 'Line 0007 heron inlet ...'."""
    words = " ".join(_WORDS[(n * 7 + k) % len(_WORDS)] for k in range(6))
    return f"Line {n:04d} {words}."


def long_article(title: str = LONG_TITLE, lines: int = LONG_LINES,
                 status: str = "draft", date: str = "2031-01-01") -> str:
    """An article with `lines` numbered paragraphs in sections of SECTION_EVERY lines."""
    out = ["---", f'title: "{title}"', f"status: {status}", f"date: {date}",
           "categories: [field-guides]", "---", "",
           "An opening paragraph before the numbered lines begin.", ""]
    for n in range(1, lines + 1):
        if (n - 1) % SECTION_EVERY == 0:
            out += [f"## Section {(n - 1) // SECTION_EVERY + 1}", ""]
        out += [numbered(n), ""]
    out.append("The end of the field guide.")
    return "\n".join(out) + "\n"


def short_article(title: str, status: str = "draft", body: str = "",
                  date: str = "2020-05-05") -> str:
    body = body or f"A short piece called {title}, kept for the list."
    return (f'---\ntitle: "{title}"\nstatus: {status}\ndate: {date}\n'
            f"categories: [misc]\n---\n\n{body}\n")


def write_long_folder(folder: Path) -> Path:
    """A folder with the long article (newest, so first in the list) and two short ones."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "field-guide.md").write_text(long_article(), encoding="utf-8")
    (folder / "postcard.md").write_text(short_article("A Postcard From the Coast"),
                                        encoding="utf-8")
    (folder / "recipe.md").write_text(short_article("Bread Without a Recipe"), encoding="utf-8")
    return folder


def write_many(folder: Path, count: int = 450) -> Path:
    """count small draft articles with YAML front matter, in a few sub-folders."""
    for i in range(count):
        sub = folder / f"batch-{i // 100:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        body = (f"Generated article number {i} for the first-open test.\n\n"
                f"## Part one\n\n{numbered(i + 1)}\n\n## Part two\n\nMore words about item {i}.")
        day = 1 + i % 28
        (sub / f"generated-{i:04d}.md").write_text(
            short_article(f"Generated Article {i:04d}", "draft", body,
                          date=f"2022-{1 + i % 12:02d}-{day:02d}"), encoding="utf-8")
    return folder


def write_single(folder: Path) -> Path:
    """One published article; returns the file."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "lighthouse.md"
    path.write_text(short_article(
        SINGLE_TITLE, "publish",
        f"{SINGLE_BODY}\n\n## The log\n\nThree ships passed; one signalled back.\n",
        date="2023-03-03"), encoding="utf-8")
    return path
