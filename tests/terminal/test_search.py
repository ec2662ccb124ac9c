"""The full-text search screen (`S`) in a real terminal: results two lines each at any width,
the words marked, ↓ selects the first result, the list follows the cursor at 80x24, a result
whose file went is said, not swapped for another, and `S` opens on the last search."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.terminal.conftest import TermFactory
from tests.terminal.harness import Term

pytestmark = pytest.mark.terminal


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "site"
    d.mkdir()
    for i in range(12):
        (d / f"post-{i:02}.md").write_text(
            f"---\ntitle: Harbour notes number {i} with a title long enough to be cut at eighty "
            f"columns\ndate: 2024-01-{i + 1:02}\n---\n"
            + "Filler words to move the match along. " * 3
            + f"The lighthouse keeper wrote entry {i} about the harbour at night.\n")
    (d / "other.md").write_text("---\ntitle: Something else\n---\nNothing of the kind.\n")
    return d


def _search(t: Term, words: str) -> None:
    t.wait_for("Harbour notes")
    t.wait_quiet(300)
    t.press("S")
    t.wait_for("Search the whole folder")
    t.type(words)
    t.wait_for("12 results", timeout=20)  # the full-text index is filled when S opens
    t.wait_quiet(300)


def _first_result_row(t: Term) -> int:
    """The screen row of the first result's title (below the status line: the list behind the
    dialog shows titles too)."""
    status = t.find(" results")
    assert status is not None, t.dump()
    return next(y for y in range(status[1] + 1, t.rows)
                if "Harbour notes number" in t.line(y))


def test_results_fit_80x24_and_follow_the_cursor(term: TermFactory, folder: Path) -> None:
    t = term(folder, cols=80, rows=24)
    _search(t, "lighthouse harb")
    assert t.find("enter open") is not None, t.dump()  # the hint stays on screen
    # Each result: the title cut with "…" on one line, where it matched on the next.
    title_row = _first_result_row(t)
    assert "…" in t.line(title_row), t.dump()
    assert "lighthouse" in t.line(title_row + 1), t.dump()
    x, y = t.find("lighthouse keeper") or (0, 0)
    assert t.attrs_at(x, y)["bg"] != t.attrs_at(x - 2, y)["bg"], t.dump()  # marked
    t.press("down")  # from the input: the first result is selected at once
    t.wait_quiet(300)
    first = t.line(title_row)
    t.press("enter")
    t.wait_gone("Search the whole folder")
    number = int(first.split("number ")[1].split()[0])
    t.wait_for(f"2024-01-{number + 1:02}  ·")  # the reader shows the first result's article
    t.press("S")  # opens on the last search
    t.wait_for("lighthouse harb")
    t.wait_for("12 results")
    t.press("down", *["down"] * 9)
    t.wait_quiet(300)
    # The tenth result is on screen, highlighted: the list followed the cursor.
    rows = [y for y in range(t.rows) if "Harbour notes number" in t.line(y)]
    assert rows, t.dump()
    marked = [y for y in rows if t.attrs_at(10, y)["bg"] != t.attrs_at(10, rows[0] - 1)["bg"]
              or t.attrs_at(10, y)["reverse"]]
    assert marked, t.dump()


def test_a_result_whose_file_went_is_said(term: TermFactory, folder: Path) -> None:
    t = term(folder, cols=120, rows=40)
    _search(t, "lighthouse")
    title_row = _first_result_row(t)
    number = int(t.line(title_row).split("number ")[1].split()[0])
    (folder / f"post-{number:02}.md").unlink()
    t.wait_for("12 of 12 shown")  # the app's watcher took the file out of the list
    t.press("enter")  # the first result, gone from the folder
    t.wait_for("no longer in the folder")
    assert f"2024-01-{number + 1:02}  ·" not in t.screen_text(), t.dump()


def test_down_keys_in_one_burst_each_move_one_result(term: TermFactory, folder: Path) -> None:
    """Keys sent with no pause (a fast typist, a key held down, tmux send-keys): the ↓ that
    arrive while the focus is still moving from the input to the results are not lost."""
    t = term(folder, cols=120, rows=40)
    _search(t, "lighthouse")
    first = _first_result_row(t)
    order = [int(t.line(y).split("number ")[1].split()[0])
             for y in range(first, first + 24, 2) if "Harbour notes number" in t.line(y)]
    assert len(order) >= 10, t.dump()  # the first ten (or more) are on screen
    t.write("\x1b[B" * 10)  # ten ↓ in one write, as tmux send-keys sends them
    t.wait_quiet(300)
    t.press("enter")
    t.wait_gone("Search the whole folder")
    t.wait_for(f"2024-01-{order[9] + 1:02}  ·")  # the tenth result opened
    # Typed and arrowed before the results come: the ↓ wait for them.
    t.press("S")
    t.wait_for("Search the whole folder")
    t.wait_quiet(300)
    t.write("lighthouse" + "\x1b[B" * 3)  # replaces the last search, selected when S opens
    t.wait_quiet(300)
    t.press("enter")
    t.wait_gone("Search the whole folder")
    t.wait_for(f"2024-01-{order[2] + 1:02}  ·")  # the third result opened
