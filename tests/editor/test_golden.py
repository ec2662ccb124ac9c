"""Byte-exact golden tests: each edit changes exactly the value it names, nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.edit.change import Edit
from tui.core.edit.editor import Conventions, plan_edit
from tui.core.site.config import Config


def edit(tmp_path: Path, before: bytes, *edits: Edit, name: str = "a.md",
         conv: Conventions | None = None, force: bool = False) -> bytes:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(before)
    result = plan_edit(path, tmp_path, list(edits), Config(), conv, force=force)
    assert result.refused is None, result.refused
    assert result.new_bytes is not None
    return result.new_bytes


def refused(tmp_path: Path, before: bytes, *edits: Edit, name: str = "a.md") -> str:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(before)
    result = plan_edit(path, tmp_path, list(edits), Config())
    assert result.refused, "expected a refusal"
    assert path.read_bytes() == before
    return result.refused


STATUS = Edit("status", value="publish")
ADD = Edit("add", value="jazz")
REMOVE = Edit("remove", value="rock")

CASES: list[tuple[str, bytes, list[Edit], bytes]] = [
    (
        "comment on the edited line and elsewhere",
        b"---\n# top comment\ntitle: 'T'  # keep\npost_status: draft  # why\n---\nBody\n",
        [STATUS],
        b"---\n# top comment\ntitle: 'T'  # keep\npost_status: publish  # why\n---\nBody\n",
    ),
    (
        "quoted status keeps its quotes",
        b'---\npost_status: "draft"\n---\n',
        [STATUS],
        b'---\npost_status: "publish"\n---\n',
    ),
    (
        "block list with indented dashes, add and remove",
        b"---\ntaxonomy:\n  category:\n    - rock\n    - pop\n  post_tag:\n    - x\n---\n",
        [ADD, REMOVE],
        b"---\ntaxonomy:\n  category:\n    - pop\n    - jazz\n  post_tag:\n    - x\n---\n",
    ),
    (
        "block list with 4-space indents",
        b"---\ntaxonomy:\n    category:\n        - rock\ntitle: x\n---\n",
        [ADD],
        b"---\ntaxonomy:\n    category:\n        - rock\n        - jazz\ntitle: x\n---\n",
    ),
    (
        "block list with unindented dashes",
        b"---\ncategories:\n- rock\n- pop\n---\n",
        [ADD, REMOVE],
        b"---\ncategories:\n- pop\n- jazz\n---\n",
    ),
    (
        "flow list: add inside the brackets, remove with its comma",
        b"---\ncategories: [rock, pop]  # genres\n---\n",
        [ADD, REMOVE],
        b"---\ncategories: [pop, jazz]  # genres\n---\n",
    ),
    (
        "remove the only item of a block list",
        b"---\ncategories:\n  - rock\ntitle: x\n---\n",
        [REMOVE],
        b"---\ncategories: []\ntitle: x\n---\n",
    ),
    (
        "CRLF everywhere, new lines too",
        b"---\r\npost_status: draft\r\ncategories:\r\n  - rock\r\n---\r\nBody\r\n",
        [STATUS, ADD],
        b"---\r\npost_status: publish\r\ncategories:\r\n  - rock\r\n  - jazz\r\n---\r\nBody\r\n",
    ),
    (
        "BOM kept",
        b"\xef\xbb\xbf---\npost_status: draft\n---\nBody",
        [STATUS],
        b"\xef\xbb\xbf---\npost_status: publish\n---\nBody",
    ),
    (
        "no final newline in the body",
        b"---\npost_status: draft\n---\nLast line without newline",
        [STATUS],
        b"---\npost_status: publish\n---\nLast line without newline",
    ),
    (
        "YAML 1.1 values and dates untouched",
        b"---\nflag: NO\ncode: 01234\ndate: 2024-03-02 14:05:00 +0100\npost_status: draft\n---\n",
        [STATUS],
        b"---\nflag: NO\ncode: 01234\ndate: 2024-03-02 14:05:00 +0100\npost_status: publish\n---\n",
    ),
    (
        "trailing whitespace elsewhere kept",
        b"---\ntitle: x   \npost_status: draft\t\n---\nBody   \n",
        [STATUS],
        b"---\ntitle: x   \npost_status: publish\t\n---\nBody   \n",
    ),
    (
        "multi-line scalars untouched",
        b"---\nsummary: |\n  line one\n  line two\ndescription: >\n  folded\n  text\npost_status: draft\n---\n",
        [STATUS],
        b"---\nsummary: |\n  line one\n  line two\ndescription: >\n  folded\n  text\npost_status: publish\n---\n",
    ),
    (
        "closing fence '...' kept",
        b"---\npost_status: draft\n...\nBody\n",
        [STATUS],
        b"---\npost_status: publish\n...\nBody\n",
    ),
    (
        "empty front matter gets the field",
        b"---\n---\nBody\n",
        [STATUS],
        b"---\npost_status: publish\n---\nBody\n",
    ),
    (
        "no front matter: one is created, body kept",
        b"# Title\n\nBody\n",
        [STATUS],
        b"---\npost_status: publish\n---\n# Title\n\nBody\n",
    ),
    (
        "draft flag flips in its own convention",
        b"---\ntitle: x\ndraft: true\n---\n",
        [STATUS],
        b"---\ntitle: x\ndraft: false\n---\n",
    ),
    (
        "published flag flips in its own convention",
        b"---\npublished: true\n---\n",
        [Edit("status", value="draft")],
        b"---\npublished: false\n---\n",
    ),
    (
        "missing taxonomy.category is created",
        b"---\ntitle: x\n---\n",
        [ADD],
        b"---\ntitle: x\ntaxonomy:\n  category:\n    - jazz\n---\n",
    ),
    (
        "missing category under an existing taxonomy",
        b"---\ntaxonomy:\n  post_tag:\n    - t\ntitle: x\n---\n",
        [ADD],
        b"---\ntaxonomy:\n  post_tag:\n    - t\n  category:\n    - jazz\ntitle: x\n---\n",
    ),
    (
        "Jekyll space-separated categories stay a string",
        b"---\ncategories: rock pop\n---\n",
        [ADD],
        b"---\ncategories: rock pop jazz\n---\n",
    ),
    (
        "Grav single-string category becomes a list on add",
        b"---\ntaxonomy:\n    category: rock\n---\n",
        [ADD],
        b"---\ntaxonomy:\n    category: [rock, jazz]\n---\n",
    ),
    (
        "rename keeps the item's place and quotes",
        b"---\ncategories:\n  - 'rock'\n  - pop\n---\n",
        [Edit("rename", old="rock", value="hard rock")],
        b"---\ncategories:\n  - 'hard rock'\n  - pop\n---\n",
    ),
    (
        "a value that needs quoting is quoted",
        b"---\ncategories: [pop]\n---\n",
        [Edit("add", value="a: b, [c]")],
        b"---\ncategories: [pop, 'a: b, [c]']\n---\n",
    ),
    (
        "a YAML 1.1 word is quoted so it stays text",
        b"---\ncategories:\n  - pop\n---\n",
        [Edit("add", value="yes")],
        b'---\ncategories:\n  - pop\n  - "yes"\n---\n',
    ),
    (
        "control characters are escaped, never raw",
        b"---\ncategories: [pop]\n---\n",
        [Edit("add", value="bad\x1b[31m")],
        b'---\ncategories: [pop, "bad\\e[31m"]\n---\n',
    ),
    (
        "TOML: draft flag and array, comments kept",
        b'+++\ntitle = "T" # c\ndraft = true\ncategories = ["rock"]\n+++\nBody\n',
        [STATUS, ADD],
        b'+++\ntitle = "T" # c\ndraft = false\ncategories = ["rock", "jazz"]\n+++\nBody\n',
    ),
    (
        "TOML with CRLF",
        b'+++\r\ntitle = "T"\r\nstatus = "draft"\r\n+++\r\nBody\r\n',
        [STATUS],
        b'+++\r\ntitle = "T"\r\nstatus = "publish"\r\n+++\r\nBody\r\n',
    ),
    (
        "JSON: only the value's span changes",
        b'{\n  "title": "T",\n  "status": "draft",\n  "categories": ["rock"]\n}\nBody\n',
        [STATUS, ADD],
        b'{\n  "title": "T",\n  "status": "publish",\n  "categories": ["rock", "jazz"]\n}\nBody\n',
    ),
]


@pytest.mark.parametrize(("label", "before", "edits", "after"), CASES, ids=[c[0] for c in CASES])
def test_golden(tmp_path: Path, label: str, before: bytes, edits: list[Edit], after: bytes) -> None:
    assert edit(tmp_path, before, *edits) == after


def test_new_status_field_follows_folder_convention(tmp_path: Path) -> None:
    conv = Conventions(status_key="draft", status_kind="draft")
    assert edit(tmp_path, b"---\ntitle: x\n---\n", Edit("status", value="draft"), conv=conv) == (
        b"---\ntitle: x\ndraft: true\n---\n")


def test_no_change_when_value_is_already_set(tmp_path: Path) -> None:
    before = b"---\npost_status: publish\ncategories: [jazz]\n---\n"
    assert edit(tmp_path, before, STATUS, ADD) == before


@pytest.mark.parametrize(
    ("before", "edits", "reason"),
    [
        (b"---\nbase: &b draft\npost_status: *b\n---\n", [STATUS], "anchor or alias"),
        (b"---\npost_status: draft\npost_status: pending\n---\n", [STATUS], "duplicate key"),
        (b"---\n- a\n---\n", [STATUS], "not a mapping"),
        (b"---\nx: !custom 1\n---\n", [STATUS], "tag"),
        (b"---\npost_status: draft\n", [STATUS], "never closed"),
        (b"---\ntitle: [\n---\n", [STATUS], "YAML"),
        (b"---\npost_status: draft\n---\n\xff\n", [STATUS], "UTF-8"),
        (b"---\npost_status: [draft]\n---\n", [STATUS], "confirmation"),
        (b"---\npost_status: draft\n---\n", [Edit("status", value="bogus")], "not a known status"),
        (b"---\ndraft: true\n---\n", [Edit("status", value="pending")], "draft or published"),
        (b"---\ncategories: {a: 1}\n---\n", [ADD], "not a list"),
    ],
)
def test_refusals_leave_file_untouched(tmp_path: Path, before: bytes, edits: list[Edit],
                                       reason: str) -> None:
    assert reason in refused(tmp_path, before, *edits)


def test_jekyll_post_without_published_field_becomes_draft(tmp_path: Path) -> None:
    before = b"---\nlayout: post\ntitle: x\n---\nBody\n"
    after = edit(tmp_path, before, Edit("status", value="draft"), name="_posts/2024-01-01-x.md")
    assert after == b"---\nlayout: post\ntitle: x\npublished: false\n---\nBody\n"


def test_drafts_folder_status_change_is_refused(tmp_path: Path) -> None:
    message = refused(tmp_path, b"---\ntitle: x\n---\n", STATUS, name="_drafts/x.md")
    assert "_drafts" in message and "move" in message


def test_status_list_overwritten_only_with_force(tmp_path: Path) -> None:
    before = b"---\npost_status:\n  - draft\n  - x\ntitle: t\n---\n"
    assert edit(tmp_path, before, STATUS, force=True) == b"---\npost_status: publish\ntitle: t\n---\n"


def test_dry_run_diff(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"---\npost_status: draft\n---\n")
    result = plan_edit(path, tmp_path, [STATUS])
    assert "-post_status: draft\n+post_status: publish" in result.diff()
    assert path.read_bytes() == b"---\npost_status: draft\n---\n"
