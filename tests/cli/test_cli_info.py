"""`draftdeck info`, and the CLI using the detected site's conventions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.core import sites
from tui.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_info_json_on_a_hugo_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sites.hugo_site(tmp_path, '[taxonomies]\ncategory = "sections"\ntag = "tags"\n')
    code, text = run(capsys, "info", str(tmp_path), "--json")
    assert code == 0
    data = json.loads(text)
    assert data["kind"] == "hugo" and data["config_file"] == str(tmp_path / "hugo.toml")
    assert (data["status_field"], data["status_kind"]) == ("draft", "draft")
    assert data["category_fields"] == ["sections"] and data["tag_fields"] == ["tags"]
    assert data["date_fields"][0] == "date"
    assert data["articles"] == 4  # archetypes/default.md is a template, not an article
    assert data["by_status"] == {"draft": 1, "publish": 1, "future": 1, "expired": 1}


def test_info_text_on_a_jekyll_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sites.jekyll_site(tmp_path)
    code, text = run(capsys, "info", str(tmp_path))
    assert code == 0
    assert "site:        jekyll" in text and "_config.yml" in text
    assert "published (published)" in text and "file name" in text
    assert "  publish" in text and "  draft" in text and "  none" in text


def test_info_on_a_plain_folder_with_draftdeck_toml(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    sites.put(tmp_path, {
        "draftdeck.toml": '[fields]\nstatus = "state"\n[status]\nvalues = ["idea", "live"]\n',
        "a.md": "---\nstate: live\n---\n", "b.md": "---\nstate: idea\n---\n",
        "c.md": "---\nstate: odd\n---\n"})
    data = json.loads(run(capsys, "info", str(tmp_path), "--json")[1])
    assert data["kind"] == "plain" and data["draftdeck_toml"]
    assert data["status_field"] == "state" and data["status_values"] == ["idea", "live"]
    assert list(data["by_status"]) == ["idea", "live", "odd"]


def test_info_of_a_missing_path_is_a_usage_error(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", str(tmp_path / "nope")]) == 2


def test_list_status_filter_takes_unknown_values_and_synonyms(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sites.obsidian_vault(tmp_path)
    rows = json.loads(run(capsys, "list", str(tmp_path), "--status", "Review", "--json")[1])
    assert [r["path"] for r in rows] == ["Ideas/bread.md"]
    sites.jekyll_site(tmp_path / "j")
    rows = json.loads(run(capsys, "list", str(tmp_path / "j"), "--status", "published",
                          "--json")[1])
    assert len(rows) == 2


def test_show_json_gives_date_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sites.jekyll_site(tmp_path)
    data = json.loads(run(capsys, "show", str(tmp_path / "_posts/2022-12-24-whistle.md"),
                          "--json")[1])
    assert data["date"] == "2022-12-24" and data["date_source"] == "filename"


def test_single_file_and_where_edits_write_the_same_key(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sites.grav_site(tmp_path)
    one = tmp_path / "user/pages/02.oil/docs.md"
    code, _ = run(capsys, "set", str(one), "--status", "draft")
    assert code == 0
    assert one.read_text().endswith("published: false\n---\nB.\n")
    start = tmp_path / "user/pages/01.start/docs.md"
    code, _ = run(capsys, "set", "--where-category", "docs", str(tmp_path), "--status", "draft")
    assert code == 0
    assert "published: false\n" in start.read_text()
    for path in tmp_path.rglob("*.md"):
        assert "post_status" not in path.read_text()


def test_set_accepts_published_for_publish(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    sites.put(tmp_path, {"a.md": "---\npost_status: draft\n---\n"})
    code, _ = run(capsys, "set", str(tmp_path / "a.md"), "--status", "published")
    assert code == 0
    assert (tmp_path / "a.md").read_text() == "---\npost_status: publish\n---\n"
