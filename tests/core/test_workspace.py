"""The Workspace: one owner of a folder's articles, its index, journal and edit workflow."""

from __future__ import annotations

from pathlib import Path

from tui.core.edit.change import Edit
from tui.core.workspace import Workspace

DRAFT = "---\ntitle: {title}\nstatus: draft\ncategories: [notes]\n---\n\nBody of {title}.\n"


def folder(tmp_path: Path, n: int = 3) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    for i in range(n):
        (root / f"a{i}.md").write_text(DRAFT.format(title=f"Article {i}"), encoding="utf-8")
    return root


def test_load_then_plan_apply_undo_round_trip(tmp_path: Path) -> None:
    root = folder(tmp_path)
    before = {p.name: p.read_bytes() for p in root.iterdir()}
    with Workspace(root) as ws:
        batches = list(ws.load())
        assert batches[-1].done and len(ws) == 3
        plan = ws.plan([ws.get("a0.md"), ws.get("a1.md")],  # type: ignore[list-item]
                       [Edit("status", value="publish")])
        assert len(plan.changed) == 2 and not plan.refused
        assert (root / "a0.md").read_bytes() == before["a0.md"]  # planning writes nothing
        applied = ws.apply(plan)
        assert len(applied.written) == 2 and applied.batch is not None
        assert {a.path for a in applied.changes.articles} == {"a0.md", "a1.md"}
        assert ws.get("a0.md").status == "publish"  # type: ignore[union-attr]
        undone = ws.undo()
        assert undone.ok and undone.batch is not None and undone.batch.id == applied.batch
        assert ws.get("a0.md").status == "draft"  # type: ignore[union-attr]
    assert {p.name: p.read_bytes() for p in root.iterdir()} == before


def test_the_same_file_twice_is_planned_once(tmp_path: Path) -> None:
    root = folder(tmp_path, 1)
    link = tmp_path / "link.md"
    link.symlink_to(root / "a0.md")
    with Workspace(root) as ws:
        plan = ws.plan([root / "a0.md", "a0.md", link], [Edit("status", value="pending")])
        assert len(plan.results) == 1


def test_a_change_on_disk_since_reading_is_a_conflict(tmp_path: Path) -> None:
    root = folder(tmp_path, 1)
    with Workspace(root) as ws:
        ws.load_all()
        article = ws.get("a0.md")
        assert article is not None
        path = root / "a0.md"
        path.write_text(path.read_text() + "\nAnother paragraph, written elsewhere.\n")
        plan = ws.plan([article], [Edit("status", value="publish")])
        assert plan.conflicts
        assert "Another paragraph" in path.read_text() and "status: draft" in path.read_text()


def test_a_copy_read_before_this_workspace_wrote_is_not_a_conflict(tmp_path: Path) -> None:
    """Two quick edits: the caller still holds the article as it was before the first was
    written (its screen had not caught up). The workspace's own writes are no conflict; a
    change made elsewhere after them still is."""
    root = folder(tmp_path, 1)
    path = root / "a0.md"
    with Workspace(root) as ws:
        ws.load_all()
        stale = ws.get("a0.md")
        assert stale is not None
        for value in ("pending", "publish"):
            plan = ws.plan([stale], [Edit("status", value=value)])
            assert not plan.conflicts, value
            assert ws.apply(plan).written
        assert "status: publish" in path.read_text()
        assert ws.undo().ok  # an undo is this workspace's own write too
        plan = ws.plan([stale], [Edit("status", value="draft")])
        assert not plan.conflicts
        path.write_text(path.read_text() + "\nWritten elsewhere.\n")
        assert ws.plan([stale], [Edit("status", value="draft")]).conflicts


def test_reload_drops_deleted_files_and_reads_new_ones(tmp_path: Path) -> None:
    root = folder(tmp_path, 2)
    with Workspace(root) as ws:
        ws.load_all()
        (root / "a1.md").unlink()
        (root / "new.md").write_text(DRAFT.format(title="New one"), encoding="utf-8")
        changes = ws.reload([root / "a1.md", root / "new.md"])
        assert changes.removed == ["a1.md"]
        assert [a.title for a in changes.articles] == ["New one"]
        assert "a1.md" not in ws and "new.md" in ws


