"""Faults seen from the command line: one plain line on stderr, an exit status, no traceback."""

from __future__ import annotations

import importlib
import os
import sqlite3
from pathlib import Path

import pytest

from tests.cli.test_cli import draftdeck

cli_main = importlib.import_module("tui.cli.main")  # tui.cli.main is also the function
DOC = "---\ntitle: {t}\npost_status: draft\n---\nBody of {t}.\n"


def _site(tmp_path: Path, *names: str) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    for n in names:
        (root / n).write_text(DOC.format(t=n), encoding="utf-8")
    return root


def _no_traceback(stderr: str) -> None:
    assert "Traceback" not in stderr and "Error:" not in stderr.replace("error:", "")


def test_list_with_a_file_where_the_cache_folder_should_be(tmp_path: Path, monkeypatch) -> None:
    root = _site(tmp_path, "a.md", "b.md")
    blocker = tmp_path / "cache-file"
    blocker.write_text("x")
    monkeypatch.setenv("DRAFTDECK_CACHE_DIR", str(blocker))
    r = draftdeck("list", str(root), "--json")
    assert r.returncode == 0, r.stderr
    assert len(__import__("json").loads(r.stdout)) == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and str(blocker) in lines[0] and "warning" in lines[0]
    _no_traceback(r.stderr)
    r = draftdeck("search", "Body", str(root))
    assert r.returncode == 0 and len(r.stderr.strip().splitlines()) == 1


def test_garbage_cache_is_rebuilt_silently(tmp_path: Path, monkeypatch) -> None:
    root = _site(tmp_path, "a.md")
    cache = tmp_path / "cache"
    monkeypatch.setenv("DRAFTDECK_CACHE_DIR", str(cache))
    assert draftdeck("list", str(root)).returncode == 0
    for db in cache.glob("*.sqlite3"):
        db.write_bytes(b"\xde\xad\xbe\xef garbage" * 1000)
    r = draftdeck("list", str(root), "--json")
    assert r.returncode == 0 and r.stderr == ""


def test_set_with_an_unusable_state_folder(tmp_path: Path, monkeypatch) -> None:
    root = _site(tmp_path, "a.md", "b.md")
    blocker = tmp_path / "state-file"
    blocker.write_text("x")
    monkeypatch.setenv("DRAFTDECK_STATE_DIR", str(blocker))
    before = (root / "a.md").read_bytes()
    r = draftdeck("set", str(root / "a.md"), str(root / "b.md"), "--status", "publish")
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1
    assert str(blocker) in lines[0] and "DRAFTDECK_STATE_DIR" in lines[0]
    _no_traceback(r.stderr)
    assert (root / "a.md").read_bytes() == before
    r = draftdeck("undo", str(root))
    assert r.returncode == 1 and "DRAFTDECK_STATE_DIR" in r.stderr
    _no_traceback(r.stderr)


def test_damaged_journal_is_reported_and_replaced(tmp_path: Path, monkeypatch) -> None:
    root = _site(tmp_path, "a.md")
    state = tmp_path / "state"
    state.mkdir()
    (state / "journal.sqlite3").write_bytes(b"\x00not sqlite\xff" * 400)
    monkeypatch.setenv("DRAFTDECK_STATE_DIR", str(state))
    r = draftdeck("set", str(root / "a.md"), "--status", "publish")
    assert r.returncode == 0, r.stderr
    assert "moved aside" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert any(p.name.startswith("journal.sqlite3.damaged-") for p in state.iterdir())
    r = draftdeck("undo", str(root))
    assert r.returncode == 0 and "restored" in r.stdout and r.stderr == ""


def test_undo_skip(tmp_path: Path) -> None:
    root = _site(tmp_path, "a.md", "b.md")
    a_before = (root / "a.md").read_bytes()
    assert draftdeck("set", str(root / "a.md"), "--status", "publish").returncode == 0
    assert draftdeck("set", str(root / "b.md"), "--status", "publish").returncode == 0
    (root / "b.md").write_text("edited by hand\n")
    r = draftdeck("undo", str(root))
    assert r.returncode == 1 and "undo --skip" in r.stdout
    r = draftdeck("undo", "--skip", str(root), "--json")
    assert r.returncode == 0, r.stdout
    data = __import__("json").loads(r.stdout)
    assert data["skipped"] == "status → publish" or data["skipped"].startswith("status")
    assert data["undone"] and all(f["ok"] for f in data["files"])
    assert (root / "a.md").read_bytes() == a_before
    assert (root / "b.md").read_text() == "edited by hand\n"
    r = draftdeck("undo", str(root))
    assert r.returncode == 1 and "nothing to undo" in r.stdout


def test_same_file_twice_and_through_a_link(tmp_path: Path) -> None:
    root = _site(tmp_path, "a.md")
    (root / "link.md").symlink_to("a.md")
    a = str(root / "a.md")
    r = draftdeck("set", a, a, str(root / "link.md"), "--status", "publish", "--json")
    assert r.returncode == 0, r.stdout + r.stderr
    report = __import__("json").loads(r.stdout)
    assert [e["state"] for e in report] == ["written"]
    assert "changed on disk" not in r.stdout


