"""The robustness promise: whatever the folder holds, draftdeck never crashes, never freezes, never
lets a file drive the terminal, and never writes what it could not verify."""

from __future__ import annotations

import asyncio
import json
import os
import time
from pathlib import Path

import pytest

from tests.cli.test_cli import draftdeck
from tests.hostile.corpus import FILES, build
from tests.ui.conftest import settle
from tui.core.edit.change import Edit
from tui.core.edit.editor import plan_edit
from tui.core.read.corpus import load_corpus
from tui.ui.app import make_app
from tui.ui.widgets.reader import Reader


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("hostile") / "content"
    expected = build(folder)
    return folder, expected


def _bytes(folder: Path) -> dict[str, bytes]:
    out = {}
    for path in folder.rglob("*.md"):
        if path.is_file() and not path.is_symlink():
            out[path.relative_to(folder).as_posix()] = path.read_bytes()
    return out


def test_core_lists_every_file_with_the_right_outcome(hostile) -> None:  # type: ignore[no-untyped-def]
    folder, expected = hostile
    articles = {a.path: a for a in load_corpus(folder)}
    assert "fs-fifo.md" not in articles  # never opened
    assert set(articles) == set(expected)
    for name, kind in expected.items():
        article = articles[name]
        if kind == "error":
            assert article.error, name
            assert "Traceback" not in article.error
        else:
            assert article.error is None, (name, article.error)


def test_yaml_attacks_are_rejected_and_run_nothing(hostile) -> None:  # type: ignore[no-untyped-def]
    folder, _ = hostile
    for name in ("yaml-bomb.md", "yaml-selfref.md", "yaml-deep.md", "yaml-python.md"):
        article = load_corpus(folder / name)[0]  # refused, not expanded (no timing here)
        assert article.error, name
    assert not (folder / "PWNED").exists() and not Path("PWNED").exists()


def test_precise_messages(hostile) -> None:  # type: ignore[no-untyped-def]
    folder, _ = hostile
    articles = {a.path: a for a in load_corpus(folder)}
    assert "UTF-16" in (articles["enc-utf16.md"].error or "")
    assert "NUL" in (articles["enc-nul.md"].error or "")
    assert "image" in (articles["enc-png.md"].error or "")
    assert "line 4" in (articles["enc-invalid-body.md"].error or "")
    assert "a list, not a mapping" in (articles["shape-list.md"].error or "")
    assert "never closed" in (articles["shape-unterminated.md"].error or "")
    assert "tab" in (articles["shape-tabs.md"].error or "")
    assert "alias" in (articles["yaml-bomb.md"].error or "")
    assert "itself" in (articles["yaml-selfref.md"].error or "")
    assert "python/object/apply" in (articles["yaml-python.md"].error or "")
    assert any("more than once" in w for w in articles["shape-duplicate-keys.md"].warnings)
    assert any("a number" in w for w in articles["shape-status-number.md"].warnings)
    assert any("taxonomy" in w for w in articles["shape-taxonomy-list.md"].warnings)
    assert articles["shape-categories-mixed.md"].categories == ("a", "3", "True")


def test_cli_list_show_check_on_the_whole_corpus(hostile) -> None:  # type: ignore[no-untyped-def]
    folder, expected = hostile
    before = _bytes(folder)
    r = draftdeck("list", str(folder), "--json")
    assert r.returncode == 0, r.stderr
    rows = {row["path"]: row for row in json.loads(r.stdout)}
    assert set(rows) == set(expected)
    assert "\x1b" not in r.stdout and "\x9b" not in r.stdout
    table = draftdeck("list", str(folder), "--status", "draft")
    assert table.returncode == 0 and "\x1b" not in table.stdout
    r = draftdeck("check", str(folder), "--json")
    assert r.returncode == 1
    for name in sorted(expected):
        if name.startswith("fs-folder"):
            continue
        r = draftdeck("show", str(folder / name), "--json")
        assert r.returncode == 0, (name, r.stderr)
        assert "Traceback" not in r.stderr
        assert "\x1b" not in r.stdout and "\x9b" not in r.stdout
    assert _bytes(folder) == before


