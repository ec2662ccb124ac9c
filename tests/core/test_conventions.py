from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from tui.core.site.config import Config, ConfigError, load_config
from tui.core.site.conventions import parse_date, read_categories, read_status, read_tags

C = Config()


@pytest.mark.parametrize(
    ("meta", "path", "status", "kind"),
    [
        ({"post_status": "draft"}, "a.md", "draft", "field"),
        ({"post_status": "Publish"}, "a.md", "publish", "field"),
        ({"status": "pending"}, "a.md", "pending", "field"),
        ({"status": "published"}, "a.md", "publish", "field"),
        ({"draft": True}, "a.md", "draft", "draft"),
        ({"draft": False}, "a.md", "publish", "draft"),
        ({"published": False}, "a.md", "draft", "published"),
        ({"published": True}, "a.md", "publish", "published"),
        ({}, "_drafts/a.md", "draft", "folder"),
        ({}, "site/_drafts/a.md", "draft", "folder"),
        ({}, "_posts/2024-01-01-a.md", "publish", "published"),
        ({"published": False}, "_posts/a.md", "draft", "published"),
        ({}, "a.md", None, "none"),
    ],
)
def test_status_conventions(meta: dict, path: str, status: str | None, kind: str) -> None:
    got, _, source, warnings = read_status(meta, path, C)
    assert (got, source.kind) == (status, kind)
    assert warnings == []


def test_post_status_wins_over_draft_flag() -> None:
    got, _, source, _ = read_status({"post_status": "private", "draft": True}, "a.md", C)
    assert got == "private" and source.key == "post_status"


def test_unknown_status_values_are_kept_and_odd_ones_warn() -> None:
    got, raw, _, warnings = read_status({"status": "review"}, "a.md", C)
    assert got == "review" and raw == "review" and "unknown status" in warnings[0]
    got, _, _, warnings = read_status({"post_status": ["draft"]}, "a.md", C)
    assert got is None and "a list" in warnings[0]
    got, _, _, warnings = read_status({"post_status": 3}, "a.md", C)
    assert got is None and "a number" in warnings[0]


def test_config_changes_status_field_and_values() -> None:
    cfg = Config(status_key="state", statuses=("draft", "review", "live"))
    got, _, source, warnings = read_status({"state": "review", "post_status": "x"}, "a.md", cfg)
    assert got == "review" and source.key == "state" and warnings == []


@pytest.mark.parametrize(
    ("meta", "cats", "key"),
    [
        ({"taxonomy": {"category": ["a", "b"]}}, ("a", "b"), "taxonomy.category"),
        ({"taxonomy": {"category": "docs"}}, ("docs",), "taxonomy.category"),
        ({"categories": ["x", "y"]}, ("x", "y"), "categories"),
        ({"categories": "reviews albums"}, ("reviews", "albums"), "categories"),
        ({"category": "Song Meanings"}, ("Song Meanings",), "category"),
        ({"categories": None}, (), "categories"),
        ({}, (), None),
    ],
)
def test_category_conventions(meta: dict, cats: tuple, key: str | None) -> None:
    got, got_key, _ = read_categories(meta, C)
    assert got == cats and got_key == key


def test_non_string_categories_warn() -> None:
    got, _, warnings = read_categories({"categories": ["a", 3, {"x": 1}]}, C)
    assert got == ("a", "3")
    assert len(warnings) == 2


def test_taxonomy_as_list_warns() -> None:
    got, key, warnings = read_categories({"taxonomy": ["a"]}, C)
    assert got == () and key is None and "taxonomy" in warnings[0]


def test_tags() -> None:
    assert read_tags({"taxonomy": {"post_tag": ["a"]}}, C)[0] == ("a",)
    assert read_tags({"tags": "one two"}, C)[0] == ("one", "two")


def test_dates() -> None:
    assert parse_date("2024-03-02") == datetime(2024, 3, 2)
    assert parse_date(date(2024, 3, 2)) == date(2024, 3, 2)
    got = parse_date("2024-03-02 14:05:00 +0100")
    assert isinstance(got, datetime) and got.utcoffset() is not None
    assert parse_date("not a date") is None


def test_config_file(tmp_path: Path) -> None:
    (tmp_path / "draftdeck.toml").write_text(
        '[fields]\nstatus = "state"\ncategories = "topics"\n[status]\nvalues = ["Draft", "live"]\n'
    )
    cfg = load_config(tmp_path)
    assert cfg.status_key == "state" and cfg.category_key == "topics"
    assert cfg.statuses == ("draft", "live")
    (tmp_path / "draftdeck.toml").write_text("[status]\nvalues = 3\n")
    with pytest.raises(ConfigError):
        load_config(tmp_path)


def test_folder_conventions_hold_for_a_file_opened_alone(tmp_path: Path) -> None:
    from tui.core.read.corpus import load_article

    post = tmp_path / "_posts" / "2024-01-01-x.md"
    draft = tmp_path / "_drafts" / "y.md"
    for p in (post, draft):
        p.parent.mkdir()
        p.write_text("---\ntitle: x\n---\n")
    assert load_article(post, post.parent).status == "publish"
    assert load_article(draft, draft.parent).status == "draft"
