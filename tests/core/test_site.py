"""Site detection and reading each site as its generator reads it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.core import sites
from tui.core.checks import check_article
from tui.core.read.corpus import load_article, load_corpus
from tui.core.site.config import Config, load_config
from tui.core.site.conventions import (
    _SCHEDULE_KEYS,
    _schedule_values,
    date_from_file_name,
    lookup,
    parse_date,
    read_categories,
    read_status,
    read_tags,
    split_names,
)
from tui.core.site.detect import Site, detect_site
from tui.core.store.index import Index


def corpus(root: Path) -> dict[str, object]:
    config = load_config(root)
    return {a.path: a for a in load_corpus(root, config)}


# -- detection ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("build", "kind", "config_name"),
    [
        (sites.hugo_site, "hugo", "hugo.toml"),
        (sites.jekyll_site, "jekyll", "_config.yml"),
        (sites.grav_site, "grav", "site.yaml"),
        (sites.grav_pages_only, "grav", None),
        (sites.eleventy_site, "eleventy", "eleventy.config.js"),
        (sites.astro_site, "astro", "astro.config.mjs"),
        (sites.mkdocs_site, "mkdocs", "mkdocs.yml"),
        (sites.obsidian_vault, "obsidian", None),
        (sites.wordpress_export, "wordpress", None),
    ],
)
def test_each_kind_is_detected_from_its_root_and_from_below(
        tmp_path: Path, build, kind: str, config_name: str | None) -> None:  # type: ignore[no-untyped-def]
    build(tmp_path)
    site = detect_site(tmp_path)
    assert site.kind == kind
    assert (Path(site.config_file).name if site.config_file else None) == config_name
    deepest = max(tmp_path.rglob("*.md"), key=lambda p: len(p.parts))
    if kind != "wordpress":  # a WordPress export is known by its files, from its root
        assert detect_site(deepest).kind == kind
        assert detect_site(deepest.parent).root == str(tmp_path)


def test_plain_folder(tmp_path: Path) -> None:
    sites.put(tmp_path, {"notes/a.md": "---\ntitle: A\nstatus: draft\n---\n"})
    assert detect_site(tmp_path) == Site()
    assert load_config(tmp_path).site.kind == "plain"


def test_hugo_needs_a_content_folder_for_an_old_config_name(tmp_path: Path) -> None:
    sites.put(tmp_path, {"config.toml": "x = 1\n", "a.md": "# A\n"})
    assert detect_site(tmp_path).kind == "plain"
    (tmp_path / "content").mkdir()
    assert detect_site(tmp_path).kind == "hugo"


@pytest.mark.parametrize(
    ("name", "text", "category", "tag"),
    [
        ("hugo.toml", '[taxonomies]\ncategory = "sections"\ntag = "labels"\n', "sections", "labels"),
        ("hugo.toml", '[taxonomies]\ntag = "tags"\nseries = "series"\n', "series", "tags"),
        ("hugo.yaml", "indexes:\n  category: groups\n", "groups", "tags"),
        ("hugo.json", '{"Taxonomies": {"category": "kinds", "tag": "marks"}}', "kinds", "marks"),
        ("config/_default/hugo.toml", 'title = "x"\n', "categories", "tags"),
        ("config/_default/taxonomies.toml", 'category = "shelves"\n', "shelves", "tags"),
    ],
)
def test_hugo_taxonomies_name_the_fields(tmp_path: Path, name: str, text: str, category: str,
                                         tag: str) -> None:
    sites.put(tmp_path, {name: text})
    site = detect_site(tmp_path)
    assert site.kind == "hugo"
    assert (site.category_fields, site.tag_fields) == ((category,), (tag,))


def test_hugo_new_category_goes_to_the_configured_taxonomy(tmp_path: Path) -> None:
    from tui.core.edit.change import Edit
    from tui.core.edit.editor import folder_conventions, plan_edit

    sites.hugo_site(tmp_path, '[taxonomies]\ncategory = "sections"\n')
    config = load_config(tmp_path)
    conv = folder_conventions([], config)
    path = tmp_path / "content/posts/next-year.md"
    result = plan_edit(path, tmp_path, [Edit("add", value="almanac")], config, conv)
    assert result.new_bytes is not None and b"sections:\n  - almanac\n" in result.new_bytes


def test_jekyll_defaults_make_a_scope_unpublished(tmp_path: Path) -> None:
    sites.jekyll_site(tmp_path, "defaults:\n  - scope:\n      path: _posts\n"
                                "    values:\n      published: false\n")
    arts = corpus(tmp_path)
    assert arts["_posts/2022-12-24-whistle.md"].status == "draft"  # type: ignore[attr-defined]
    assert arts["_posts/2022-11-05-descaling.md"].status == "publish"  # type: ignore[attr-defined]


def test_a_broken_config_still_finds_the_site(tmp_path: Path) -> None:
    sites.put(tmp_path, {"hugo.toml": "this is = = not toml", "content/a.md": "# A\n"})
    assert detect_site(tmp_path).kind == "hugo"


def test_draftdeck_toml_overrides_the_site(tmp_path: Path) -> None:
    sites.hugo_site(tmp_path)
    sites.put(tmp_path, {"draftdeck.toml": '[fields]\nstatus = "state"\ncategories = "topics"\n'
                                           '[status]\nvalues = ["idea", "draft", "live"]\n'})
    sites.put(tmp_path, {"content/posts/x.md": "---\nstate: idea\ntopics: [a]\ndraft: true\n---\n"})
    a = corpus(tmp_path)["content/posts/x.md"]
    assert (a.status, a.categories) == ("idea", ("a",))  # type: ignore[attr-defined]


# -- reading as the generator reads ---------------------------------------------------------------

def test_hugo_reads_keys_in_any_case_and_schedules(tmp_path: Path) -> None:
    sites.hugo_site(tmp_path)
    arts = corpus(tmp_path)
    low = arts["content/posts/low-water.md"]
    assert low.title == "Low water at the pier" and low.has_title  # type: ignore[attr-defined]
    assert low.status == "draft" and low.status_source.key == "Draft"  # type: ignore[attr-defined]
    assert low.tags == ("tides", "pier")  # type: ignore[attr-defined]
    assert low.date == date(2023, 4, 2) and low.date_source == "Date"  # type: ignore[attr-defined]
    assert arts["content/posts/spring-tide.md"].status == "publish"  # type: ignore[attr-defined]
    assert arts["content/posts/next-year.md"].status == "future"  # type: ignore[attr-defined]
    assert arts["content/posts/old-notice.md"].status == "expired"  # type: ignore[attr-defined]
    assert "archetypes/default.md" not in arts  # a template Hugo does not publish
    assert check_article(low, load_config(tmp_path)) == []  # type: ignore[arg-type]


def test_folders_a_generator_does_not_read_are_not_listed(tmp_path: Path) -> None:
    """Templates, a generator's output and installed packages are not articles: Hugo's
    archetypes/ and public/, Jekyll's _site/, node_modules anywhere."""
    from tui.core.read.corpus import load_corpus

    hugo = tmp_path / "hugo"
    (hugo / "hugo.toml").parent.mkdir()
    (hugo / "hugo.toml").write_text('title = "t"\n')
    jekyll = tmp_path / "jekyll"
    jekyll.mkdir()
    (jekyll / "_config.yml").write_text("title: t\n")
    files = {hugo: ["content/posts/a.md", "archetypes/default.md", "public/index.md",
                    "themes/x/README.md", "node_modules/pkg/README.md"],
             jekyll: ["_posts/2024-01-02-a.md", "_site/a.md", "node_modules/p/README.md",
                      "docs/node_modules/q/README.md"]}
    for root, names in files.items():
        for name in names:
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text("---\ntitle: T\n---\nx\n")
        listed = {a.path for a in load_corpus(root, load_config(root))}
        assert listed == {names[0]}, root
        index = Index(root, load_config(root), db_path=root / "i.sqlite3")
        assert {a.path for a in index.load_all()} == {names[0]}


