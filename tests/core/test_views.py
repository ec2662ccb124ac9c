"""The editorial views in the core: board grouping, schedule states (time injected), saved views."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.core.sites import hugo_site, put
from tui.core.model import Article, StatusSource
from tui.core.read.corpus import load_corpus
from tui.core.site.config import ConfigError, load_config, load_views
from tui.core.views.board import build_board, neighbour_status
from tui.core.views.saved import ViewError, parse_term, parse_views
from tui.core.views.schedule import Timing, build_schedule, read_timings, schedule_entry

NOW = datetime(2024, 6, 15, 12, 0, tzinfo=UTC)


def art(path: str, status: str | None, when: date | datetime | None = None, *,
        kind: str = "field", categories: tuple[str, ...] = (), tags: tuple[str, ...] = (),
        words: int = 100, title: str | None = None) -> Article:
    return Article(path=path, abspath="/x/" + path, title=title or path.removesuffix(".md"),
                   has_title=True, status=status, status_raw=status,
                   status_source=StatusSource(kind, "post_status"), categories=categories,
                   category_key="categories", tags=tags, date=when,
                   date_text=str(when) if when else None, words=words)


# -- board ----------------------------------------------------------------------------------------

def test_board_columns_follow_the_config_then_undeclared_then_none(tmp_path: Path) -> None:
    put(tmp_path, {"draftdeck.toml": '[status]\nvalues = ["idea", "draft", "review", "live"]\n'})
    config = load_config(tmp_path)
    articles = [art("a.md", "live", date(2024, 1, 2)), art("b.md", "draft"),
                art("c.md", "zombie"), art("d.md", None), art("e.md", "archived"),
                art("f.md", "live", date(2024, 3, 1)), art("g.md", "live")]
    board = build_board(articles, config)
    assert [c.status for c in board] == ["idea", "draft", "review", "live", "archived",
                                        "zombie", None]
    assert [c.count for c in board] == [0, 1, 0, 3, 1, 1, 1]
    # newest first, undated last
    assert [a.path for a in board[3].articles] == ["f.md", "a.md", "g.md"]
    assert board[0].to_json() == {"status": "idea", "count": 0, "articles": []}
    assert board[3].to_json()["articles"][0] == {
        "path": "f.md", "title": "f", "categories": [], "date": "2024-03-01"}


def test_board_without_declared_statuses_uses_the_sites(tmp_path: Path) -> None:
    hugo_site(tmp_path)
    config = load_config(tmp_path)
    board = build_board(load_corpus(tmp_path / "content", config), config)
    assert [c.status for c in board][:4] == ["draft", "publish", "future", "expired"]
    assert None not in [c.status for c in board]  # no column for "none" when none is met


def test_neighbour_status_skips_the_no_status_column() -> None:
    from tui.core.site.config import Config

    board = build_board([art("a.md", "draft"), art("n.md", None)], Config())
    assert neighbour_status(board, "draft", 1) == "pending"
    assert neighbour_status(board, "draft", -1) is None
    assert neighbour_status(board, "trash", 1) is None
    assert neighbour_status(board, None, -1) == "trash"
    assert neighbour_status(board, None, 1) is None


# -- schedule -------------------------------------------------------------------------------------

def test_schedule_states_at_an_injected_time() -> None:
    articles = [
        art("wp-future.md", "future", datetime(2024, 7, 1, 9, 0)),
        art("out.md", "publish", date(2024, 6, 1)),
        art("ahead.md", "publish", datetime(2024, 6, 20, 8, 0, tzinfo=UTC)),
        art("draft-ahead.md", "draft", date(2024, 6, 30)),
        art("pending.md", "pending", date(2024, 6, 10)),
        art("binned.md", "trash", date(2024, 6, 14)),
        art("undated.md", "publish"),
        art("plain.md", None, date(2024, 6, 16)),
        art("long-ago.md", "publish", date(2023, 1, 1)),
        art("far-ahead.md", "future", date(2025, 1, 1)),
    ]
    entries = build_schedule(articles, NOW)
    got = [(e.article.path, e.state, e.when.isoformat()[:10]) for e in entries]
    assert got == [
        ("out.md", "published", "2024-06-01"),
        ("pending.md", "draft", "2024-06-10"),
        ("plain.md", "scheduled", "2024-06-16"),
        ("ahead.md", "scheduled", "2024-06-20"),
        ("draft-ahead.md", "draft", "2024-06-30"),
        ("wp-future.md", "scheduled", "2024-07-01"),
    ]
    # the same articles a month later: what was ahead is out
    later = {e.article.path: e.state for e in build_schedule(articles, NOW + timedelta(days=30))}
    assert later["ahead.md"] == "published" and later["plain.md"] == "published"
    assert later["wp-future.md"] == "scheduled"  # a WordPress future post waits for WordPress


def test_schedule_window_is_bounded() -> None:
    articles = [art(f"d{n}.md", "publish", (NOW + timedelta(days=n)).date())
                for n in (-40, -29, 0, 5, 89, 91)]
    default = [e.article.path for e in build_schedule(articles, NOW)]
    assert default == ["d-29.md", "d0.md", "d5.md", "d89.md"]  # 30 days back, 90 ahead
    week = [e.article.path for e in build_schedule(articles, NOW, back=timedelta(days=7),
                                                    ahead=timedelta(days=7))]
    assert week == ["d0.md", "d5.md"]


def test_publish_and_expiry_dates_decide_at_the_injected_time() -> None:
    hugo_like = art("post.md", "publish", date(2024, 5, 1), kind="draft")
    timing = Timing(publish=datetime(2024, 6, 20, tzinfo=UTC))
    entry = schedule_entry(hugo_like, NOW, timing)
    assert entry is not None and entry.state == "scheduled" and entry.when == timing.publish
    entry = schedule_entry(hugo_like, NOW + timedelta(days=10), timing)
    assert entry is not None and entry.state == "published"
    gone = Timing(expiry=date(2024, 6, 14))
    entry = schedule_entry(hugo_like, NOW, gone)
    assert entry is not None and entry.state == "expired" and entry.when == date(2024, 6, 14)
    entry = schedule_entry(hugo_like, NOW - timedelta(days=2), gone)
    assert entry is not None and entry.state == "published"
    # a status the loader derived with the real clock is worked out again at the injected one
    derived = art("p.md", "future", date(2024, 5, 1), kind="draft")
    entry = schedule_entry(derived, NOW, Timing(publish=date(2024, 6, 1)))
    assert entry is not None and entry.state == "published"


def test_schedule_of_a_hugo_site_reads_publish_and_expiry_dates(tmp_path: Path) -> None:
    put(tmp_path, {
        "hugo.toml": 'title = "Harbour log"\n',
        "content/posts/ferry.md": ("---\ntitle: Ferry timetable\ndate: 2024-05-01\n"
                                   "publishDate: 2024-06-20T08:00:00Z\n---\nB.\n"),
        "content/posts/regatta.md": ("---\ntitle: Regatta results\ndate: 2024-06-02\n"
                                     "expiryDate: 2024-06-12\n---\nB.\n"),
        "content/posts/buoys.md": "---\ntitle: Buoys\ndate: 2024-06-10\n---\nB.\n",
        "content/posts/nets.md": "---\ntitle: Nets\ndate: 2024-06-11\ndraft: true\n---\nB.\n",
    })
    config = load_config(tmp_path)
    articles = load_corpus(tmp_path / "content", config)
    light = [dataclasses.replace(a, metadata={}) for a in articles]  # as the index gives them
    by_path = {a.path: a for a in articles}
    timings = read_timings(light, lambda p: by_path[p])
    states = {e.article.path: (e.state, e.when.isoformat()[:10])
              for e in build_schedule(light, NOW, timings=timings)}
    assert states == {
        "posts/ferry.md": ("scheduled", "2024-06-20"),
        "posts/regatta.md": ("expired", "2024-06-12"),
        "posts/buoys.md": ("published", "2024-06-10"),
        "posts/nets.md": ("draft", "2024-06-11"),
    }


def test_the_schedule_of_a_hugo_site_agrees_with_the_list(tmp_path: Path) -> None:
    """A publishDate gone by makes an article out whatever its `date` (it was scheduled on the
    date); an article the list calls future is scheduled, even with an expiryDate gone by (it
    was expired while the list and the board said future)."""
    put(tmp_path, {
        "hugo.toml": 'title = "Harbour log"\n',
        "content/posts/late.md": ("---\ntitle: Late\ndate: 2024-07-01\n"
                                  "publishDate: 2024-06-01\n---\nB.\n"),
        "content/posts/both.md": ("---\ntitle: Both\ndate: 2024-07-01\n"
                                  "expiryDate: 2024-06-01\n---\nB.\n"),
    })
    config = load_config(tmp_path)
    by_path = {a.path: a for a in load_corpus(tmp_path / "content", config)}
    both = by_path["posts/both.md"]
    by_path["posts/both.md"] = dataclasses.replace(both, status="future")  # as read at NOW
    timings = read_timings(list(by_path.values()), lambda p: by_path[p])
    states = {e.article.path: (e.state, e.when.isoformat()[:10])
              for e in build_schedule(by_path.values(), NOW, timings=timings)}
    assert states == {"posts/late.md": ("published", "2024-06-01"),
                      "posts/both.md": ("scheduled", "2024-07-01")}


def test_the_schedule_reads_times_without_a_zone_in_the_sites_time_zone(tmp_path: Path) -> None:
    """As the list does: Hugo's `timeZone` (the schedule read them as UTC, an hour off in Oslo)."""
    from zoneinfo import ZoneInfo

    from tui.core.site.conventions import site_zone

    try:
        ZoneInfo("Europe/Oslo")
    except Exception:  # no time zone data on this machine
        pytest.skip("no time zone data")
    put(tmp_path, {
        "hugo.toml": 'title = "Harbour log"\ntimeZone = "Europe/Oslo"\n',
        "content/posts/ferry.md": ("---\ntitle: Ferry\ndate: 2024-06-01\n"
                                   "publishDate: 2024-06-15T09:16:00\n---\nB.\n"),
    })
    config = load_config(tmp_path)
    articles = load_corpus(tmp_path / "content", config)
    timings = read_timings(articles, lambda p: articles[0])
    now = datetime(2024, 6, 15, 7, 30, tzinfo=UTC)  # 09:30 in Oslo
    [entry] = build_schedule(articles, now, timings=timings, zone=site_zone(config))
    assert entry.state == "published" and entry.at == datetime(2024, 6, 15, 7, 16, tzinfo=UTC)
    [entry] = build_schedule(articles, now, timings=timings)  # as UTC: 09:16 is to come
    assert entry.state == "scheduled"


