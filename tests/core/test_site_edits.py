"""Edits write what the detected site's generator reads, byte for byte elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core import sites
from tui.core.edit.change import Edit
from tui.core.edit.editor import folder_conventions, plan_edit
from tui.core.site.config import load_config


def edit(root: Path, rel: str, *edits: Edit) -> bytes:
    config = load_config(root)
    result = plan_edit(root / rel, root, list(edits), config, folder_conventions([], config))
    assert result.refused is None, result.refused
    assert result.new_bytes is not None
    return result.new_bytes


def refusal(root: Path, rel: str, *edits: Edit) -> str:
    config = load_config(root)
    result = plan_edit(root / rel, root, list(edits), config, folder_conventions([], config))
    assert result.refused
    return result.refused


DRAFT = Edit("status", value="draft")
PUBLISH = Edit("status", value="publish")


def test_jekyll_status_changes_published_and_keeps_status_consistent(tmp_path: Path) -> None:
    sites.jekyll_site(tmp_path)
    assert edit(tmp_path, "_posts/2022-11-05-descaling.md", DRAFT) == (
        b"---\ntitle: Descaling a kettle\nstatus: draft\npublished: false\n"
        b"categories: care tips\ntags: kettle, limescale\n---\nBody.\n")


def test_jekyll_post_without_flag_gets_published_false(tmp_path: Path) -> None:
    sites.jekyll_site(tmp_path)
    rel = "_posts/2022-12-24-whistle.md"
    assert edit(tmp_path, rel, DRAFT) == (
        b"---\ntitle: The whistle\npublished: false\n---\nBody.\n")
    before = (tmp_path / rel).read_bytes()
    assert edit(tmp_path, rel, PUBLISH) == before  # already published: nothing written


def test_grav_draft_is_published_false_never_post_status(tmp_path: Path) -> None:
    sites.grav_site(tmp_path)
    new = edit(tmp_path, "user/pages/02.oil/docs.md", DRAFT)
    assert new == b"---\ntitle: Oil\ndate: 01/01/2020 3:14pm\npublished: false\n---\nB.\n"
    assert b"post_status" not in new
    wicks = edit(tmp_path, "user/pages/01.start/02.wicks/docs.md",
                 Edit("status", value="published"))
    assert b"published: true\n" in wicks


def test_grav_status_a_flag_cannot_say_is_refused(tmp_path: Path) -> None:
    sites.grav_site(tmp_path)
    assert "draft or published" in refusal(tmp_path, "user/pages/02.oil/docs.md",
                                            Edit("status", value="pending"))


def test_hugo_writes_draft_in_the_files_own_case(tmp_path: Path) -> None:
    sites.hugo_site(tmp_path)
    low = edit(tmp_path, "content/posts/low-water.md", PUBLISH)
    assert low.startswith(b"---\nTitle: Low water at the pier\nDraft: false\n")
    assert b"\ndraft:" not in low
    spring = edit(tmp_path, "content/posts/spring-tide.md", DRAFT)
    assert spring.startswith(b'+++\ntitle = "Spring tide"\ndate = 2023-05-01\n')
    assert b"draft = true\n" in spring


@pytest.mark.parametrize(
    ("build", "rel", "added"),
    [
        (sites.hugo_site, "content/posts/next-year.md", b"categories:\n  - lamps\n"),
        (sites.jekyll_site, "_posts/2022-12-24-whistle.md", b"categories:\n  - lamps\n"),
        (sites.grav_site, "user/pages/02.oil/docs.md", b"taxonomy:\n  category:\n    - lamps\n"),
    ],
)
def test_new_category_goes_where_the_site_reads(tmp_path: Path, build, rel: str,  # type: ignore[no-untyped-def]
                                                added: bytes) -> None:
    build(tmp_path)
    new = edit(tmp_path, rel, Edit("add", value="lamps"))
    assert added in new
    if build is not sites.grav_site:
        assert b"taxonomy" not in new


def test_comma_separated_string_keeps_its_form(tmp_path: Path) -> None:
    from tui.core.read.corpus import load_article

    sites.put(tmp_path, {"a.md": "---\ntitle: A\ncategories: computer, linux\n---\n"})
    new = edit(tmp_path, "a.md", Edit("add", value="shell"))
    assert new in (b"---\ntitle: A\ncategories: computer, linux, shell\n---\n",
                   b"---\ntitle: A\ncategories: 'computer, linux, shell'\n---\n")
    (tmp_path / "a.md").write_bytes(new)
    assert load_article(tmp_path / "a.md", tmp_path).categories == ("computer", "linux", "shell")
    removed = edit(tmp_path, "a.md", Edit("remove", value="computer"))
    assert b"linux, shell" in removed and b"- " not in removed


def test_jekyll_space_separated_string_stays(tmp_path: Path) -> None:
    sites.jekyll_site(tmp_path)
    new = edit(tmp_path, "_posts/2022-11-05-descaling.md", Edit("add", value="steam"))
    assert b"categories: care tips steam\n" in new


def test_hugo_one_term_string_becomes_a_list_when_a_second_is_added(tmp_path: Path) -> None:
    sites.hugo_site(tmp_path)
    sites.put(tmp_path, {"content/b.md": "---\ntitle: B\ncategories: web dev\n---\n"})
    new = edit(tmp_path, "content/b.md", Edit("add", value="go"))
    assert b"web dev go" not in new
    assert b"categories:" in new and b"go" in new


def test_obsidian_unknown_status_is_rewritten_in_its_field(tmp_path: Path) -> None:
    sites.obsidian_vault(tmp_path)
    assert edit(tmp_path, "Ideas/rye.md", DRAFT) == b"---\nstatus: draft\n---\n# Rye\n"


def test_text_status_in_a_draft_flag_site_keeps_a_workflow_value(tmp_path: Path) -> None:
    sites.hugo_site(tmp_path)
    sites.put(tmp_path, {"content/c.md": "---\ntitle: C\nstatus: review\n---\n"})
    config = load_config(tmp_path)
    from tui.core.read.corpus import load_article

    assert load_article(tmp_path / "content/c.md", tmp_path, config).status == "review"
    assert edit(tmp_path, "content/c.md", DRAFT) == (
        b"---\ntitle: C\nstatus: draft\ndraft: true\n---\n")
