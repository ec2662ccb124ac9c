"""End-to-end: the installed `draftdeck` in a real pty, checked by what the screen shows."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from tests.terminal.articles import LONG_LINES, LONG_TITLE, SINGLE_BODY, SINGLE_TITLE
from tests.terminal.conftest import TermFactory
from tests.terminal.harness import Term

pytestmark = pytest.mark.terminal

FOOTER_KEYS = ("Filter", "Quit")
_LINE = re.compile(r"\bLine (\d{4})\b")


def titles(folder: Path) -> list[str]:
    """The front-matter titles under folder (their first 40 characters, as a list shows)."""
    found = []
    for path in folder.rglob("*.md"):
        m = re.search(r'^title:\s*"?(.+?)"?\s*$', path.read_text(encoding="utf-8"), re.M)
        if m:
            found.append(m.group(1)[:40])
    return found


def footer_shown(t: Term) -> bool:
    last = t.line(t.rows - 1)
    return all(key in last for key in FOOTER_KEYS)


def numbered_lines(t: Term) -> list[int]:
    """The numbers of the long article's lines now on screen."""
    return [int(n) for n in _LINE.findall(t.screen_text())]


def open_long_article(term: TermFactory, folder: Path) -> Term:
    """Start on the long folder, wait for its first screen, focus the reader."""
    t = term(folder)
    t.wait_for(LONG_TITLE)
    t.wait_for("Line 0001")
    t.wait_quiet(400)  # the rest of the article's chunks are mounted
    t.press("tab")  # from the list to the reader
    t.wait_quiet(200)
    return t


def scrolled_past_start(t: Term) -> bool:
    shown = numbered_lines(t)
    return bool(shown) and "Line 0001" not in t.screen_text() and max(shown) >= 12


# -- 1. smoke -------------------------------------------------------------------------------------
def test_smoke_shows_titles_and_footer_and_quits(term: TermFactory, sample_folder: Path) -> None:
    t = term(sample_folder)
    known = titles(sample_folder)
    t.wait_until(lambda t: any(title in t.screen_text() for title in known),
                 what="an article title")
    t.wait_until(footer_shown, what=f"the footer keys {FOOTER_KEYS}")
    assert "Traceback" not in t.output_text()
    t.press("q")
    assert t.wait_exit() == 0


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
def test_smoke_resize_rerenders(term: TermFactory, sample_folder: Path,
                                size: tuple[int, int]) -> None:
    t = term(sample_folder)
    t.wait_until(footer_shown, what="the footer")
    t.wait_quiet(300)
    cols, rows = size
    t.resize(cols, rows)
    # The footer is drawn again on the new last row (at 80 columns it may lose keys: "Filter"
    # is the first, and always fits).
    t.wait_until(lambda t: "Filter" in t.line(rows - 1), what=f"the footer on row {rows}")
    if cols >= 120:
        t.wait_until(footer_shown, what="all the footer keys")
    t.wait_until(lambda t: "draftdeck" in t.line(0), what="the header on row 1")
    assert t.alive
    t.press("q")
    assert t.wait_exit() == 0


# -- 2. the reader repaints when it scrolls (bug 2, fixed in 7ae80d1) -----------------------------
# Before the fix, pagedown/end moved the reader's scroll_y but the terminal kept the old picture
# (a resize showed the right lines); the mouse wheel did repaint.
def test_reader_pagedown_shows_later_lines(term: TermFactory, long_folder: Path) -> None:
    t = open_long_article(term, long_folder)
    before = max(numbered_lines(t))
    t.press("pagedown")
    t.wait_until(scrolled_past_start, timeout=5,
                 what=f"later lines than Line {before:04d} after pagedown")
    assert min(numbered_lines(t)) > 1


def test_reader_mouse_wheel_scrolls(term: TermFactory, long_folder: Path) -> None:
    t = open_long_article(term, long_folder)
    x, y = t.wait_for("Line 0003")
    t.wheel(x + 4, y, down=True, times=10)
    t.wait_until(scrolled_past_start, timeout=5, what="later lines after ten wheel turns")


def test_reader_end_and_home(term: TermFactory, long_folder: Path) -> None:
    t = open_long_article(term, long_folder)
    t.press("end")
    t.wait_for(f"Line {LONG_LINES:04d}", timeout=5)
    t.wait_for("The end of the field guide.", timeout=2)
    assert "Line 0001" not in t.screen_text()
    t.press("home")
    t.wait_for("Line 0001", timeout=5)
    t.wait_gone(f"Line {LONG_LINES:04d}", timeout=2)


def test_reading_mode_hides_the_list(term: TermFactory, long_folder: Path) -> None:
    t = open_long_article(term, long_folder)
    t.wait_for("A Postcard From the Coast")  # a row of the list
    shown = len(numbered_lines(t))
    t.press("z")
    t.wait_gone("A Postcard From the Coast", timeout=5)
    t.wait_until(lambda t: len(numbered_lines(t)) > shown, timeout=5,
                 what="more of the article once the list is hidden")
    t.press("z")
    t.wait_for("A Postcard From the Coast", timeout=5)