# -- saved views ------------------------------------------------------------------------------------

def test_saved_views_parse_and_select(tmp_path: Path) -> None:
    put(tmp_path, {"draftdeck.toml": (
        '[views.short-linux]\nstatus = ["pending", "draft"]\ncategory = "Linux"\n'
        'tag = "howto"\nquery = "kernel"\nwhere = ["words < 800", "date >= 2024-03"]\n'
        'sort = "date"\n'
        '[views.undated]\nwhere = "date = none"\n')})
    views = load_views(tmp_path)
    assert list(views) == ["short-linux", "undated"]
    view = views["short-linux"]
    assert view.sort == "date" and view.statuses == ("pending", "draft")
    articles = [
        art("kernel-a.md", "draft", date(2024, 3, 5), categories=("linux",), tags=("HowTo",)),
        art("kernel-long.md", "draft", date(2024, 3, 5), categories=("Linux",),
            tags=("howto",), words=900),
        art("kernel-old.md", "pending", date(2024, 2, 28), categories=("Linux",),
            tags=("howto",)),
        art("kernel-notag.md", "draft", date(2024, 4, 1), categories=("Linux",)),
        art("kernel-live.md", "publish", date(2024, 4, 1), categories=("Linux",),
            tags=("howto",)),
        art("other.md", "draft"),
    ]
    assert [a.path for a in view.apply(articles, frozenset(view.statuses))] == ["kernel-a.md"]
    undated = views["undated"]
    assert [a.path for a in undated.apply(articles, frozenset())] == ["other.md"]