def test_hugo_draft_wins_over_a_future_date() -> None:
    config = Config(site=Site(kind="hugo", status_kind="draft", status_field="draft",
                              case_insensitive=True, content_dir="/s/content"))
    now = datetime(2024, 1, 1, tzinfo=UTC)
    meta = {"draft": True, "publishDate": date(2030, 1, 1)}
    assert read_status(meta, "/s/content/a.md", config, now)[0] == "draft"
    meta = {"draft": False, "publishdate": "2023-06-01", "ExpiryDate": "2023-12-31"}
    assert read_status(meta, "/s/content/a.md", config, now)[0] == "expired"
    assert read_status({}, "/s/content/a.md", config, now)[0] == "publish"
    assert read_status({}, "/s/README.md", config, now)[0] is None


_SPELLINGS = ("publishDate", "publishdate", "PublishDate", "PUBLISHDATE", "pubdate", "pubDate",
              "expiryDate", "expirydate", "ExpiryDate", "unpublishdate", "unpublishDate",
              "date", "title", "draft")


@given(st.lists(st.tuples(st.sampled_from(_SPELLINGS), st.integers(0, 9)), max_size=8))
def test_the_schedule_keys_read_in_one_pass_as_lookup_reads_each(pairs: list[tuple[str, int]]
                                                                 ) -> None:
    """Hugo's schedule keys, found in one pass over the front matter, are what `lookup` in any
    case finds for each: the exact spelling first, else the first key in another case."""
    meta: dict[str, object] = dict(pairs)
    found = _schedule_values(meta)
    for key in _SCHEDULE_KEYS:
        _, value = lookup(meta, key, True)
        assert (key in found) == any(k.casefold() == key.casefold() for k in meta)
        if key in found:
            assert found[key] == value


