"""The CLI through its console entry point, as scripts use it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[2] / "sample_content"


def draftdeck(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("draftdeck")
    cmd = [exe] if exe else [sys.executable, "-m", "tui"]
    return subprocess.run([*cmd, *args], capture_output=True, text=True, cwd=cwd, timeout=60,
                          env={**os.environ, "COLUMNS": "160"})


def test_version() -> None:
    r = draftdeck("--version")
    assert r.returncode == 0 and r.stdout.startswith("draftdeck ")


def test_list_json_keys_and_relative_posix_paths() -> None:
    r = draftdeck("list", str(SAMPLE), "--json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert len(rows) >= 20
    for row in rows:
        assert {"path", "title", "status", "categories", "tags", "date", "words", "error"} <= set(row)
        assert not row["path"].startswith("/") and "\\" not in row["path"]
    by_path = {row["path"]: row for row in rows}
    glass = by_path["songs/glass-harbour.md"]
    assert glass["status"] == "draft" and glass["date"] == "2024-03-02"
    assert glass["categories"] == ["song-meanings", "indie-rock"]


def test_list_filters() -> None:
    rows = json.loads(draftdeck("list", str(SAMPLE), "--status", "draft", "--json").stdout)
    assert rows and all(r["status"] == "draft" for r in rows)
    rows = json.loads(draftdeck("list", str(SAMPLE), "--status", "none", "--json").stdout)
    assert rows and all(r["status"] is None for r in rows)
    rows = json.loads(draftdeck("list", str(SAMPLE), "--category", "folk", "--status", "draft",
                                "--json").stdout)
    assert [r["path"] for r in rows] == ["songs/midnight-orchard.md"]
    rows = json.loads(draftdeck("list", str(SAMPLE), "--query", "ferry", "--json").stdout)
    assert [r["path"] for r in rows] == ["songs/night-ferry.md"]


def test_warm_list_json_prints_what_the_articles_give(tmp_path: Path) -> None:
    """A warm `list --json` joins the rows the index keeps as printed; it must print exactly
    what reading every file prints (--no-cache), for every status filter, whatever the files
    hold: controls and bidi marks, an unknown or odd status, a broken file, no front matter."""
    folder = tmp_path / "site"
    shutil.copytree(SAMPLE, folder)
    odd = {
        "controls.md": "---\ntitle: \"Bell\\a and \\x85 next \\u202e flip\"\nstatus: draft\n---\nx\n",
        "number.md": "---\ntitle: Numbered\nstatus: 3\ntags: [a, 2, true]\n---\nx\n",
        "review.md": "---\ntitle: In review\nstatus: Review\ndate: 2024-05-01 10:00\n---\nx\n",
        "broken.md": "---\ntitle: [unclosed\n---\nx\n",
        "plain.md": "No front matter at all.\n",
        "empty-status.md": "---\ntitle: Empty\nstatus: ''\n---\nx\n",
    }
    for name, text in odd.items():
        (folder / name).write_text(text, encoding="utf-8")
    for status in ([], ["draft"], ["none"], ["review"], ["draft", "--status", "none"]):
        flags = ["--status", *status] if status else []
        cold = draftdeck("list", str(folder), *flags, "--json")
        warm = draftdeck("list", str(folder), *flags, "--json")
        read = draftdeck("list", str(folder), *flags, "--json", "--no-cache")
        assert cold.returncode == warm.returncode == read.returncode == 0, warm.stderr
        assert warm.stdout == read.stdout == cold.stdout, status
        assert json.loads(warm.stdout), status


def test_list_table(tmp_path: Path) -> None:
    r = draftdeck("list", str(SAMPLE), "--status", "pending")
    assert r.returncode == 0
    assert "STATUS" in r.stdout and "Night Ferry" in r.stdout and "Paper Crowns" not in r.stdout


def test_errors_listed_not_dropped(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_bytes(b"---\ntitle: [x\n---\n")
    (tmp_path / "ok.md").write_bytes(b"---\ntitle: ok\n---\n")
    rows = json.loads(draftdeck("list", str(tmp_path), "--json").stdout)
    assert [r["path"] for r in rows] == ["bad.md", "ok.md"]
    assert rows[0]["error"] and "bad" not in rows[0]["error"]  # message, not a traceback
    assert "ERROR" in draftdeck("list", str(tmp_path)).stdout


def test_show_json() -> None:
    r = draftdeck("show", str(SAMPLE / "songs" / "glass-harbour.md"), "--json")
    data = json.loads(r.stdout)
    assert data["title"].startswith("The Meaning Behind The Song: “Glass Harbour”")
    assert {"level": 2, "title": "Key Takeaways", "line": 16} in data["sections"]
    assert len(data["takeaways"]) == 3
    assert data["faq"][0]["question"] == "Is Glass Harbour about a real place?"
    assert data["faq"][1]["answer"].endswith("which is why the last chorus feels crowded.")
    assert not data["faq"][0]["answer"].startswith("A:")


def test_show_text_and_missing_file(tmp_path: Path) -> None:
    r = draftdeck("show", str(SAMPLE / "songs" / "night-ferry.md"))
    assert r.returncode == 0 and "Which ferry is it?" in r.stdout
    r = draftdeck("show", str(tmp_path / "nope.md"))
    assert r.returncode == 2 and "nope.md" in r.stderr and "Traceback" not in r.stderr


def test_check_exit_codes(tmp_path: Path) -> None:
    (tmp_path / "ok.md").write_text("---\ntitle: Fine\npost_status: draft\n---\nText\n")
    assert draftdeck("check", str(tmp_path)).returncode == 0
    (tmp_path / "bad.md").write_text("---\ntitle: X\npost_status: reviewing\ncategories: [1]\n---\n"
                                     "## FAQ\n\n**Q: A?**\n\n**Q: A?**\nA: yes\n")
    r = draftdeck("check", str(tmp_path), "--json")
    assert r.returncode == 1
    report = json.loads(r.stdout)
    kinds = sorted(p["kind"] for p in report[0]["problems"])
    assert kinds == ["categories", "faq", "faq", "status"]
    messages = " ".join(p["message"] for p in report[0]["problems"])
    assert "reviewing" in messages and "no answer" in messages and "more than once" in messages


def test_check_missing_title_and_parse_error(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("No front matter\n")
    (tmp_path / "b.md").write_text("---\nx: [\n---\n")
    r = draftdeck("check", str(tmp_path))
    assert r.returncode == 1
    assert "a.md: the article has no title" in r.stdout
    assert "b.md:" in r.stdout and "YAML" in r.stdout


@pytest.mark.parametrize("args", [["list", "/no/such/dir"], ["list", "--bogus"], ["check", "x", "y"]])
def test_usage_errors_exit_2(args: list[str]) -> None:
    r = draftdeck(*args)
    assert r.returncode == 2 and "Traceback" not in r.stderr and r.stderr.strip()


def test_python_m_tui() -> None:
    r = subprocess.run([sys.executable, "-m", "tui", "--version"], capture_output=True, text=True)
    assert r.returncode == 0 and "draftdeck" in r.stdout


def test_control_characters_never_reach_output(tmp_path: Path) -> None:
    (tmp_path / "evil.md").write_bytes(
        b'---\ntitle: "a\\e]0;pwned\\a b\\e[31m red \\x9b c"\ncategories: ["\\e]52;c;Zm9v\\a"]\n---\n'
        b"body \x1b[2J\n"
    )
    for args in (["list", str(tmp_path)], ["list", str(tmp_path), "--json"],
                 ["show", str(tmp_path / "evil.md")]):
        r = draftdeck(*args)
        assert "\x1b" not in r.stdout and "\x9b" not in r.stdout and "\x07" not in r.stdout, args