def test_an_edit_that_cannot_be_undone_can_be_skipped(tmp_path: Path) -> None:
    root = folder(tmp_path, 2)
    with Workspace(root) as ws:
        ws.load_all()
        first = ws.apply(ws.plan(["a0.md"], [Edit("status", value="publish")]))
        ws.apply(ws.plan(["a1.md"], [Edit("status", value="publish")]))
        (root / "a1.md").write_text("changed by hand\n")
        blocked = ws.undo()
        assert not blocked.ok and blocked.batch is not None
        ws.skip(blocked.batch)
        assert (root / "a1.md").read_text() == "changed by hand\n"  # left alone
        older = ws.undo()
        assert older.ok and older.batch is not None and older.batch.id == first.batch
        assert "status: draft" in (root / "a0.md").read_text()


def test_a_single_file_root(tmp_path: Path) -> None:
    root = folder(tmp_path, 2)
    with Workspace(root / "a1.md") as ws:
        assert [a.path for a in ws.load_all()] == ["a1.md"]
        assert ws.read("a1.md").body.strip() == "Body of Article 1."


def test_a_status_the_folder_already_uses_can_be_set(tmp_path: Path) -> None:
    root = folder(tmp_path, 2)
    (root / "a1.md").write_text(DRAFT.format(title="Reviewed").replace("draft", "review"))
    with Workspace(root) as ws:  # not loaded: the folder is looked at only for this status
        plan = ws.plan(["a0.md"], [Edit("status", value="review")])
        assert not plan.refused, plan.refused[0].refused
        ws.apply(plan)
    assert "status: review" in (root / "a0.md").read_text()
    with Workspace(root) as ws:
        plan = ws.plan(["a0.md"], [Edit("status", value="reviw")])  # a typo stays refused
        assert plan.refused and "not a known status" in (plan.refused[0].refused or "")


def test_a_true_false_site_refuses_other_statuses_with_the_reason(tmp_path: Path) -> None:
    site = tmp_path / "hugo"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "hugo.toml").write_text('title = "A blog"\n')
    (site / "content" / "posts" / "a.md").write_text("---\ntitle: A\ndraft: true\n---\nx\n")
    (site / "content" / "posts" / "b.md").write_text(
        "---\ntitle: B\ndraft: false\nstatus: review\n---\nx\n")
    with Workspace(site / "content") as ws:
        plan = ws.plan(["posts/a.md"], [Edit("status", value="future")])
        assert plan.refused and "true/false" in (plan.refused[0].refused or "")
        plan = ws.plan(["posts/a.md"], [Edit("status", value="review")])  # Hugo reads draft
        assert plan.refused and "not a known status" in (plan.refused[0].refused or "")


def test_a_first_category_in_a_plain_folder_goes_to_categories(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    root.mkdir()
    (root / "d.md").write_text("---\ntitle: D\nstatus: draft\n---\nx\n")
    with Workspace(root) as ws:
        ws.apply(ws.plan(["d.md"], [Edit("add", value="Linux")]))
    text = (root / "d.md").read_text()
    assert "categories:" in text and "taxonomy" not in text


def test_load_with_a_first_page_gives_it_then_the_counts_then_everything(tmp_path: Path) -> None:
    root = folder(tmp_path, 6)
    with Workspace(root) as ws:
        ws.load_all()  # the cache is warm
    with Workspace(root) as ws:
        batches = list(ws.load(first_status="draft", first_page=2))
        assert batches[0].partial and len(batches[0].articles) == 2
        assert batches[1].partial and not batches[1].articles and batches[1].counts == {"draft": 6}
        assert not any(b.partial for b in batches[2:]) and batches[-1].done
        assert len(ws) == 6
