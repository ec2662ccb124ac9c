"""Issue 14, seen in a real terminal: the status board at 80x24 and 160x45, a card moved to the
next status (the file says so), and undone (the file is back, byte for byte)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.terminal.conftest import TermFactory
from tests.terminal.harness import Term

pytestmark = pytest.mark.terminal


def workshop(root: Path) -> Path:
    """An original folder: a pottery studio's notes, in a WordPress-style convention."""
    files = {
        "kiln-firing.md": ("---\ntitle: A slow bisque firing schedule for thick-walled pots\n"
                           "post_status: draft\ncategories: [kilns, glazes]\n"
                           "date: 2024-05-02\n---\nBody.\n"),
        "wedging.md": ("---\ntitle: Wedging clay\npost_status: draft\ncategories: [clay]\n"
                       "date: 2024-04-01\n---\nBody.\n"),
        "trimming.md": ("---\ntitle: Trimming feet\npost_status: pending\n"
                        "categories: [wheel]\ndate: 2024-03-03\n---\nBody.\n"),
        "glaze-test.md": ("---\ntitle: Glaze test tiles\npost_status: publish\n"
                          "categories: [glazes]\ndate: 2023-11-11\n---\nBody.\n"),
        "raku.md": ("---\ntitle: Raku evening\npost_status: future\ndate: 2030-01-01\n---\n"
                    "Body.\n"),
    }
    root.mkdir(parents=True)
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def open_board(t: Term) -> None:
    t.wait_for("Draft 2")
    t.wait_quiet(300)
    t.press("b")
    t.wait_for("board")
    t.wait_for("Pending  1")
    t.wait_quiet(300)


def move_and_undo(t: Term, folder: Path) -> None:
    kiln = folder / "kiln-firing.md"
    before = kiln.read_bytes()
    # the first card of the first column is the newest draft: the kiln firing
    t.press(">")
    t.wait_for("Pending  2")
    t.wait_until(lambda _t: b"post_status: pending" in kiln.read_bytes())
    assert kiln.read_bytes() == before.replace(b"post_status: draft", b"post_status: pending")
    t.wait_for("Draft  1")
    t.press("u")
    t.wait_for("Pending  1")
    t.wait_until(lambda _t: kiln.read_bytes() == before)
    t.wait_for("Draft  2")
    t.wait_quiet(400)


def test_board_at_80x24_scrolls_sideways_and_moves_a_card(term: TermFactory,
                                                          tmp_path: Path) -> None:
    folder = workshop(tmp_path / "studio")
    t = term(folder, cols=80, rows=24)
    open_board(t)
    text = t.screen_text()
    assert "Draft  2" in text and "Pending  1" in text and "Published  1" in text, t.dump()
    # the long title is wrapped on the card, not cut to nothing
    assert "A slow bisque firing" in text and "thick-walled pots" in text, t.dump()
    assert "kilns, glazes" in text and "2024-05-02" in text, t.dump()
    assert "Trash" not in text, t.dump()  # off to the right at 80 columns
    for _ in range(5):
        t.press("right")
    t.wait_for("Trash  0")
    assert "Draft  2" not in t.screen_text(), t.dump()  # scrolled sideways
    for _ in range(5):
        t.press("left")
    t.wait_for("Draft  2")
    t.wait_quiet(300)
    move_and_undo(t, folder)
    assert "Move" in t.line(t.rows - 1), t.dump()  # the footer's hints fit


def test_board_at_160x45_shows_every_column_and_moves_back(term: TermFactory,
                                                           tmp_path: Path) -> None:
    folder = workshop(tmp_path / "studio")
    t = term(folder, cols=160, rows=45)
    open_board(t)
    header = next(line for line in t.lines() if "Draft  2" in line)
    for column in ("Pending  1", "Published  1", "Private  0", "Future  1", "Trash  0"):
        assert column in header, t.dump()
    move_and_undo(t, folder)
    # shift+left from the second column: pending → draft, and the file says so
    trimming = folder / "trimming.md"
    before = trimming.read_bytes()
    t.press("right")  # the Pending column (its only card: Trimming feet)
    t.wait_quiet(200)
    t.press("shift+left")
    t.wait_until(lambda _t: b"post_status: draft" in trimming.read_bytes())
    t.wait_for("Draft  3")
    t.press("u")
    t.wait_until(lambda _t: trimming.read_bytes() == before)
    # enter opens the highlighted card in the main screen
    t.press("enter")
    t.wait_gone("Pending  1")
    t.wait_for("Trimming feet")