@pytest.mark.parametrize(("toml", "message"), [
    ('[views.x]\nwhere = ["author = ann"]\n', "unknown field 'author'"),
    ('[views.x]\nwhere = ["words <"]\n', "words compare with a number"),
    ('[views.x]\nwhere = ["just words"]\n', "is not FIELD OP VALUE"),
    ('[views.x]\ncolour = "red"\n', "unknown key 'colour'"),
    ('[views.x]\nsort = "size"\n', "'sort' must be one of"),
    ('[views.x]\nstatus = 3\n', "'status' must be a text value"),
    ('views = 3\n', "[views] must be a table"),
])
def test_bad_views_are_refused_with_their_name(tmp_path: Path, toml: str, message: str) -> None:
    put(tmp_path, {"draftdeck.toml": toml})
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_views(tmp_path)


def test_where_terms() -> None:
    a = art("notes/tide.md", "draft", date(2024, 5, 9), categories=("Sea", "Moon"), words=420,
            title="Tide tables")
    for text, expected in [
        ("title ~ TIDE", True), ("title = tide tables", True), ("title != tide tables", False),
        ("category = moon", True), ("categories != moon", False), ("tag = none", True),
        ("date = 2024-05", True), ("date < 2024-05-10", True), ("date > 2024-05", False),
        ("date >= 2024-05", True), ("words >= 420", True), ("words > 420", False),
        ("path ~ notes/", True), ("status = draft", True), ("status != draft", False),
        ("error = none", True), ("date != none", True),
    ]:
        assert parse_term(text).matches(a) is expected, text
    with pytest.raises(ViewError):
        parse_views({"x": {"where": ["size > 3"]}})