def test_hugo_publishes_on_the_date_when_no_publish_date_is_given() -> None:
    """Hugo's publishDate falls back to `date`: an article dated tomorrow is not out yet, and
    the cache knows when it will be (it was listed as published)."""
    from tui.core.site.conventions import status_turns_at

    config = Config(site=Site(kind="hugo", status_kind="draft", status_field="draft",
                              case_insensitive=True, content_dir="/s/content"))
    now = datetime(2024, 1, 1, tzinfo=UTC)
    assert read_status({"date": date(2024, 6, 1)}, "/s/content/a.md", config, now)[0] == "future"
    assert status_turns_at({"date": date(2024, 6, 1)}, config, now) == datetime(
        2024, 6, 1, tzinfo=UTC)
    assert read_status({"Date": "2023-06-01"}, "/s/content/a.md", config, now)[0] == "publish"
    meta = {"date": date(2024, 6, 1), "publishDate": date(2023, 1, 1)}  # publishDate first
    assert read_status(meta, "/s/content/a.md", config, now)[0] == "publish"
    assert read_status({"pubDate": "2030-01-01", "date": "2020-01-01"}, "/s/content/a.md",
                       config, now)[0] == "future"


def test_hugo_reads_dates_without_a_zone_in_the_sites_time_zone(tmp_path: Path) -> None:
    """Hugo's `timeZone`: a publishDate without a zone is in the site's zone (it was read as UTC,
    so an article came out an hour late in Oslo); an unknown zone leaves UTC."""
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo("Europe/Oslo")
    except Exception:  # no time zone data on this machine
        pytest.skip("no time zone data")
    (tmp_path / "hugo.toml").write_text('title = "t"\ntimezone = "Europe/Oslo"\n')
    site = detect_site(tmp_path)
    assert site.time_zone == "Europe/Oslo" and site.describe()["time_zone"] == "Europe/Oslo"
    config = Config(site=site)
    now = datetime(2026, 11, 26, 14, 30, tzinfo=UTC)  # 15:30 in Oslo
    where = str(tmp_path / "content" / "a.md")
    meta = {"publishDate": "2026-11-26T15:16:41"}  # Oslo: 14:16 UTC, come
    assert read_status(meta, where, config, now)[0] == "publish"
    meta = {"publishDate": "2026-11-26T15:46:41"}  # Oslo: 14:46 UTC, to come
    assert read_status(meta, where, config, now)[0] == "future"
    utc = Config(site=Site(**{**site.__dict__, "time_zone": "Nowhere/Else"}))
    assert read_status({"publishDate": "2026-11-26T15:16:41"}, where, utc, now)[0] == "future"


