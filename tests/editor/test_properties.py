"""Property tests: whatever the value or the sequence of edits, a file is either changed exactly as
asked (and verifies) or left byte for byte as it was; undo restores the original bytes."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.edit.apply import apply_results
from tui.core.edit.change import Edit
from tui.core.edit.editor import plan_edit
from tui.core.model import STATUSES
from tui.core.read.corpus import load_article
from tui.core.store.journal import Journal

TEMPLATES = [
    b"---\ntitle: \"A: \xe2\x80\x9cq\xe2\x80\x9d\"\npost_status: draft  # c\ntaxonomy:\n  category:\n"
    b"    - song-meanings\n    - rock\n---\n\nBody\n",
    b"---\r\ntitle: T\r\ncategories: [a, b]\r\npost_status: pending\r\n---\r\nBody\r\n",
    b"\xef\xbb\xbf---\ntitle: T\ncategories: one two\n---\nno newline",
    b"---\ntitle: T\ndraft: true\ntaxonomy:\n    category: docs\n---\n",
    b"+++\ntitle = \"T\"\ndraft = false\ncategories = [\"a\"]\n+++\nBody\n",
    b"{\n  \"title\": \"T\",\n  \"status\": \"draft\",\n  \"categories\": [\"a\"]\n}\nBody\n",
    b"# No front matter\n\nBody\n",
    b"---\n---\nBody\n",
]

names = st.text(min_size=1, max_size=30).filter(lambda s: s.strip() != "")
statuses = st.one_of(st.sampled_from(STATUSES), st.text(max_size=12))
edits = st.one_of(
    st.builds(lambda v: Edit("status", value=v), statuses),
    st.builds(lambda v: Edit("add", value=v), names),
    st.builds(lambda v: Edit("remove", value=v), st.one_of(names, st.sampled_from(["a", "rock"]))),
    st.builds(lambda o, v: Edit("rename", old=o, value=v),
              st.sampled_from(["a", "rock", "song-meanings", "one"]), names),
)


def _check_one(template: bytes, edit_list: list[Edit]) -> None:
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
                assert path.read_bytes() == before
                continue
            batch, outcomes = apply_results([result], root, journal, e.describe())
            assert outcomes[0].state == "written"
            assert batch is not None
            batches.append(batch)
            after = load_article(path, root)
            assert after.error is None
            if e.kind == "add":
                assert e.value.strip().casefold() in [c.casefold() for c in after.categories]
            if e.kind == "remove":
                assert e.value.strip().casefold() not in [c.casefold() for c in after.categories]
            if e.kind == "status":
                assert after.status == e.value.strip().lower()
            # Everything outside the front matter is unchanged.
            assert after.body == load_article_body(before)
        for batch in reversed(batches):
            assert all(o.ok for o in journal.undo(batch, root))
        assert path.read_bytes() == template
        journal.close()


def load_article_body(data: bytes) -> str:
    from tui.core.read.document import split

    doc = split(data)
    return doc.body


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(TEMPLATES), st.lists(edits, min_size=1, max_size=5))
def test_edits_verify_or_change_nothing_and_undo_restores(template: bytes,
                                                        edit_list: list[Edit]) -> None:
    _check_one(template, edit_list)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(TEMPLATES), names)
def test_any_category_round_trips(template: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        path = root / "a.md"
        path.write_bytes(template)
        result = plan_edit(path, root, [Edit("add", value=name)])
        if result.refused:
            return
        assert result.new_bytes is not None
        path.write_bytes(result.new_bytes)
        after = load_article(path, root)
        assert after.error is None
        assert name.strip() in after.categories or name.strip().casefold() in [
            c.casefold() for c in after.categories]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TEMPLATES), min_size=1, max_size=6),
       st.lists(edits, min_size=1, max_size=3))
def test_a_batch_then_undo_restores_every_file(files: list[bytes], edit_list: list[Edit]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        paths = []
        for i, data in enumerate(files):
            path = root / f"f{i}.md"
            path.write_bytes(data)
            paths.append(path)
        journal = Journal(root / "journal.sqlite3")
        results = [plan_edit(p, root, edit_list) for p in paths]
        batch, outcomes = apply_results(results, root, journal, "batch")
        for result, outcome in zip(results, outcomes, strict=True):
            if result.refused or not result.changed:
                assert outcome.state in ("refused", "unchanged")
                assert result.path.read_bytes() == result.old_bytes
            else:
                assert outcome.state == "written"
        if batch is not None:
            assert all(o.ok for o in journal.undo(batch, root))
        assert [p.read_bytes() for p in paths] == files
        journal.close()


def test_interrupted_batch_is_known_to_the_journal() -> None:
    """A batch killed after its first file: undo restores that file and leaves the rest."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        paths = []
        for i in range(3):
            path = root / f"f{i}.md"
            path.write_bytes(TEMPLATES[0])
            paths.append(path)
        journal = Journal(root / "journal.sqlite3")
        results = [plan_edit(p, root, [Edit("status", value="publish")]) for p in paths]
        calls: list[object] = []

        def dying_write(path, data, snapshot, root=None):  # type: ignore[no-untyped-def]
            from tui.core.edit.writer import write_atomic

            if calls:
                raise KeyboardInterrupt  # the process is stopped part-way
            calls.append(path)
            write_atomic(path, data, snapshot, root=root)

        with contextlib.suppress(KeyboardInterrupt):
            apply_results(results, root, journal, "batch", write=dying_write)
        assert b"publish" in paths[0].read_bytes()
        assert [p.read_bytes() for p in paths[1:]] == [TEMPLATES[0]] * 2
        batch = journal.last_batch(root)
        assert batch is not None
        assert all(o.ok for o in journal.undo(batch.id, root))
        assert [p.read_bytes() for p in paths] == [TEMPLATES[0]] * 3
        journal.close()
