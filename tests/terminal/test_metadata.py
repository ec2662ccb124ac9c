"""Issue 13 in a real terminal: the metadata pane (`m`) shows every field with its type and
value; a text field, a true/false toggle, a date that validates, a new field and a removed field
are written through the verified edit path; `u` undoes; with marks, a field set on every marked
article goes through the preview; the tags editor (`T`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.terminal.conftest import TermFactory
from tests.terminal.harness import Term

pytestmark = pytest.mark.terminal

A = ("---\ntitle: Alpha piece\npost_status: draft\ndraft: true\nweight: 3\ndate: 2024-03-02\n"
     "tags: [x, y]\nparams:\n  author: Ann\n---\nBody of alpha.\n")
B = "---\ntitle: Beta piece\npost_status: draft\ntags: [y]\n---\nBody of beta.\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "site"
    d.mkdir()
    (d / "a.md").write_text(A)
    (d / "b.md").write_text(B)
    return d


def _open_alpha(term: TermFactory, folder: Path) -> Term:
    t = term(folder, cols=120, rows=40)
    t.wait_for("Alpha piece")
    t.wait_quiet(400)
    t.press("m")
    t.wait_for("Metadata of")
    t.wait_for("params.author")
    t.wait_quiet(300)
    return t


def test_metadata_pane_lists_every_field_with_type_and_value(term: TermFactory, folder: Path) -> None:
    t = _open_alpha(term, folder)
    text = t.screen_text()
    assert "Metadata of “Alpha piece”" in text, t.dump()
    for key, kind, value in (("weight", "int", "3"), ("draft", "bool", "true"),
                             ("date", "date", "2024-03-02"), ("tags", "list", "x, y"),
                             ("params.author", "text", "Ann")):
        line = next(x for x in t.lines() if f"█   {key} " in x)
        assert kind in line and value in line, t.dump()


def test_edit_toggle_add_remove_then_undo(term: TermFactory, folder: Path) -> None:
    before = (folder / "a.md").read_bytes()
    t = _open_alpha(term, folder)
    # weight is the fourth row: edit it in place
    t.press("down", "down", "down", "enter")
    t.wait_for("weight (int)")
    t.press(*["backspace"] * 3)
    t.type("x")
    t.wait_for("is not a whole number")  # validated as typed
    t.press("backspace")
    t.type("12")
    t.press("enter")
    t.wait_until(lambda _: "weight: 12\n" in (folder / "a.md").read_text(), what="weight written")
    # draft is the third row: space toggles it
    t.press("up", "space")
    t.wait_until(lambda _: "draft: false\n" in (folder / "a.md").read_text(), what="toggle")
    # a new field
    t.press("a")
    t.wait_for("New field")
    t.wait_quiet(300)
    t.type("series")
    t.press("enter")
    t.type("basics")
    t.press("enter")
    t.wait_until(lambda _: "series: basics\n" in (folder / "a.md").read_text(), what="added")
    t.wait_for("series")
    # remove params.author (the row of params.author)
    t.wait_quiet(300)
    found = t.find("params.author")
    assert found is not None
    t.click(found[0] + 1, found[1])
    t.wait_quiet(200)
    t.press("d")
    t.wait_until(lambda _: "params" not in (folder / "a.md").read_text(), what="removed")
    text = (folder / "a.md").read_text()
    assert text == ("---\ntitle: Alpha piece\npost_status: draft\ndraft: false\nweight: 12\n"
                    "date: 2024-03-02\ntags: [x, y]\nseries: basics\n---\nBody of alpha.\n")
    t.press("escape")
    t.wait_gone("Metadata of")
    for _ in range(4):
        t.press("u")
        t.wait_quiet(500)
    t.wait_until(lambda _: (folder / "a.md").read_bytes() == before, what="undone")


def test_quick_edits_one_after_another_all_land(term: TermFactory, folder: Path) -> None:
    """A field written, then another toggled before the screen caught up, then undone twice:
    each edit reads the file the one before wrote (no "Changed on disk" question, nothing
    refused), and the undos take them back in order."""
    before = (folder / "a.md").read_bytes()
    t = _open_alpha(term, folder)
    t.press("down", "down", "down", "enter")
    t.wait_for("weight (int)")
    t.press(*["backspace"] * 3)
    t.type("12")
    t.press("enter", "up", "space")  # no wait between the two edits
    t.wait_until(lambda _: "draft: false\nweight: 12\n" in (folder / "a.md").read_text(),
                 what="both written")
    t.wait_quiet(500)
    text = t.screen_text()
    assert "Changed on disk" not in text and "Not written" not in text, t.dump()
    t.press("u", "u")
    t.wait_until(lambda _: (folder / "a.md").read_bytes() == before, what="both undone")


def test_two_quick_toggles_are_two_changes(term: TermFactory, folder: Path) -> None:
    """space space on a true/false field, faster than a write: the second toggle starts from
    the value the first one set (it used to start from the value shown before and changed
    nothing), so the file ends as it began, through two undoable writes."""
    t = _open_alpha(term, folder)
    t.press("down", "down")  # draft
    t.wait_quiet(200)
    t.press("space", "space")
    t.wait_until(lambda t: t.screen_text().count("Wrote a.md") >= 2
                 or "nothing to change" in t.screen_text(), what="two writes reported")
    t.wait_quiet(500)
    assert "nothing to change" not in t.screen_text(), t.dump()
    assert "draft: true\n" in (folder / "a.md").read_text()
    t.press("u")  # the second toggle was a write of its own
    t.wait_until(lambda _: "draft: false\n" in (folder / "a.md").read_text(), what="undo one")


def test_a_field_opened_again_right_after_a_write_edits_the_new_value(
        term: TermFactory, folder: Path) -> None:
    """A value applied, and the field opened again at once (while it is written): the editor
    opens, takes what is typed, and the second value is written after the first."""
    t = _open_alpha(term, folder)
    t.press("down", "down", "down")  # weight
    t.wait_quiet(200)
    t.press("enter")
    t.wait_for("weight (int)")
    t.type("12")
    t.press("enter", "enter")  # applied, and at once opened again
    t.wait_for("weight (int)")
    t.type("7")
    t.press("enter")
    t.wait_until(lambda _: "weight: 7\n" in (folder / "a.md").read_text(), what="weight")
    t.wait_quiet(300)
    t.press("up", "up", "up", "enter")  # the title, then a value with a d and an a in it
    t.wait_for("title (text)")
    t.type("Adda")
    t.press("enter")
    t.wait_until(lambda _: "title: Adda\n" in (folder / "a.md").read_text(), what="title")
    assert "params:\n  author: Ann\n" in (folder / "a.md").read_text()


def test_keys_typed_in_one_burst_land_where_they_were_meant(
        term: TermFactory, folder: Path) -> None:
    """enter and a value with a `d` and an `a` in it, sent at once (as a paste or a fast typist
    sends them): the letters go to the editor enter opened, not to the table's keys (a `d` there
    removed a field); moves then enter edit the row moved to."""
    t = _open_alpha(term, folder)
    t.press("enter", "K", "d", "a", "enter", pause=0)  # the title, in one burst
    t.wait_until(lambda _: "title: Kda\n" in (folder / "a.md").read_text(), what="title")
    t.wait_quiet(300)
    t.press("down", "down", "down", "enter", "7", "7", "enter", pause=0)  # weight
    t.wait_until(lambda _: "weight: 77\n" in (folder / "a.md").read_text(), what="weight")
    text = (folder / "a.md").read_text()
    assert "title: Kda\n" in text and "params:\n  author: Ann\n" in text, text


def test_date_input_validates(term: TermFactory, folder: Path) -> None:
    t = _open_alpha(term, folder)
    line = next(x for x in t.lines() if "█   date " in x)
    y = t.lines().index(line)
    t.click(line.index("█   date ") + 5, y)
    t.wait_quiet(200)
    t.press("enter")
    t.wait_for("date (date)")
    t.wait_quiet(300)
    t.press(*["backspace"] * 10)
    t.type("soon")
    t.wait_for("is not a date")
    t.press("enter")  # refused in the pane: nothing written
    t.wait_quiet(400)
    assert "date: 2024-03-02\n" in (folder / "a.md").read_text()
    t.press(*["backspace"] * 4)
    t.type("2024-05-01")
    t.press("enter")
    t.wait_until(lambda _: "date: 2024-05-01\n" in (folder / "a.md").read_text(), what="date")


def test_marked_articles_get_a_field_through_the_preview(term: TermFactory, folder: Path) -> None:
    t = term(folder, cols=120, rows=40)
    t.wait_for("Alpha piece")
    t.wait_quiet(400)
    t.press("a")  # mark every article shown
    t.wait_for("2 marked")
    t.press("m")
    t.wait_for("Metadata of 2 marked articles")
    t.wait_for("[1 of 2]")  # weight is on one of them
    t.press("a")
    t.wait_for("New field")
    t.wait_quiet(300)
    t.type("series")
    t.press("enter")
    t.type("advanced")
    t.press("enter")
    t.wait_for("Preview")
    assert (folder / "b.md").read_text() == B
    t.press("ctrl+s")
    t.wait_until(lambda _: all("series: advanced\n" in (folder / n).read_text()
                             for n in ("a.md", "b.md")), what="both written")


def test_tags_editor(term: TermFactory, folder: Path) -> None:
    t = term(folder, cols=120, rows=40)
    t.wait_for("Alpha piece")
    t.wait_quiet(400)
    t.press("T")
    t.wait_for("Tags of")
    t.wait_quiet(300)
    t.type("newtag")  # the field has the keys from the start
    t.press("enter")
    t.press("ctrl+s")
    t.wait_until(lambda _: "newtag" in (folder / "a.md").read_text()
                 or "newtag" in (folder / "b.md").read_text(), what="tag added")


def test_a_value_emptied_says_what_enter_would_write(term: TermFactory, folder: Path) -> None:
    before = (folder / "a.md").read_bytes()
    t = _open_alpha(term, folder)
    t.press("enter")  # the title, the first row
    t.wait_for("title (text)")
    t.wait_quiet(200)
    t.press("backspace")  # the value is selected when the editor opens: one key empties it
    t.wait_for("empty: enter writes an empty value")
    t.type("A")
    t.wait_for("enter or ctrl+s apply")
    t.press("escape")
    t.wait_quiet(300)
    assert (folder / "a.md").read_bytes() == before
