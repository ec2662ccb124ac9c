"""Reading and layout in a real terminal: heading looks, link text, embeds, the measure, outline."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.terminal.conftest import TermFactory
from tests.terminal.harness import Term

pytestmark = pytest.mark.terminal

TITLE = "Charting the Northern Bays"
ALMANAC = "https://tides.example.org/almanac/northern-bays/2031?format=long&edition=harbour"
LONG_HEADING = "Reading the soundings on the outer banks at dusk, when the pilot boats come home"
PARAGRAPH = " ".join(["The outer banks shift every winter, so the soundings taken last year "
                      "are a guide and never a promise."] * 4)
ARTICLE = f"""---
title: "{TITLE}"
status: draft
date: 2031-02-02
categories: [seafaring]
---

Before setting out, read the [tide almanac]({ALMANAC}) twice.

![A chart of the northern bays](charts/northern-bays.png)

## Harbour charts

Every harbour keeps its own chart.

### Soundings

Depths are marked in fathoms.

#### 1. Leaving port

Cast off at slack water.

{{{{< tidetable bay="north" >}}}}

## {LONG_HEADING}

{PARAGRAPH}
"""


@pytest.fixture
def bays(tmp_path: Path) -> Path:
    folder = tmp_path / "bays"
    folder.mkdir()
    (folder / "northern-bays.md").write_text(ARTICLE, encoding="utf-8")
    return folder


def open_bays(term: TermFactory, folder: Path, cols: int = 120, rows: int = 40) -> Term:
    t = term(folder, cols=cols, rows=rows)
    t.wait_for(TITLE)
    t.wait_for("Before setting out")
    t.wait_quiet(300)
    return t


def in_reader(t: Term, text: str) -> tuple[int, int]:
    """Where text is shown left of the side pane's border (not in the outline)."""
    t.wait_for(text)
    for y, line in enumerate(t.lines()):
        x = line.find(text)
        border = line.find("│")
        if x >= 0 and (border < 0 or x < border):
            return x, y
    raise AssertionError(f"{text!r} is not in the reader:\n{t.dump()}")


def _body_fg(t: Term) -> object:
    x, y = in_reader(t, "Every harbour keeps")
    return t.attrs_at(x, y)["fg"]


def test_headings_have_a_blank_line_above_and_distinct_looks(term: TermFactory,
                                                             bays: Path) -> None:
    t = open_bays(term, bays)
    body_fg = _body_fg(t)
    x2, y2 = in_reader(t, "Harbour charts")
    x3, y3 = in_reader(t, "Soundings")
    x4, y4 = in_reader(t, "1. Leaving port")
    for y in (y2, y3, y4):
        assert t.line(y - 1).split("│")[0].strip() == "", t.dump()  # a blank line above every heading
    # h2: bold, over a light rule; not italic.
    h2 = t.attrs_at(x2, y2)
    assert h2["bold"] and not h2["italics"]
    assert t.line(y2 + 1)[x2:x2 + 20] == "─" * 20, t.dump()
    # h3: bold, in a colour of its own; no rule.
    h3 = t.attrs_at(x3, y3)
    assert h3["bold"] and h3["fg"] != body_fg
    assert "─" not in t.line(y3 + 1)[x3:x3 + 20]
    # h4: bold italic behind a dim "####" marker, so it does not read as a list item.
    assert t.line(y4)[x4 - 5:x4] == "#### ", t.dump()
    h4 = t.attrs_at(x4, y4)
    assert h4["bold"] and h4["italics"]
    marker = t.attrs_at(x4 - 5, y4)
    assert not marker["bold"] and marker["fg"] != body_fg


def test_links_show_their_text_and_images_a_placeholder(term: TermFactory, bays: Path) -> None:
    t = open_bays(term, bays)
    x, y = t.wait_for("read the tide almanac twice.")
    link = t.attrs_at(x + len("read the "), y)
    assert link["underscore"]
    screen = t.screen_text()
    assert "tides.example.org" not in screen and "(https" not in screen
    t.wait_for("[image: A chart of the northern bays — northern-bays.png]")
    x, y = t.wait_for('{{< tidetable bay="north" >}}')  # a shortcode, as written
    assert t.attrs_at(x, y)["fg"] != _body_fg(t)  # dimmed
    t.press("o")  # the URL is one key away
    t.wait_for(ALMANAC[:60])


def test_measure_and_outline_at_200_columns(term: TermFactory, bays: Path) -> None:
    t = open_bays(term, bays, cols=200, rows=60)
    t.wait_for("The outer banks shift")
    reader_lines = [line for line in t.lines() if "outer banks shift" in line
                    or "a guide and never" in line]
    assert len(reader_lines) >= 3  # the paragraph wraps: it does not run across 200 columns
    for line in reader_lines:
        text = line.split("│")[0].rstrip()
        assert len(text) <= 2 + 100, t.dump()  # padding + a 100-column measure
    # The outline (side pane) takes the room the reader leaves: the long heading is not cut.
    x, y = t.wait_for("Sections")
    assert x > 100
    t.wait_until(lambda t: any(LONG_HEADING in line[x:] for line in t.lines()[y:]),
                 what="the long heading on one line of the outline")
    assert "…" not in "\n".join(line[x:] for line in t.lines()[y:y + 8])


def test_long_outline_entries_wrap_at_80_columns(term: TermFactory, bays: Path) -> None:
    t = open_bays(term, bays, cols=80, rows=24)
    x, y = t.wait_for("Sections")
    rows = [line[x:].rstrip() for line in t.lines()[y + 1:y + 12]]
    start = next(i for i, row in enumerate(rows) if row.startswith("Reading the soundings"))
    assert rows[start + 1].startswith("  ") and rows[start + 1].strip()  # hanging indent
    outline = " ".join(row.strip() for row in rows)
    assert LONG_HEADING in outline, t.dump()
