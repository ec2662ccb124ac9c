"""`draftdeck set` and `draftdeck undo` through the console entry point."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import draftdeck


def test_set_status_and_categories_then_undo(sample_copy: Path) -> None:
    f = sample_copy / "songs" / "glass-harbour.md"
    before = f.read_bytes()
    r = draftdeck("set", str(f), "--status", "publish", "--add-category", "ballads",
                  "--remove-category", "indie-rock")
    assert r.returncode == 0, r.stderr
    assert "written" in r.stdout
    text = f.read_text()
    assert "post_status: publish\n" in text and "    - ballads\n" in text and "indie-rock" not in text
    r = draftdeck("undo", str(sample_copy))
    assert r.returncode == 0 and "restored" in r.stdout
    assert f.read_bytes() == before
    assert draftdeck("undo", str(sample_copy)).returncode == 1  # nothing left to undo


def test_dry_run_prints_diff_writes_nothing(sample_copy: Path) -> None:
    f = sample_copy / "songs" / "copper-sky.md"
    before = f.read_bytes()
    r = draftdeck("set", str(f), "--status", "pending", "--dry-run")
    assert r.returncode == 0
    assert "-post_status: draft" in r.stdout and "+post_status: pending" in r.stdout
    assert f.read_bytes() == before


def test_several_files_each_on_its_own(sample_copy: Path) -> None:
    ok = sample_copy / "songs" / "copper-sky.md"
    drafts = sample_copy / "jekyll" / "_drafts" / "interview-with-a-luthier.md"
    before = drafts.read_bytes()
    r = draftdeck("set", str(ok), str(drafts), "--status", "publish", "--json")
    assert r.returncode == 1
    report = {Path(e["path"]).name: e for e in json.loads(r.stdout)}
    assert report["copper-sky.md"]["state"] == "written"
    assert report["interview-with-a-luthier.md"]["state"] == "refused"
    assert "_drafts" in report["interview-with-a-luthier.md"]["error"]
    assert drafts.read_bytes() == before


def test_rename_category(sample_copy: Path) -> None:
    f = sample_copy / "songs" / "night-ferry.md"
    r = draftdeck("set", str(f), "--rename-category", "folk", "folk-music")
    assert r.returncode == 0
    assert "    - folk-music\n" in f.read_text()


def test_where_selects_by_status_and_category(sample_copy: Path) -> None:
    r = draftdeck("set", "--where-status", "draft", "--where-category", "country",
                  str(sample_copy), "--add-category", "reviewed", "--json")
    assert r.returncode == 0, r.stderr
    written = sorted(e["path"] for e in json.loads(r.stdout) if e["state"] == "written")
    assert written == ["songs/copper-sky.md", "songs/the-long-way-home.md"]
    r = draftdeck("undo", str(sample_copy), "--json")
    data = json.loads(r.stdout)
    assert r.returncode == 0 and len(data["files"]) == 2


def test_refused_edit_on_bad_file(tmp_path: Path) -> None:
    f = tmp_path / "bad.md"
    f.write_bytes(b"---\ntitle: [x\n---\n")
    r = draftdeck("set", str(f), "--status", "publish")
    assert r.returncode == 1 and "refused" in r.stdout and "YAML" in r.stdout
    assert f.read_bytes() == b"---\ntitle: [x\n---\n"


def test_status_list_needs_force(tmp_path: Path) -> None:
    f = tmp_path / "a.md"
    f.write_bytes(b"---\npost_status: [draft, x]\n---\n")
    assert draftdeck("set", str(f), "--status", "publish").returncode == 1
    assert draftdeck("set", str(f), "--status", "publish", "--force").returncode == 0
    assert f.read_bytes() == b"---\npost_status: publish\n---\n"


def test_set_usage_errors(tmp_path: Path) -> None:
    assert draftdeck("set", str(tmp_path / "nope.md"), "--status", "draft").returncode == 2
    assert draftdeck("set", "--status", "draft").returncode == 2
    (tmp_path / "a.md").write_text("x")
    assert draftdeck("set", str(tmp_path / "a.md")).returncode == 2
