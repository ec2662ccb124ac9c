"""End-to-end: what a person sees while moving, finding and editing (issue 10, bugs 3-7, and
undo after a restart), in a real pty."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.terminal.articles import LONG_TITLE, numbered, short_article, write_long_folder
from tests.terminal.conftest import TermFactory
from tests.terminal.harness import Term
from tests.terminal.test_terminal import numbered_lines, open_long_article

pytestmark = pytest.mark.terminal


def two_drafts(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "alpha.md").write_text(short_article("Alpha Harbour Notes", date="2030-02-02"),
                                     encoding="utf-8")
    (folder / "beta.md").write_text(short_article("Beta Lantern Notes", date="2030-01-01"),
                                    encoding="utf-8")
    return folder


# -- bug 3: s and c act on the highlighted row, and say which -------------------------------------
def test_down_then_s_edits_the_highlighted_article(term: TermFactory, tmp_path: Path) -> None:
    folder = two_drafts(tmp_path / "two")
    t = term(folder)
    t.wait_for("Alpha Harbour Notes")
    t.wait_for("A short piece called Alpha")  # the first row is open in the reader
    t.wait_quiet(300)
    t.press("down")
    # The reader follows the cursor (debounced) and the open row is marked.
    t.wait_for("A short piece called Beta", timeout=5)
    t.wait_until(lambda t: any(line.startswith("▶") and "Beta Lantern" in line
                               for line in t.lines()), timeout=5, what="▶ on the Beta row")
    t.press("s")
    t.wait_for("Set the status of “Beta Lantern Notes”", timeout=5)
    t.type("pending")
    t.press("enter")
    t.wait_until(lambda t: "status: pending" in (folder / "beta.md").read_text(),
                 timeout=10, what="beta.md written")
    assert "status: draft" in (folder / "alpha.md").read_text()


def test_categories_editor_names_the_article(term: TermFactory, tmp_path: Path) -> None:
    folder = two_drafts(tmp_path / "two")
    t = term(folder)
    t.wait_for("A short piece called Alpha")
    t.wait_quiet(300)
    t.press("down")
    t.wait_for("A short piece called Beta", timeout=5)
    t.press("c")
    t.wait_for("Categories of “Beta Lantern Notes”", timeout=5)


# -- bug 4: no drafts: the first tab with articles; an empty tab says why ------------------------
def test_folder_without_drafts_starts_on_a_tab_with_articles(term: TermFactory,
                                                             tmp_path: Path) -> None:
    folder = tmp_path / "published"
    folder.mkdir()
    for name in ("one", "two"):
        (folder / f"{name}.md").write_text(
            short_article(f"Published piece {name}", status="publish"), encoding="utf-8")
    t = term(folder)
    t.wait_for("Published piece one")
    t.wait_for("2 of 2 shown")
    t.press("1")  # the Draft tab: empty, and it says why and what shows more
    t.wait_for("No articles with status Draft", timeout=5)
    assert "for All" in t.screen_text()


# -- bug 5: find ----------------------------------------------------------------------------------
def test_find_keeps_single_spacing_and_position_and_n_works_after_esc(
        term: TermFactory, tmp_path: Path) -> None:
    t = open_long_article(term, write_long_folder(tmp_path / "long"))
    spacing = _line_gap(t)
    t.press("ctrl+f")
    t.type("0040")  # (not "Line 0040": the find field itself would show a numbered line)
    t.press("enter")
    t.wait_for("1 of 1", timeout=5)
    t.wait_until(lambda t: 40 in numbered_lines(t) and 1 not in numbered_lines(t), timeout=5,
                 what="the reader moved to Line 0040")
    t.wait_quiet(300)
    assert _line_gap(t) == spacing, t.dump()  # not double-spaced while the bar is open
    top = min(numbered_lines(t))
    t.press("escape")
    t.wait_gone("1 of 1", timeout=5)
    t.wait_quiet(300)
    # esc keeps the reading position (the highlights go, the lines stay where they were)
    t.wait_until(lambda t: numbered_lines(t) and min(numbered_lines(t)) == top, timeout=5,
                 what=f"Line {top:04d} still at the top after esc")
    t.press("home")
    t.wait_for("Line 0001", timeout=5)
    t.press("n")  # after esc: the same term again, and it says where
    t.wait_for("1 of 1", timeout=5)
    t.wait_until(lambda t: 40 in numbered_lines(t) and 1 not in numbered_lines(t), timeout=5,
                 what="n went to Line 0040")


def _line_gap(t: Term) -> int:
    """Rows between two consecutive numbered lines on screen."""
    rows = {}
    for y, line in enumerate(t.lines()):
        for n in numbered_lines_in(line):
            rows[n] = y
    pairs = [rows[n + 1] - rows[n] for n in rows if n + 1 in rows]
    assert pairs, t.dump()
    return min(pairs)


def numbered_lines_in(line: str) -> list[int]:
    import re

    return [int(n) for n in re.findall(r"\bLine (\d{4})\b", line)]


# -- bug 6: enter in the FAQ pane -----------------------------------------------------------------
def test_enter_in_faq_pane_does_not_reopen_the_article(term: TermFactory, tmp_path: Path) -> None:
    folder = tmp_path / "faq"
    folder.mkdir()
    body = "\n\n".join(numbered(n) for n in range(1, 80))
    body += "\n\n## FAQ\n\n**Q: Where does the path end?**\n\nA: At the old quarry gate.\n"
    (folder / "walk.md").write_text(short_article("A Walk With Questions", body=body),
                                    encoding="utf-8")
    t = term(folder)
    t.wait_for("Line 0001")
    t.wait_quiet(300)
    t.press("tab")
    t.press("pagedown")
    t.wait_gone("Line 0001", timeout=5)
    t.wait_quiet(300)
    shown = numbered_lines(t)
    x, y = t.wait_for("FAQ (1)")
    t.click(x + 1, y + 1)  # the FAQ pane's title: focus goes near the pane
    t.press("tab")
    t.press("enter")
    t.wait_quiet(400)
    assert "Line 0001" not in t.screen_text(), t.dump()
    assert numbered_lines(t) == shown or not numbered_lines(t) or min(numbered_lines(t)) > 1


# -- u after a restart ----------------------------------------------------------------------------
def test_u_after_restart_offers_the_last_journaled_edit(term: TermFactory,
                                                        tmp_path: Path) -> None:
    folder = two_drafts(tmp_path / "two")
    before = (folder / "beta.md").read_bytes()
    t = term(folder)  # its home holds the state folder the CLI must share
    t.wait_for("Alpha Harbour Notes")
    env = dict(t.env)  # the same state folder as the app's
    script = Path(sys.executable).parent / "draftdeck"
    done = subprocess.run([str(script), "set", str(folder / "beta.md"), "--status", "publish"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (folder / "beta.md").read_bytes() != before
    t.press("u")
    t.wait_for("Undo an earlier edit?", timeout=10)
    t.wait_for("status", timeout=2)
    t.press("enter")  # "Undo it" is the first button
    t.wait_until(lambda t: (folder / "beta.md").read_bytes() == before, timeout=10,
                 what="beta.md restored")
    assert LONG_TITLE not in t.screen_text()


# -- found by a fresh pair of eyes ----------------------------------------------------------------
def test_enter_on_a_row_moves_the_keys_to_the_reader(term: TermFactory, tmp_path: Path) -> None:
    t = term(write_long_folder(tmp_path / "long"))
    t.wait_for("Line 0001")
    t.wait_quiet(300)
    t.press("enter")  # the list has the focus: the highlighted (open) article, and the reader
    t.press("pagedown")
    t.wait_gone("Line 0001", timeout=5)
    assert "▶" in t.screen_text()  # the list cursor did not move off the open row


def test_an_empty_tab_leaves_no_cells_of_the_rows_before(term: TermFactory,
                                                         tmp_path: Path) -> None:
    folder = tmp_path / "published"
    folder.mkdir()
    for name in ("one", "two"):
        (folder / f"{name}-with-a-long-file-name.md").write_text(
            short_article(f"Published piece {name}", status="publish"), encoding="utf-8")
    t = term(folder, cols=200, rows=50)
    t.wait_for("Published piece one")
    t.wait_for("with-a-long-file-name.md")  # the path column at 200 columns
    t.press("1")
    x, y = t.wait_for("No articles with status Draft", timeout=5)
    assert ".md" not in t.line(y), t.dump()


def test_one_marked_article_is_previewed_before_it_is_written(term: TermFactory,
                                                              tmp_path: Path) -> None:
    folder = two_drafts(tmp_path / "two")
    before = (folder / "alpha.md").read_bytes()
    t = term(folder)
    t.wait_for("A short piece called Alpha")
    t.wait_quiet(300)
    t.press("space")  # marks Alpha, the cursor moves on
    t.wait_for("1 marked", timeout=5)
    t.press("s")
    t.wait_for("Set the status of 1 marked article", timeout=5)
    t.type("pend")
    t.press("enter")
    t.wait_for("Preview", timeout=5)
    assert (folder / "alpha.md").read_bytes() == before  # nothing written yet
    t.press("ctrl+s")
    t.wait_until(lambda t: "status: pending" in (folder / "alpha.md").read_text(), timeout=10,
                 what="alpha.md written after the preview")
    assert "status: draft" in (folder / "beta.md").read_text()


def test_categories_editor_takes_typing_at_once(term: TermFactory, tmp_path: Path) -> None:
    folder = two_drafts(tmp_path / "two")
    t = term(folder)
    t.wait_for("A short piece called Alpha")
    t.wait_quiet(300)
    t.press("c")
    t.wait_for("Categories of “Alpha Harbour Notes”", timeout=5)
    t.wait_quiet(200)
    t.type("Batchtest")  # typed at once: nothing lost on the list, no box ticked by enter
    t.press("enter")
    t.wait_for("Batchtest  (new)", timeout=5)
    t.press("ctrl+s")
    t.wait_until(lambda t: "Batchtest" in (folder / "alpha.md").read_text(), timeout=10,
                 what="the new category written")
    assert "categories: [misc, Batchtest]" in (folder / "alpha.md").read_text()


def test_the_reading_position_survives_an_edit_and_a_restart(term: TermFactory,
                                                             tmp_path: Path) -> None:
    folder = write_long_folder(tmp_path / "long")
    t = term(folder)
    t.wait_for("Line 0001")
    t.wait_quiet(300)
    t.press("7")  # All: the article stays listed (and open) when its status changes
    t.wait_for("3 of 3 shown")
    t.wait_quiet(300)
    t.press("enter", "pagedown", "pagedown", "pagedown")
    t.wait_gone("Line 0001", timeout=5)
    t.wait_quiet(300)
    top = min(numbered_lines(t))
    assert top > 5, t.dump()
    t.press("s")
    t.wait_for("Set the status of", timeout=5)
    t.type("pending")
    t.press("enter")
    t.wait_until(lambda t: "status: pending" in (folder / "field-guide.md").read_text(),
                 timeout=10, what="the status written")
    t.wait_quiet(500)
    t.wait_until(lambda t: numbered_lines(t) and min(numbered_lines(t)) == top, timeout=5,
                 what=f"Line {top:04d} still at the top after the edit")
    home = t.env  # the next run shares the state folder, as a person's next start does
    t.press("q")
    assert t.wait_exit() == 0
    again = term([folder], extra_env=home)
    again.wait_for(LONG_TITLE)
    again.wait_until(lambda t: numbered_lines(t) and min(numbered_lines(t)) == top, timeout=10,
                     what=f"Line {top:04d} at the top after a restart")


def test_the_header_names_the_site(term: TermFactory, tmp_path: Path) -> None:
    site = tmp_path / "blog"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: A small blog\n")
    (site / "_posts" / "2024-03-01-first.md").write_text("---\ntitle: First post\n---\nHello.\n")
    t = term(site)
    t.wait_for("First post")
    t.wait_for("Jekyll site (_config.yml)")
