"""Byte-exact golden tests of field edits (set, unset, list add/remove, title, date, tags): only
the edited value's lines change, in every format and shape; refusals leave the file as it was."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tui.core.edit.change import Edit
from tui.core.edit.editor import Conventions, plan_edit
from tui.core.edit.values import DateStyle
from tui.core.site.config import Config, FieldSpec


def edit(tmp_path: Path, before: bytes, *edits: Edit, config: Config | None = None,
         conv: Conventions | None = None) -> bytes:
    path = tmp_path / "a.md"
    path.write_bytes(before)
    result = plan_edit(path, tmp_path, list(edits), config or Config(), conv)
    assert result.refused is None, result.refused
    assert result.new_bytes is not None
    assert path.read_bytes() == before
    return result.new_bytes


def refused(tmp_path: Path, before: bytes, *edits: Edit, config: Config | None = None) -> str:
    path = tmp_path / "a.md"
    path.write_bytes(before)
    result = plan_edit(path, tmp_path, list(edits), config or Config())
    assert result.refused, "expected a refusal"
    assert result.new_bytes is None
    assert path.read_bytes() == before
    return result.refused


def SET(key: str, value: str) -> Edit:  # noqa: N802
    return Edit("set", key=key, value=value)


def UNSET(key: str) -> Edit:  # noqa: N802
    return Edit("unset", key=key)


CASES: list[tuple[str, bytes, list[Edit], bytes]] = [
    # -- YAML: set ---------------------------------------------------------------------------
    ("yaml set text keeps comment and quotes",
     b"---\ntitle: 'Old'  # keep\nsummary: \"x\"\nz: 1\n---\nBody\n",
     [SET("summary", "new: value")],
     b"---\ntitle: 'Old'  # keep\nsummary: \"new: value\"\nz: 1\n---\nBody\n"),
    ("yaml set a new key at the end",
     b"---\ntitle: T\n---\nBody\n",
     [SET("description", "A short one")],
     b"---\ntitle: T\ndescription: A short one\n---\nBody\n"),
    ("yaml text that looks like a bool stays text",
     b"---\ntitle: T\n---\n",
     [SET("mood", "yes")],
     b"---\ntitle: T\nmood: \"yes\"\n---\n"),
    ("yaml bool, int and float keep their type",
     b"---\ndraft: true\nweight: 3\nratio: 1.5\n---\n",
     [SET("draft", "no"), SET("weight", "10"), SET("ratio", "2")],
     b"---\ndraft: false\nweight: 10\nratio: 2.0\n---\n"),
    ("yaml nested key in a block mapping",
     b"---\nparams:\n  author: a  # who\n  x: 1\ntitle: T\n---\n",
     [SET("params.author", "b"), SET("params.new", "c")],
     b"---\nparams:\n  author: b  # who\n  x: 1\n  new: c\ntitle: T\n---\n"),
    ("yaml nested key created with its parents",
     b"---\ntitle: T\n---\n",
     [SET("a.b.c", "d")],
     b"---\ntitle: T\na:\n  b:\n    c: d\n---\n"),
    ("yaml multi-line scalar replaced by one line",
     b"---\nsummary: |\n  one\n  two\ntitle: T\n---\n",
     [SET("summary", "short")],
     b"---\nsummary: short\ntitle: T\n---\n"),
    ("yaml CRLF and BOM kept",
     b"\xef\xbb\xbf---\r\ntitle: T\r\nweight: 1\r\n---\r\nBody\r\n",
     [SET("weight", "2"), SET("extra", "x")],
     b"\xef\xbb\xbf---\r\ntitle: T\r\nweight: 2\r\nextra: x\r\n---\r\nBody\r\n"),
    ("yaml title shorthand",
     b"---\ntitle: \"Old\"\n---\n",
     [Edit("title", value="New: \"quoted\"")],
     b"---\ntitle: \"New: \\\"quoted\\\"\"\n---\n"),
    # -- YAML: unset -------------------------------------------------------------------------
    ("yaml unset a block list with its comments",
     b"---\ntitle: T\ntags:  # the tags\n  - a\n  - b  # second\nz: 1\n---\n",
     [UNSET("tags")],
     b"---\ntitle: T\nz: 1\n---\n"),
    ("yaml unset a nested mapping",
     b"---\ntitle: T\nparams:\n  a: 1\n  b:\n    - x\nz: 1\n---\n",
     [UNSET("params")],
     b"---\ntitle: T\nz: 1\n---\n"),
    ("yaml unset a multi-line scalar",
     b"---\nsummary: >\n  folded\n  text\n\ntitle: T\n---\n",
     [UNSET("summary")],
     b"---\ntitle: T\n---\n"),
    ("yaml unset the last key of a mapping takes the mapping",
     b"---\ntitle: T\ntaxonomy:\n  tag: [a]\nz: 1\n---\n",
     [UNSET("taxonomy.tag")],
     b"---\ntitle: T\nz: 1\n---\n"),
    ("yaml unset one nested key keeps its siblings",
     b"---\ntaxonomy:\n  category: [a]\n  tag: [b]\n---\n",
     [UNSET("taxonomy.category")],
     b"---\ntaxonomy:\n  tag: [b]\n---\n"),
    ("yaml unset an empty value",
     b"---\ntitle: T\nempty:\nz: 1\n---\n",
     [UNSET("empty")],
     b"---\ntitle: T\nz: 1\n---\n"),
    ("yaml unset a missing key changes nothing",
     b"---\ntitle: T\n---\n",
     [UNSET("nope")],
     b"---\ntitle: T\n---\n"),
    # -- YAML: lists ---------------------------------------------------------------------------
    ("yaml list add to a flow list and remove",
     b"---\nkeywords: [a, b]\n---\n",
     [Edit("list-add", key="keywords", value="c d"), Edit("list-remove", key="keywords", value="a")],
     b"---\nkeywords: [b, c d]\n---\n"),
    ("yaml list add turns one text value into a list",
     b"---\nauthor: Ann\n---\n",
     [Edit("list-add", key="author", value="Bob")],
     b"---\nauthor: [Ann, Bob]\n---\n"),
    ("yaml list add to a block list keeps its indent",
     b"---\nauthors:\n    - Ann\ntitle: T\n---\n",
     [Edit("list-add", key="authors", value="Bob")],
     b"---\nauthors:\n    - Ann\n    - Bob\ntitle: T\n---\n"),
    # -- YAML: tags ----------------------------------------------------------------------------
    ("yaml tags add, rename, remove",
     b"---\ntags:\n  - Rock\n  - pop\n---\n",
     [Edit("add-tag", value="jazz"), Edit("rename-tag", old="rock", value="rock music"),
      Edit("remove-tag", value="POP")],
     b"---\ntags:\n  - rock music\n  - jazz\n---\n"),
    ("yaml tags under taxonomy.tag (Grav)",
     b"---\ntaxonomy:\n  category: [docs]\n  tag: [a]\n---\n",
     [Edit("add-tag", value="b")],
     b"---\ntaxonomy:\n  category: [docs]\n  tag: [a, b]\n---\n"),
    ("yaml tags under taxonomy.post_tag (WordPress)",
     b"---\ntaxonomy:\n  post_tag:\n    - a\n---\n",
     [Edit("rename-tag", old="a", value="b")],
     b"---\ntaxonomy:\n  post_tag:\n    - b\n---\n"),
    ("yaml a new tags field",
     b"---\ntitle: T\n---\n",
     [Edit("add-tag", value="x")],
     b"---\ntitle: T\ntags:\n  - x\n---\n"),
    ("yaml whole tag list",
     b"---\ntags: [a, b]\n---\n",
     [Edit("tags", values=("b", "c"))],
     b"---\ntags: [b, c]\n---\n"),
    # -- YAML: dates in the file's style -------------------------------------------------------
    ("yaml date only stays date only",
     b"---\ndate: 2024-03-02\n---\n",
     [Edit("date", value="2024-05-01")],
     b"---\ndate: 2024-05-01\n---\n"),
    ("yaml quoted date stays quoted text",
     b"---\ndate: \"2024-03-02\"\n---\n",
     [Edit("date", value="May 1, 2024")],
     b"---\ndate: \"2024-05-01\"\n---\n"),
    ("yaml date and time with T and offset",
     b"---\ndate: 2024-03-02T14:05:00+01:00\n---\n",
     [Edit("date", value="2024-05-01 09:30")],
     b"---\ndate: 2024-05-01T09:30:00+01:00\n---\n"),
    ("yaml date and time, space and Z",
     b"---\ndate: 2024-03-02 14:05:00Z\n---\n",
     [Edit("date", value="2024-05-01")],
     b"---\ndate: 2024-05-01 00:00:00Z\n---\n"),
    ("yaml text date with +0100 keeps its layout",
     b"---\ndate: 2024-03-02 14:05:00 +0100\n---\n",
     [Edit("date", value="2024-05-01 08:00")],
     b"---\ndate: 2024-05-01 08:00:00 +0100\n---\n"),
    ("yaml Grav day-month-year",
     b"---\ndate: 17-06-2017\n---\n",
     [Edit("date", value="2024-05-01")],
     b"---\ndate: 01-05-2024\n---\n"),
    ("yaml a new date in the folder's style",
     b"---\ntitle: T\n---\n",
     [Edit("date", value="2024-05-01")],
     b"---\ntitle: T\ndate: 2024-05-01\n---\n"),
    # -- TOML ----------------------------------------------------------------------------------
    ("toml set, keeping comments and tables",
     b"+++\ntitle = \"T\"  # c\nweight = 1\n\n[params]\nx = 1\n+++\nBody\n",
     [SET("title", "U"), SET("weight", "2"), SET("params.y", "z")],
     b"+++\ntitle = \"U\"  # c\nweight = 2\n\n[params]\nx = 1\ny = \"z\"\n+++\nBody\n"),
    ("toml a new top-level key goes above the tables",
     b"+++\ntitle = \"T\"\n\n[params]\nx = 1\n+++\n",
     [SET("description", "d")],
     b"+++\ntitle = \"T\"\ndescription = \"d\"\n\n[params]\nx = 1\n+++\n"),
    ("toml unset a key and a whole table",
     b"+++\ntitle = \"T\"\nweight = 1\n[taxonomy]\ntag = [\"a\"]\n[params]\nx = 1\n+++\n",
     [UNSET("weight"), UNSET("taxonomy.tag")],
     b"+++\ntitle = \"T\"\n[params]\nx = 1\n+++\n"),
    ("toml dates are TOML dates",
     b"+++\ndate = 2024-03-02\nlastmod = 2024-03-02T10:00:00Z\n+++\n",
     [Edit("date", value="2024-05-01"), SET("lastmod", "2024-06-01 12:00")],
     b"+++\ndate = 2024-05-01\nlastmod = 2024-06-01T12:00:00Z\n+++\n"),
    ("toml tags and CRLF",
     b"+++\r\ntitle = \"T\"\r\ntags = [\"a\"]\r\n+++\r\nBody\r\n",
     [Edit("add-tag", value="b"), SET("draft", "x")],
     b"+++\r\ntitle = \"T\"\r\ntags = [\"a\", \"b\"]\r\ndraft = \"x\"\r\n+++\r\nBody\r\n"),
    # -- JSON ----------------------------------------------------------------------------------
    ("json set, add a key, unset",
     b"{\n  \"title\": \"T\",\n  \"weight\": 1,\n  \"tags\": [\"a\"]\n}\nBody\n",
     [SET("weight", "5"), UNSET("tags"), SET("title", "U")],
     b"{\n  \"title\": \"U\",\n  \"weight\": 5\n}\nBody\n"),
    ("json unset the first and a middle member",
     b"{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\": 3\n}\n",
     [UNSET("a"), UNSET("b")],
     b"{\n  \"c\": 3\n}\n"),
    ("json dates are text in their layout",
     b"{\n  \"date\": \"2024-03-02T10:00:00Z\"\n}\n",
     [Edit("date", value="2024-05-01 12:30")],
     b"{\n  \"date\": \"2024-05-01T12:30:00Z\"\n}\n"),
    ("json tags",
     b"{\n  \"tags\": [\"a\"]\n}\n",
     [Edit("add-tag", value="b"), Edit("remove-tag", value="a")],
     b"{\n  \"tags\": [\"b\"]\n}\n"),
]


@pytest.mark.parametrize(("name", "before", "edits", "after"), CASES, ids=[c[0] for c in CASES])
def test_golden(tmp_path: Path, name: str, before: bytes, edits: list[Edit], after: bytes) -> None:
    assert edit(tmp_path, before, *edits) == after


def test_new_date_uses_the_folder_style(tmp_path: Path) -> None:
    when = datetime(2020, 1, 1, 8, tzinfo=timezone(timedelta(hours=2)))
    conv = Conventions(date_style=DateStyle.of(when, "2020-01-01T08:00:00+02:00"))
    assert edit(tmp_path, b"---\ntitle: T\n---\n", Edit("date", value="2024-05-01 10:00"),
                conv=conv) == b"---\ntitle: T\ndate: 2024-05-01T10:00:00+02:00\n---\n"


def test_no_front_matter_gets_one(tmp_path: Path) -> None:
    assert edit(tmp_path, b"# Head\n\nBody\n", SET("description", "d")) == (
        b"---\ndescription: d\n---\n# Head\n\nBody\n")


REFUSALS: list[tuple[str, bytes, list[Edit], str]] = [
    ("bool", b"---\ndraft: true\n---\n", [SET("draft", "maybe")], "not true or false"),
    ("int", b"---\nweight: 3\n---\n", [SET("weight", "heavy")], "not a whole number"),
    ("number", b"---\nratio: 1.5\n---\n", [SET("ratio", "x")], "not a number"),
    ("date", b"---\ndate: 2024-03-02\n---\n", [SET("date", "soon")], "not a date"),
    ("a list is not set as a scalar", b"---\ntags: [a]\n---\n", [SET("tags", "x")], "--add"),
    ("a mapping", b"---\nparams:\n  a: 1\n---\n", [SET("params", "x")], "one by one"),
    ("under a scalar", b"---\nparams: 1\n---\n", [SET("params.a", "x")], "cannot be added"),
    ("list add on a bool", b"---\nflag: true\n---\n", [Edit("list-add", key="flag", value="x")],
     "not a list"),
    ("empty key", b"---\na: 1\n---\n", [SET("a..b", "x")], "not a field name"),
    ("alias", b"---\nx: &a 1\ny: *a\n---\n", [UNSET("y")], "alias"),
    ("flow mapping", b"---\np: {a: 1, b: 2}\n---\n", [UNSET("p.a")], "flow mapping"),
    ("second edit refused: nothing written", b"---\nweight: 3\n---\n",
     [SET("title", "ok"), SET("weight", "x")], "not a whole number"),
]


@pytest.mark.parametrize(("name", "before", "edits", "reason"), REFUSALS,
                         ids=[c[0] for c in REFUSALS])
def test_refused(tmp_path: Path, name: str, before: bytes, edits: list[Edit], reason: str) -> None:
    assert reason in refused(tmp_path, before, *edits)


SCHEMA = Config(schema=(
    FieldSpec("series", "text", values=("basics", "advanced")),
    FieldSpec("description", "text", required=True, max_length=10),
    FieldSpec("weight", "int"),
    FieldSpec("published_on", "date"),
    FieldSpec("keywords", "list"),
))


def test_schema_types_values_and_lengths(tmp_path: Path) -> None:
    before = b"---\ntitle: T\ndescription: short\n---\n"
    assert edit(tmp_path, before, SET("weight", "7"), SET("series", "basics"),
                SET("published_on", "2024-05-01"), config=SCHEMA) == (
        b"---\ntitle: T\ndescription: short\nweight: 7\nseries: basics\n"
        b"published_on: 2024-05-01\n---\n")
    assert "not a whole number" in refused(tmp_path, before, SET("weight", "x"), config=SCHEMA)
    assert "the schema says" in refused(tmp_path, before, SET("weight", "x"), config=SCHEMA)
    assert "basics, advanced" in refused(tmp_path, before, SET("series", "x"), config=SCHEMA)
    assert "at most 10" in refused(tmp_path, before, SET("description", "x" * 11),
                                   config=SCHEMA)
    assert "required" in refused(tmp_path, before, UNSET("description"), config=SCHEMA)
    assert "add or remove" in refused(tmp_path, before, SET("keywords", "x"), config=SCHEMA)
    assert "not a list" in refused(tmp_path, before, Edit("list-add", key="series", value="x"),
                                   config=SCHEMA)


def test_changes_describe_old_and_new(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"---\nweight: 3\ntags: [a]\n---\n")
    result = plan_edit(path, tmp_path, [SET("weight", "4"), UNSET("tags")])
    assert result.changes == ["weight: 3 → 4", "unset tags (was [a])"]
    assert result.after["tags"] == [] and result.before["tags"] == ["a"]


def test_json_new_key_inside_an_inline_object_stays_inline(tmp_path: Path) -> None:
    from tui.core.edit.change import Edit
    from tui.core.edit.editor import plan_edit

    path = tmp_path / "j.md"
    path.write_text('{\n  "title": "J",\n  "meta": {"level": 2}\n}\n\nBody\n')
    result = plan_edit(path, tmp_path, [Edit("set", key="meta.new", value="x")])
    assert not result.refused, result.refused
    assert result.new_bytes == b'{\n  "title": "J",\n  "meta": {"new": "x", "level": 2}\n}\n\nBody\n'
