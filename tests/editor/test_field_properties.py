"""Property tests of field edits: any key, any value text, any sequence of set/unset/list edits
either verifies (the front matter is the old one plus exactly the change) or leaves the file byte
for byte as it was; undoing every edit restores the original bytes."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.edit.apply import apply_results
from tui.core.edit.change import Edit
from tui.core.edit.editor import plan_edit
from tui.core.read.document import split
from tui.core.read.frontmatter_parse import parse
from tui.core.store.journal import Journal

TEMPLATES = [
    b"---\ntitle: T  # c\nweight: 3\ndraft: true\ndate: 2024-03-02\ntags:\n  - a\n  - b\n"
    b"params:\n  author: Ann\n  nested:\n    x: [1, 2]\nsummary: |\n  two\n  lines\n---\n\nBody\n",
    b"\xef\xbb\xbf---\r\ntitle: 'T'\r\nkeywords: [a, b]\r\ndate: 2024-03-02T10:00:00+01:00\r\n"
    b"---\r\nBody\r\n",
    b"+++\ntitle = \"T\"  # c\nweight = 1.5\ntags = [\"a\"]\n\n[params]\nauthor = \"Ann\"\n+++\nB\n",
    b"{\n  \"title\": \"T\",\n  \"weight\": 2,\n  \"tags\": [\"a\"],\n  \"params\": {\"x\": \"y\"}\n}\nB\n",
    b"---\n---\nBody\n",
    b"No front matter\n",
]

KEYS = ["title", "weight", "draft", "date", "tags", "keywords", "params", "params.author",
        "params.nested.x", "summary", "new", "new.deep"]
chars = st.characters(codec="utf-8")
keys = st.one_of(st.sampled_from(KEYS),
                 st.text(chars, min_size=1, max_size=12).filter(lambda k: "." not in k))
values = st.text(chars, max_size=30)
edits = st.one_of(
    st.builds(lambda k, v: Edit("set", key=k, value=v), keys, values),
    st.builds(lambda k: Edit("unset", key=k), keys),
    st.builds(lambda k, v: Edit("list-add", key=k, value=v), keys, values),
    st.builds(lambda k, v: Edit("list-remove", key=k, value=v), keys, st.sampled_from(["a", "b"])),
    st.builds(lambda v: Edit("title", value=v), values),
    st.builds(lambda v: Edit("date", value=v),
              st.one_of(values, st.dates().map(str), st.datetimes().map(str))),
    st.builds(lambda v: Edit("add-tag", value=v), values),
    st.builds(lambda v: Edit("remove-tag", value=v), st.sampled_from(["a", "b"])),
)


def _data(raw: bytes) -> dict[str, Any]:
    doc = split(raw)
    return parse(doc.fm_text, doc.format).data if doc.format else {}


def _check(template: bytes, edit_list: list[Edit]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        path = root / "a.md"
        path.write_bytes(template)
        journal = Journal(root / "journal.sqlite3")
        batches: list[int] = []
        for e in edit_list:
            before = path.read_bytes()
            result = plan_edit(path, root, [e])
            if result.refused or not result.changed:
                assert result.refused is None or result.new_bytes is None
                assert path.read_bytes() == before
                continue
            assert split(result.new_bytes or b"").body == split(before).body
            old, new = _data(before), _data(result.new_bytes or b"")
            if e.kind == "set":
                assert any(e.key.strip() in c for c in result.changes)
            if e.kind == "unset":
                top = e.key.strip().split(".")[0]
                assert {k: v for k, v in old.items() if k != top} == {
                    k: v for k, v in new.items() if k != top}
            if e.kind in ("set", "title") and isinstance(new.get(e.key.strip()), str):
                assert new[e.key.strip()] == e.value
            batch, outcomes = apply_results([result], root, journal, e.describe())
            assert outcomes[0].state == "written"
            assert batch is not None
            batches.append(batch)
        for batch in reversed(batches):
            assert all(o.ok for o in journal.undo(batch, root))
        assert path.read_bytes() == template
        journal.close()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(TEMPLATES), st.lists(edits, min_size=1, max_size=6))
def test_any_field_edits_verify_or_change_nothing_and_undo_restores(
        template: bytes, edit_list: list[Edit]) -> None:
    _check(template, edit_list)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(TEMPLATES), keys, values)
def test_any_text_value_round_trips(template: bytes, key: str, value: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        path = root / "a.md"
        path.write_bytes(template)
        old = _data(template)
        result = plan_edit(path, root, [Edit("set", key=key, value=value)])
        if result.refused:
            assert path.read_bytes() == template
            return
        assert result.new_bytes is not None
        new = _data(result.new_bytes)
        node: Any = new
        for part in key.strip().split("."):
            node = node[part]
        if not isinstance(node, str):  # a field that holds another type kept it
            return
        assert node == value
        if "." not in key:
            assert {k: v for k, v in old.items() if k != key.strip()} == {
                k: v for k, v in new.items() if k != key.strip()}