def test_cli_set_edits_or_refuses_each_file(hostile, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder, expected = hostile
    before = _bytes(folder)
    names = [n for n in sorted(expected) if not n.startswith("size-50mb")]
    r = draftdeck("set", *(str(folder / n) for n in names), "--status", "pending",
                  "--dry-run", "--json")
    assert r.returncode == 1  # some are refused
    report = {e["path"]: e for e in json.loads(r.stdout)}
    for name in names:
        entry = report[name]
        if expected[name] in ("error", "refuse-edit"):
            assert entry["state"] == "refused", (name, entry)
            assert entry["error"] and "Traceback" not in entry["error"]
    assert _bytes(folder) == before  # a dry run writes nothing


def test_set_really_writes_only_what_verifies(hostile, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    src, expected = hostile
    folder = tmp_path / "copy"
    folder.mkdir()
    for name in expected:
        if name.startswith(("fs-", "size-")):
            continue
        shutil.copy(src / name, folder / name)
    before = _bytes(folder)
    r = draftdeck("set", *(str(folder / n) for n in sorted(before)), "--status", "publish",
                  "--add-category", "x", "--json")
    report = {e["path"]: e for e in json.loads(r.stdout)}
    after = _bytes(folder)
    for name in before:
        if report[name]["state"] == "refused":
            assert after[name] == before[name], name
        else:
            article = load_corpus(folder / name)[0]
            assert article.error is None and article.status == "publish", name
    assert draftdeck("undo", str(folder)).returncode == 0
    assert _bytes(folder) == before


def test_editor_refuses_file_system_oddities(hostile) -> None:  # type: ignore[no-untyped-def]
    folder, _ = hostile
    from tui.core.edit.apply import apply_results

    for name in ("fs-link-outside.md", "fs-readonly.md"):
        path = folder / name
        before = path.read_bytes()
        result = plan_edit(path, folder, [Edit("status", value="publish")])
        _, outcomes = apply_results([result], folder, None, "t")
        assert outcomes[0].state == "refused", name
        assert path.read_bytes() == before
    result = plan_edit(folder / "fs-fifo.md", folder, [Edit("status", value="publish")])
    assert result.refused and "regular file" in result.refused


def test_file_deleted_or_replaced_while_open(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: A\npost_status: draft\n---\nBody\n")
    result = plan_edit(path, tmp_path, [Edit("status", value="publish")])
    path.unlink()
    from tui.core.edit.apply import apply_results

    _, outcomes = apply_results([result], tmp_path, None, "t")
    assert outcomes[0].state == "refused" and outcomes[0].conflict
    path.write_text("---\ntitle: B\npost_status: draft\n---\nOther\n")
    _, outcomes = apply_results([result], tmp_path, None, "t")
    assert outcomes[0].state == "refused" and outcomes[0].conflict
    assert "Other" in path.read_text()


async def test_app_opens_every_file_and_quits(hostile, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    folder, expected = hostile
    app = make_app(folder, watch=False, remember=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert set(app.main.articles) == set(expected)
        reader = app.main.query_one(Reader)
        for name in sorted(expected):
            token = reader._token
            start = time.perf_counter()
            app.main.open(name)
            while True:  # until the first paint: the header laid out, for this article
                await asyncio.sleep(0.005)
                shown = reader.article
                if (reader._token > token and shown is not None and shown.path == name
                        and reader.first_painted()):
                    break
                assert time.perf_counter() - start < 5, f"{name} did not open"
            await pilot.pause()
            strips = app.screen._compositor.render_strips()
            text = "".join(seg.text for strip in strips for seg in strip)
            assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in text), name
            assert "\u202e" not in text, name
            assert app.is_running
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


def test_fifo_never_blocks_listing(hostile) -> None:  # type: ignore[no-untyped-def]
    folder, _ = hostile
    assert os.path.exists(folder / "fs-fifo.md")
    r = draftdeck("list", str(folder), "--no-cache", "--json")
    assert r.returncode == 0
    assert "fs-fifo.md" not in r.stdout


def test_every_file_class_is_covered() -> None:
    prefixes = {name.split("-")[0] for name in FILES}
    assert {"enc", "shape", "yaml", "term"} <= prefixes