@pytest.mark.parametrize("fault", [
    PermissionError(13, "Permission denied", "/some/file.md"),
    OSError(28, "No space left on device"),
    sqlite3.OperationalError("database or disk is full"),
])
def test_main_never_shows_a_traceback(fault: Exception, monkeypatch, capsys) -> None:
    def boom(args: object) -> int:
        raise fault

    parser = cli_main.build_parser
    monkeypatch.setattr(cli_main, "build_parser", lambda: _with_check(parser(), boom))
    code = cli_main.main(["check", os.devnull])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("draftdeck: ") and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def _with_check(parser, func):  # type: ignore[no-untyped-def]
    for action in parser._subparsers._group_actions:
        action.choices["check"].set_defaults(func=func)
    return parser


def test_main_reports_a_draftdeck_error_with_its_exit_code(monkeypatch, capsys) -> None:
    from tui.core.errors import StorageError

    def boom(args: object) -> int:
        raise StorageError("the state folder /x cannot be used", Path("/x"),
                           "Set DRAFTDECK_STATE_DIR to a folder you can write to")

    parser = cli_main.build_parser
    monkeypatch.setattr(cli_main, "build_parser", lambda: _with_check(parser(), boom))
    assert cli_main.main(["check", "."]) == 1
    err = capsys.readouterr().err
    assert err == ("draftdeck: the state folder /x cannot be used. Set DRAFTDECK_STATE_DIR to "
                   "a folder you can write to\n")


def test_names_that_are_not_utf8_are_listed_edited_and_undone(tmp_path: Path, monkeypatch) -> None:
    """A folder and a file whose names are not UTF-8: listed cold, warm and without the cache
    alike (the JSON writes the name's odd bytes as escapes, so it stays UTF-8), searched, edited
    and undone; every command printed a traceback before."""
    import json

    monkeypatch.setenv("DRAFTDECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("DRAFTDECK_STATE_DIR", str(tmp_path / "state"))
    root = Path(os.fsdecode(os.fsencode(tmp_path) + b"/site\xff"))
    root.mkdir()
    odd = os.fsdecode(b"caf\xe9.md")
    (root / odd).write_bytes(b"---\ntitle: Cafe\n---\nlantern words\n")
    (root / "ok.md").write_bytes(b"---\ntitle: Ok\n---\nwords\n")
    outputs = [draftdeck("list", str(root), "--json", *extra) for extra in
               ([], [], ["--no-cache"])]
    for r in outputs:
        assert r.returncode == 0, r.stderr
        _no_traceback(r.stderr)
    assert outputs[0].stdout == outputs[1].stdout == outputs[2].stdout
    assert outputs[0].stdout.isascii() and "\\udce9" in outputs[0].stdout
    assert {row["path"] for row in json.loads(outputs[0].stdout)} == {odd, "ok.md"}
    r = draftdeck("search", "lantern", str(root), "--json")
    assert r.returncode == 0 and [h["path"] for h in json.loads(r.stdout)] == [odd], r.stderr
    before = (root / odd).read_bytes()
    r = draftdeck("set", str(root / odd), "--status", "draft")
    assert r.returncode == 0, r.stderr
    assert b"post_status: draft" in (root / odd).read_bytes()
    listed = json.loads(draftdeck("list", str(root), "--json").stdout)
    assert {row["path"]: row["status"] for row in listed}[odd] == "draft"
    r = draftdeck("undo", str(root))
    assert r.returncode == 0, r.stderr
    assert (root / odd).read_bytes() == before
    for r in (draftdeck("list", str(root)), draftdeck("show", str(root / odd)),
              draftdeck("board", str(root)), draftdeck("check", str(root))):
        assert r.returncode in (0, 1), r.stderr
        _no_traceback(r.stderr)


def test_first_readings_at_the_same_moment_agree_and_warn_of_nothing(
        tmp_path: Path, monkeypatch) -> None:
    """Three `list` run at once on a folder with no cache yet (each making the same new cache):
    the same rows as without the cache, exit 0, and no warning that the cache cannot be used
    (they said 'UNIQUE constraint failed: meta.key' or 'no such table')."""
    import subprocess
    import sys

    root = tmp_path / "site"
    root.mkdir()
    for i in range(500):
        (root / f"a{i:03}.md").write_text(DOC.format(t=f"T{i}"), encoding="utf-8")
    monkeypatch.setenv("DRAFTDECK_CACHE_DIR", str(tmp_path / "cache"))
    truth = draftdeck("list", str(root), "--json", "--no-cache").stdout
    runs = [subprocess.Popen([sys.executable, "-m", "tui", "list", str(root), "--json"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(3)]
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0 and err == "" and out == truth, err
