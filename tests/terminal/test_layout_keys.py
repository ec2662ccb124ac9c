"""Issue 10, seen in a real terminal: tabs by digit at 80x24, the category manager's breakdown,
help keys as typed, the list's height."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.terminal.conftest import TermFactory

pytestmark = pytest.mark.terminal


def test_digits_reach_every_tab_at_80x24(term: TermFactory, sample_folder: Path) -> None:
    t = term(sample_folder, cols=80, rows=24)
    t.wait_for("Draft 12")
    for key, label in (("6", "Trash "), ("8", "None "), ("1", "Draft ")):
        t.press(key)
        t.wait_quiet(300)
        assert label in t.line(1), t.dump()
    assert "Quit" in t.line(t.rows - 1), t.dump()  # the footer's hints fit


def test_category_manager_shows_every_status_at_80(term: TermFactory,
                                                   sample_folder: Path) -> None:
    t = term(sample_folder, cols=80, rows=24)
    t.wait_for("Draft 12")
    t.press("C")
    t.wait_for("By status")
    t.wait_quiet(300)
    text = t.screen_text()
    for word in ("draft 7", "pending 3", "publish 3", "private 1", "future 1", "trash 1"):
        assert word in text, t.dump()


def test_help_writes_keys_as_typed(term: TermFactory, sample_folder: Path) -> None:
    t = term(sample_folder, cols=120, rows=40)
    t.wait_for("Draft 12")
    t.press("?")
    t.wait_for("draftdeck keys")
    t.wait_quiet(400)
    text = t.screen_text()
    assert "square_bracket" not in text, t.dump()
    assert "ctrl+f" in text and "space" in text, t.dump()


def test_one_article_leaves_no_empty_rows(term: TermFactory, sample_folder: Path) -> None:
    t = term(sample_folder, cols=120, rows=40)
    t.wait_for("Draft 12")
    t.wait_quiet(500)
    t.press("5")  # Future: one article
    t.wait_for("1 of 25 shown")
    t.wait_quiet(300)
    y = next(i for i, line in enumerate(t.lines()) if line.lstrip().startswith("Status"))
    assert t.line(y + 1).strip(" ▶").startswith("future"), t.dump()
    assert t.line(y + 2).strip().startswith("─"), t.dump()