def test_jekyll_reads_published_folders_and_file_dates(tmp_path: Path) -> None:
    sites.jekyll_site(tmp_path)
    arts = corpus(tmp_path)
    post = arts["_posts/2022-11-05-descaling.md"]
    assert post.status == "publish" and post.status_source.kind == "published"  # type: ignore[attr-defined]
    assert post.categories == ("care", "tips")  # type: ignore[attr-defined]
    assert post.tags == ("kettle", "limescale")  # type: ignore[attr-defined]
    assert post.date == date(2022, 11, 5) and post.date_source == "filename"  # type: ignore[attr-defined]
    assert arts["_drafts/copper.md"].status == "draft"  # type: ignore[attr-defined]
    assert arts["about.md"].status is None  # type: ignore[attr-defined]


def test_grav_reads_published_taxonomy_and_its_date_formats(tmp_path: Path) -> None:
    sites.grav_site(tmp_path)
    arts = corpus(tmp_path)
    start = arts["user/pages/01.start/docs.md"]
    assert start.status == "publish" and start.categories == ("docs",)  # type: ignore[attr-defined]
    assert start.date == date(2017, 6, 17)  # type: ignore[attr-defined]
    wicks = arts["user/pages/01.start/02.wicks/docs.md"]
    assert wicks.status == "draft" and wicks.date == datetime(2020, 4, 14, 13, 34)  # type: ignore[attr-defined]
    assert arts["user/pages/02.oil/docs.md"].date == datetime(2020, 1, 1, 15, 14)  # type: ignore[attr-defined]


def test_other_kinds(tmp_path: Path) -> None:
    for build, rel, status, when in (
        (sites.eleventy_site, "posts/kite.md", "draft", None),
        (sites.astro_site, "src/content/docs/setup.md", "publish", date(2024, 2, 3)),
        (sites.mkdocs_site, "pages/blog/posts/moss.md", "draft", date(2024, 1, 31)),
        (sites.obsidian_vault, "Ideas/bread.md", "review", date(2024, 6, 1)),
        (sites.wordpress_export, "2021/harbour.md", "pending", datetime(2021, 3, 4, 10, 0)),
    ):
        root = tmp_path / build.__name__
        build(root)
        a = corpus(root)[rel]
        assert (a.status, a.date) == (status, when), build.__name__  # type: ignore[attr-defined]
    kite = corpus(tmp_path / "eleventy_site")["posts/kite.md"]
    assert kite.tags == ("wind",)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17-06-2017", date(2017, 6, 17)),
        ("11-07-2018", date(2018, 7, 11)),
        ("01/01/2020 3:14pm", datetime(2020, 1, 1, 15, 14)),
        ("01/01/2020 3:14 PM", datetime(2020, 1, 1, 15, 14)),
        ("13:34 04/14/2020", datetime(2020, 4, 14, 13, 34)),
        ("2024/03/02", date(2024, 3, 2)),
        ("Date the blog post was written", None),
    ],
)
def test_date_formats(text: str, expected: object) -> None:
    assert parse_date(text) == expected


def test_date_order_and_sources() -> None:
    c = Config()
    from tui.core.site.conventions import read_date

    assert read_date({"post_date": "2021-01-02"}, c)[2] == "post_date"
    assert read_date({"pubDate": "2021-01-02", "date": "nonsense"}, c)[2] == "pubDate"
    assert read_date({}, c, "/x/_posts/2020-02-29-leap.md") == (
        date(2020, 2, 29), "2020-02-29", "filename")
    assert read_date({}, c, "/x/notes/2020-02-29-leap.md")[0] is None  # not a Jekyll post
    assert date_from_file_name("2021-02-30-no.md") is None


def test_unknown_status_is_itself_and_filterable(tmp_path: Path) -> None:
    from tui.core.search.filters import Filter

    sites.obsidian_vault(tmp_path)
    arts = list(corpus(tmp_path).values())
    assert sorted(a.status for a in arts) == ["in-progress", "review"]  # type: ignore[attr-defined]
    chosen = Filter(statuses=frozenset({"review"})).apply(arts)  # type: ignore[arg-type]
    assert [a.path for a in chosen] == ["Ideas/bread.md"]


