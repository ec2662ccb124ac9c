"""The editorial views' CLI contract: board, schedule, list --format/--sort/--view."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from tests.core.sites import put
from tui.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def newsroom(root: Path) -> Path:
    """A small WordPress-style folder with a workflow status of its own."""
    return put(root, {
        "draftdeck.toml": (
            '[status]\nvalues = ["draft", "pending", "future", "publish"]\n'
            "[views.quick-reads]\nstatus = \"published\"\nwhere = [\"words < 50\"]\n"
            'sort = "title"\n'
            "[views.harbour]\ncategory = \"Harbour\"\ntag = [\"boats\"]\n"),
        "lighthouse.md": ("---\ntitle: The lighthouse keeper\npost_status: publish\n"
                          "date: 2024-06-01\ncategories: [Harbour, People]\ntags: [boats]\n"
                          "---\nShort.\n"),
        "ferry.md": ("---\ntitle: Ferry strike ends\npost_status: future\n"
                     "date: 2024-06-20 08:00:00\ncategories: [Harbour]\n---\nSoon.\n"),
        "nets.md": ("---\ntitle: Mending nets\npost_status: draft\ndate: 2024-06-12\n"
                    "categories: Crafts\n---\nDraft words.\n"),
        "gulls.md": ("---\ntitle: Gulls, a defence\npost_status: publish\n"
                     "date: 2023-01-01\n---\n" + "word " * 80 + "\n"),
        "tide.md": "---\ntitle: Tide table\npost_status: review\n---\nx\n",
        "loose.md": "---\ntitle: Loose notes\n---\nx\n",
        "broken.md": "---\ntitle: [unclosed\n---\nx\n",
    })


def test_board_json_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, text, _ = run(capsys, "board", str(newsroom(tmp_path)), "--json")
    assert code == 0
    data = json.loads(text)
    assert [(c["status"], c["count"]) for c in data] == [
        ("draft", 1), ("pending", 0), ("future", 1), ("publish", 2), ("review", 1), (None, 2)]
    for column in data:
        assert set(column) == {"status", "count", "articles"}
        assert column["count"] == len(column["articles"])
        for card in column["articles"]:
            assert set(card) == {"path", "title", "categories", "date"}
    publish = data[3]["articles"]
    assert publish[0] == {"path": "lighthouse.md", "title": "The lighthouse keeper",
                          "categories": ["Harbour", "People"], "date": "2024-06-01"}
    assert [c["path"] for c in publish] == ["lighthouse.md", "gulls.md"]  # newest first
    assert {c["path"] for c in data[5]["articles"]} == {"loose.md", "broken.md"}


def test_board_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, text, _ = run(capsys, "board", str(newsroom(tmp_path)))
    assert code == 0
    assert "DRAFT (1)" in text and "PENDING (0)" in text and "NONE (2)" in text
    assert "(empty)" in text and "Mending nets" in text


def test_schedule_json_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = newsroom(tmp_path)
    code, text, _ = run(capsys, "schedule", str(folder), "--json", "--now", "2024-06-15T12:00Z")
    assert code == 0
    data = json.loads(text)
    assert data == [
        {"path": "lighthouse.md", "title": "The lighthouse keeper", "status": "publish",
         "date": "2024-06-01", "state": "published"},
        {"path": "nets.md", "title": "Mending nets", "status": "draft", "date": "2024-06-12",
         "state": "draft"},
        {"path": "ferry.md", "title": "Ferry strike ends", "status": "future",
         "date": "2024-06-20T08:00:00", "state": "scheduled"},
    ]
    code, text, _ = run(capsys, "schedule", str(folder), "--json", "--now", "2024-06-15",
                        "--days", "6")
    assert [e["path"] for e in json.loads(text)] == ["nets.md", "ferry.md"]
    code, text, _ = run(capsys, "schedule", str(folder), "--json", "--now", "2024-06-15",
                        "--days", "600")
    assert json.loads(text)[0]["path"] == "gulls.md"


def test_schedule_text_and_usage_errors(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    folder = newsroom(tmp_path)
    code, text, _ = run(capsys, "schedule", str(folder), "--now", "2024-06-15")
    assert code == 0
    assert "-- today 2024-06-15" in text and "scheduled" in text
    assert "1 published, 1 draft, 1 scheduled" in text
    code, _, err = run(capsys, "schedule", str(folder), "--now", "next tuesday")
    assert code == 2 and "--now" in err
    code, _, err = run(capsys, "schedule", str(folder), "--days", "-3")
    assert code == 2 and "--days" in err
    code, _, err = run(capsys, "schedule", str(tmp_path / "nowhere"))
    assert code == 2 and "no such file or folder" in err


def test_list_format_csv_has_the_json_keys(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    folder = newsroom(tmp_path)
    _, as_json, _ = run(capsys, "list", str(folder), "--format", "json", "--sort", "title")
    code, as_csv, _ = run(capsys, "list", str(folder), "--format", "csv", "--sort", "title")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(as_csv)))
    assert list(rows[0]) == ["path", "title", "status", "categories", "tags", "date", "words",
                             "error"]
    objects = json.loads(as_json)
    assert [r["path"] for r in rows] == [o["path"] for o in objects]
    by_path = {r["path"]: r for r in rows}
    assert by_path["lighthouse.md"]["categories"] == "Harbour; People"
    assert by_path["lighthouse.md"]["title"] == "The lighthouse keeper"
    assert by_path["tide.md"]["date"] == "" and by_path["loose.md"]["status"] == ""
    assert by_path["broken.md"]["error"]
    _, short, _ = run(capsys, "list", str(folder), "--json", "--sort", "title")
    assert short == as_json  # --json is --format json
    code, _, err = run(capsys, "list", str(folder), "--json", "--format", "csv")
    assert code == 2 and "--json" in err


def test_list_sort(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = newsroom(tmp_path)

    def paths(*extra: str) -> list[str]:
        _, text, _ = run(capsys, "list", str(folder), "--json", *extra)
        return [o["path"] for o in json.loads(text)]

    assert paths("--sort", "date") == ["ferry.md", "nets.md", "lighthouse.md", "gulls.md",
                                       "broken.md", "loose.md", "tide.md"]
    assert paths("--sort", "title")[:3] == ["broken.md", "ferry.md", "gulls.md"]
    assert paths("--sort", "status")[:5] == ["nets.md", "ferry.md", "gulls.md", "lighthouse.md", "tide.md"]
    os.utime(folder / "tide.md", (2_000_000_000, 2_000_000_000))
    assert paths("--sort", "modified", "--no-cache")[0] == "tide.md"
    code, _, _ = run(capsys, "list", str(folder), "--sort", "size")
    assert code == 2


def test_list_view(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = newsroom(tmp_path)
    code, text, _ = run(capsys, "list", str(folder), "--view", "quick-reads", "--json")
    assert code == 0 and [o["path"] for o in json.loads(text)] == ["lighthouse.md"]
    code, text, _ = run(capsys, "list", str(folder), "--view", "harbour", "--json")
    assert [o["path"] for o in json.loads(text)] == ["lighthouse.md"]
    # a view and the command line's own filters combine
    code, text, _ = run(capsys, "list", str(folder), "--view", "harbour", "--status", "draft",
                        "--json")
    assert json.loads(text) == []
    code, _, err = run(capsys, "list", str(folder), "--view", "nope")
    assert code == 2 and "no view named 'nope'" in err and "quick-reads, harbour" in err


def test_bad_view_is_a_config_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put(tmp_path, {"draftdeck.toml": '[views.x]\nwhere = ["author = ann"]\n',
                   "a.md": "---\ntitle: A\n---\n"})
    code, _, err = run(capsys, "list", str(tmp_path), "--view", "x")
    assert code == 2 and "[views.x]" in err and "unknown field 'author'" in err
    code, _, _ = run(capsys, "list", str(tmp_path))
    assert code == 0  # a bad view does not stop the rest