# -- 3. a first open of a big uncached folder (bug 1, fixed in 0697dae) ---------------------------
# Before the fix the worker pool failed to start under Textual (its stderr has no descriptor):
# "ValueError: bad value(s) in fds_to_keep", and draftdeck exited with status 1.
def test_first_open_of_450_articles(term: TermFactory, many_folder: Path) -> None:
    started = time.monotonic()
    t = term(many_folder)
    t.wait_until(lambda t: "450 of 450" in t.screen_text() or not t.alive, timeout=30,
                 what="the list to fill (subtitle '450 of 450 shown')")
    assert t.alive, f"draftdeck exited with {t.proc.returncode}:\n{t.dump()}"
    t.wait_for("Draft 450")
    t.wait_for("Generated Article")
    # Still up, and no error drawn, five seconds after the start.
    t.wait_until(lambda t: not t.alive or time.monotonic() - started >= 5, timeout=10,
                 what="five seconds")
    assert t.alive, f"draftdeck exited with {t.proc.returncode}:\n{t.dump()}"
    for word in ("Traceback", "Error"):
        assert word not in t.screen_text(), t.dump()
    assert "Traceback" not in t.output_text()


def test_warm_open_shows_the_newest_first_from_its_first_screen(
        term: TermFactory, many_folder: Path, tmp_path: Path) -> None:
    """A warm start paints its first screen from a LIMITed query of the cache before the rest
    is decoded: from the first row drawn, the order is the list's own (the newest date first,
    the same date by path), and the tab counts the whole folder."""
    cache = {"DRAFTDECK_CACHE_DIR": str(tmp_path / "shared-cache")}
    t = term(many_folder, extra_env=cache)
    t.wait_for("450 of 450", timeout=30)
    t.close()
    t = term(many_folder, extra_env=cache)
    t.wait_for("Generated Article", timeout=20)
    rows = [line for line in t.lines() if "Generated Article" in line]
    # Dates are 2022-MM-DD with MM = 1 + i % 12, DD = 1 + i % 28: 2022-12-28 is the newest,
    # held by i = 83, 167, 251, 335 and 419; by path, 0083 comes first.
    assert "Generated Article 0083" in rows[0], t.dump()
    t.wait_for("Draft 450")
    t.wait_for("450 of 450")
    rows = [line for line in t.lines() if "Generated Article" in line]
    assert [r.split("Generated Article ")[1][:4] for r in rows[:5]] == [
        "0083", "0167", "0251", "0335", "0419"], t.dump()


# -- 4. one file on the command line (bug 4, fixed in 7ae80d1: the reader stayed empty) ----------
def test_single_published_file_opens_in_reader(term: TermFactory, single_file: Path) -> None:
    t = term(single_file)
    t.wait_for(SINGLE_TITLE, timeout=10)
    t.wait_for(SINGLE_BODY, timeout=5)
    t.wait_for("Three ships passed", timeout=5)


def test_names_that_are_not_utf8_show_as_replacement_characters(term: TermFactory,
                                                                 tmp_path: Path) -> None:
    """A folder and files whose names are not UTF-8 (one holds 0x9b, the 8-bit CSI): the app
    lists, opens and searches them, shows U+FFFD for the odd bytes, and no raw odd byte
    reaches the terminal (the watcher stopped with 'Unable to decode path' and commands
    printed tracebacks before); a file added afterwards still reaches the list."""
    folder = Path(os.fsdecode(os.fsencode(tmp_path) + b"/site\xff"))
    (folder / os.fsdecode(b"sub\xfe")).mkdir(parents=True)
    (folder / os.fsdecode(b"caf\xe9.md")).write_bytes(
        b"---\ntitle: Corner Cafe\n---\nlantern words\n")
    (folder / os.fsdecode(b"sub\xfe/x\x9b31m.md")).write_bytes(
        b"---\ntitle: Odd Byte\n---\nlantern again\n")
    t = term(folder, cols=100, rows=30)
    t.wait_for("Corner Cafe")
    t.wait_for("Odd Byte")
    t.wait_until(lambda shown: "caf\ufffd.md" in shown.screen_text(), what="the name, U+FFFD")
    t.press("S")
    t.wait_for("Search the whole folder")
    t.type("lantern")
    t.wait_for("2 results")
    t.press("escape")
    t.wait_gone("Search the whole folder")
    (folder / "later.md").write_bytes(b"---\ntitle: Added Later\n---\nbody\n")
    t.wait_for("Added Later", timeout=15)
    # All the terminal got is UTF-8 (a raw 0xe9 or 0x9b would not decode), with no C1 CSI.
    assert "\x9b" not in bytes(t.raw).decode("utf-8")
    assert "Traceback" not in t.output_text() and "failed" not in t.screen_text()