def test_declared_statuses_keep_their_order() -> None:
    config = Config(statuses=("idea", "draft", "live"), statuses_declared=True)
    assert config.status_order({"live", "zzz", "idea"}) == ["idea", "draft", "live", "zzz"]
    got = read_status({"status": "Live"}, "a.md", config)
    assert got[0] == "live" and got[3] == []


@pytest.mark.parametrize(
    ("raw", "spaces", "expected"),
    [
        ("computer, linux", False, ("computer", "linux")),
        ("computer, linux", True, ("computer", "linux")),
        ("care tips", True, ("care", "tips")),
        ("web dev", False, ("web dev",)),
        (" , ", True, ()),
    ],
)
def test_names_from_one_string(raw: str, spaces: bool, expected: tuple[str, ...]) -> None:
    assert split_names(raw, "tags", spaces) == expected


@given(st.lists(st.text(alphabet="abcdefgh xyz-", min_size=1, max_size=8).map(str.strip)
                .filter(lambda s: bool(s)), min_size=1, max_size=5, unique=True))
def test_comma_strings_round_trip(names: list[str]) -> None:
    assert split_names(", ".join(names), "tags", False) == tuple(names)


def test_hugo_one_string_is_one_term() -> None:
    config = Config(site=Site(kind="hugo", category_fields=("categories",),
                              tag_fields=("tags",), case_insensitive=True))
    assert read_categories({"Categories": "web dev"}, config)[:2] == (("web dev",), "Categories")
    assert read_tags({"tags": "a, b"}, config)[0] == ("a", "b")


def test_check_reports_a_title_once(tmp_path: Path) -> None:
    sites.jekyll_site(tmp_path)
    sites.put(tmp_path, {"_posts/2023-01-01-caps.md": "---\nTitle: Capitals\n---\n",
                         "_posts/2023-01-02-num.md": "---\ntitle: 1984\n---\n",
                         "_posts/2023-01-03-none.md": "---\nlayout: post\n---\n"})
    config = load_config(tmp_path)
    kinds = {}
    for name in ("caps", "num", "none"):
        path = next((tmp_path / "_posts").glob(f"*-{name}.md"))
        a = load_article(path, tmp_path, config)
        kinds[name] = [p["message"] for p in check_article(a, config) if p["kind"] == "title"]
    assert kinds["caps"] == ["the title is under 'Title'; jekyll reads 'title'"]
    assert kinds["num"] == ["the title is int, not text"]
    assert kinds["none"] == ["the article has no title in its front matter"]


def test_the_index_reads_folder_conventions_as_the_reader_does(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The index's workers are given each file's absolute path made from the folder's: from a
    relative folder too, `_drafts/` and Hugo's content folder are read as the reader reads them."""
    import tui.core.store.index as index_module

    monkeypatch.setattr(index_module, "PARALLEL_THRESHOLD", 1)
    monkeypatch.chdir(tmp_path)
    jekyll = Path("jekyll")
    (jekyll / "_drafts").mkdir(parents=True)
    (jekyll / "_posts").mkdir()
    (jekyll / "_config.yml").write_text("title: t\n")
    (jekyll / "_drafts" / "a.md").write_text("---\ntitle: A\n---\nx\n")
    (jekyll / "_posts" / "2024-01-02-b.md").write_text("---\ntitle: B\n---\nx\n")
    hugo = Path("hugo")
    (hugo / "content").mkdir(parents=True)
    (hugo / "hugo.toml").write_text('title = "t"\n')
    (hugo / "content" / "c.md").write_text("---\ntitle: C\n---\nx\n")
    (hugo / "README.md").write_text("---\ntitle: R\n---\nx\n")
    for root in (jekyll, hugo, hugo / "content" / "c.md"):
        config = load_config(root)
        read = {a.path: a.status for a in load_corpus(root, config)}
        index = Index(root, config, db_path=tmp_path / f"{root.name}.sqlite3", workers=2)
        assert {a.path: a.status for a in index.load_all()} == read, root
    assert read == {"c.md": "publish"}
