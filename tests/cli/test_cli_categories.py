from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import draftdeck


def test_categories_report(sample_copy: Path) -> None:
    (sample_copy / "dup.md").write_text("---\ntitle: D\ncategories: [Song Meanings]\n---\n")
    r = draftdeck("categories", str(sample_copy), "--json")
    assert r.returncode == 0, r.stderr
    data = {c["name"]: c for c in json.loads(r.stdout)}
    assert data["song-meanings"]["count"] == 16
    assert data["song-meanings"]["by_status"]["draft"] == 7
    assert data["song-meanings"]["near_duplicates"] == ["Song Meanings"]
    text = draftdeck("categories", str(sample_copy)).stdout
    assert "song-meanings" in text and "≈ Song Meanings" in text


def test_categories_rename_and_merge_with_undo(sample_copy: Path) -> None:
    ferry = sample_copy / "songs" / "night-ferry.md"
    before = ferry.read_bytes()
    r = draftdeck("categories", "rename", "folk", "folk-music", str(sample_copy), "--dry-run")
    assert r.returncode == 0 and "+    - folk-music" in r.stdout and ferry.read_bytes() == before
    r = draftdeck("categories", "rename", "folk", "folk-music", str(sample_copy))
    assert r.returncode == 0 and "3 written" in r.stdout
    r = draftdeck("categories", "merge", "travel-songs", "country", "roads", str(sample_copy))
    assert r.returncode == 0
    text = (sample_copy / "songs" / "the-long-way-home.md").read_text()
    assert "roads" in text and "travel-songs" not in text and "    - country\n" not in text
    assert text.count("roads") == 1
    assert draftdeck("undo", str(sample_copy)).returncode == 0
    assert draftdeck("undo", str(sample_copy)).returncode == 0
    assert ferry.read_bytes() == before


def test_search_cli(sample_copy: Path) -> None:
    r = draftdeck("search", "lighthouse", str(sample_copy), "--json")
    assert r.returncode == 0
    hits = json.loads(r.stdout)
    assert hits[0]["path"] == "songs/glass-harbour.md" and "«lighthouse»" in hits[0]["snippet"].lower()
    r = draftdeck("search", "zzzznothing", str(sample_copy))
    assert r.returncode == 1 and "No matches" in r.stdout


def test_search_cli_limits_and_exit_codes(sample_copy: Path) -> None:
    r = draftdeck("search", "zzzznothing", str(sample_copy), "--json")
    assert r.returncode == 1 and json.loads(r.stdout) == []  # as the text output: exit 1
    for bad in ("99999999999999999999", "0", "-1", "x"):
        r = draftdeck("search", "song", str(sample_copy), "--limit", bad)
        assert r.returncode == 2 and "Traceback" not in r.stderr and "--limit" in r.stderr
    r = draftdeck("search", "  +++  ", str(sample_copy))
    assert r.returncode == 2 and "words to search" in r.stderr
    r = draftdeck("search", "song", str(sample_copy), "--limit", "2")
    assert r.returncode == 0 and "(the first 2; more match" in r.stdout
    assert len(json.loads(draftdeck("search", "song", str(sample_copy), "--limit", "2",
                                    "--json").stdout)) == 2
