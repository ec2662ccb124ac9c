"""The index and its cache: same values as the reader, invalidated by every kind of change."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.read.corpus import load_corpus
from tui.core.search.fulltext import parse_query
from tui.core.store.index import Index

SAMPLE = Path(__file__).resolve().parents[2] / "sample_content"


def fts_query(text: str) -> str:
    return parse_query(text).expression()


def _summaries(articles) -> dict:  # type: ignore[no-untyped-def]
    return {a.path: a.summary() for a in articles}


def test_index_gives_the_same_values_as_the_reader(tmp_path: Path) -> None:
    index = Index(SAMPLE, db_path=tmp_path / "i.db")
    cold = _summaries(index.load_all())
    warm = _summaries(index.load_all())
    assert cold == _summaries(load_corpus(SAMPLE)) == warm


def test_a_cached_article_is_the_article_read(tmp_path: Path) -> None:
    """Every field the index keeps (all but the front matter and the body) comes back from the
    cache as the reader makes it, field for field."""
    read = {a.path: a for a in load_corpus(SAMPLE)}
    index = Index(SAMPLE, db_path=tmp_path / "i.db")
    index.load_all()
    warm = {a.path: a for a in index.load_all()}
    assert warm == read
    assert len({a.status_source for a in warm.values()}) > 1  # the fields differ between files


def test_parallel_parse_matches(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import tui.core.store.index as index_module

    monkeypatch.setattr(index_module, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(index_module, "BATCH", 7)
    index = Index(SAMPLE, db_path=tmp_path / "i.db", workers=2)
    assert _summaries(index.load_all()) == _summaries(load_corpus(SAMPLE))


def _folder(tmp_path: Path) -> Path:
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.md").write_text("---\ntitle: A\npost_status: draft\n---\nalpha words\n")
    (root / "b.md").write_text("---\ntitle: B\npost_status: publish\n---\nbeta words\n")
    return root


def test_invalidation_on_edit_delete_rename(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    index = Index(root, db_path=tmp_path / "i.db")
    assert {a.path: a.status for a in index.load_all()} == {"a.md": "draft", "b.md": "publish"}
    (root / "a.md").write_text("---\ntitle: A\npost_status: pending\n---\nalpha words\n")
    (root / "b.md").rename(root / "c.md")
    assert {a.path: a.status for a in index.load_all()} == {"a.md": "pending", "c.md": "publish"}
    (root / "c.md").unlink()
    assert [a.path for a in index.load_all()] == ["a.md"]


def test_same_size_and_mtime_set_back_is_still_seen(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    index = Index(root, db_path=tmp_path / "i.db")
    index.load_all()
    path = root / "a.md"
    st = path.stat()
    time.sleep(0.01)
    # Same length, same mtime (as a tool restoring timestamps would leave it): ctime changes.
    path.write_text(path.read_text().replace("draft", "trash"))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns
    assert {a.path: a.status for a in index.load_all()}["a.md"] == "trash"


def test_clock_skew_future_and_past_mtimes(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    index = Index(root, db_path=tmp_path / "i.db")
    index.load_all()
    path = root / "a.md"
    path.write_text("---\ntitle: A\npost_status: private\n---\nalpha words\n")
    future = time.time_ns() + 10**18
    os.utime(path, ns=(future, future))
    assert {a.path: a.status for a in index.load_all()}["a.md"] == "private"
    path.write_text("---\ntitle: A\npost_status: future\n---\nalpha words\n")
    os.utime(path, ns=(0, 0))
    assert {a.path: a.status for a in index.load_all()}["a.md"] == "future"


def test_update_after_edit_and_removal(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    index = Index(root, db_path=tmp_path / "i.db")
    index.load_all()
    (root / "a.md").write_text("---\ntitle: A2\n---\n")
    assert [a.title for a in index.update([root / "a.md"])] == ["A2"]
    (root / "a.md").unlink()
    assert index.update([root / "a.md"]) == []
    assert [a.path for a in index.load_all()] == ["b.md"]


def test_config_change_invalidates(tmp_path: Path) -> None:
    from tui.core.site.config import Config

    root = _folder(tmp_path)
    db = tmp_path / "i.db"
    assert Index(root, db_path=db).load_all()[0].status is not None
    cfg = Config(status_key="state")
    assert all(a.status is None for a in Index(root, cfg, db_path=db).load_all())


def test_full_text_search_ranks_and_follows_changes(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    (root / "c.md").write_text("---\ntitle: Gamma words\n---\nnothing here\n")
    index = Index(root, db_path=tmp_path / "i.db")
    index.load_all()
    index.refresh_fts()
    hits = index.search("words")
    assert hits[0].path == "c.md"  # a title match outranks body matches
    assert {h.path for h in hits} == {"a.md", "b.md", "c.md"}
    assert [h.path for h in index.search("alph")] == ["a.md"]  # prefix on the last word
    (root / "a.md").write_text("---\ntitle: A\n---\nsomething else entirely\n")
    index.load_all()
    index.refresh_fts()
    assert index.search("alpha") == []
    assert [h.path for h in index.search("entirely")] == ["a.md"]
    (root / "a.md").unlink()
    index.load_all()
    index.refresh_fts()
    assert index.search("entirely") == []


def test_a_search_is_cancelled_and_nothing_else(tmp_path: Path) -> None:
    from tui.core.store.index import SearchCancelled

    root = _folder(tmp_path)
    index = Index(root, db_path=tmp_path / "i.db")
    index.load_all()

    def cancel() -> int:  # runs on the connection every few steps of whatever it runs
        index.cancel_search()
        return 0

    index.db.set_progress_handler(cancel, 5)
    assert index.refresh_fts() == 2  # not a search: carried out whole
    with pytest.raises(SearchCancelled):
        index.search("words")
    index.db.set_progress_handler(None, 5)
    assert {h.path for h in index.search("words")} == {"a.md", "b.md"}


def test_title_and_front_matter_matches_come_before_text_matches(tmp_path: Path) -> None:
    root = tmp_path / "site"
    root.mkdir()
    (root / "body.md").write_text("---\ntitle: One\n---\n" + "lantern " * 40 + "\n")
    (root / "tag.md").write_text("---\ntitle: Two\ntags: [lantern]\n---\n" + "filler " * 300)
    (root / "title.md").write_text("---\ntitle: The lantern\n---\nnothing\n")
    for i in range(20):
        (root / f"other{i}.md").write_text(f"---\ntitle: Other {i}\n---\nnothing\n")
    index = Index(root, db_path=tmp_path / "i.db")
    index.refresh()
    index.refresh_fts()
    assert [h.path for h in index.search("lantern")] == ["title.md", "tag.md", "body.md"]
    assert [h.path for h in index.search("lantern", limit=2)] == ["title.md", "tag.md"]
    assert [h.path for h in index.search("lantern nothing")] == ["title.md"]


def test_fts_query_is_safe() -> None:
    assert fts_query('"; DROP TABLE x; --') == '"DROP" AND "TABLE" AND "x"'
    assert fts_query("  ") == "" and fts_query("+++ ---") == ""
    assert fts_query("harbour li") == '"harbour" AND "li"*'  # the last word: being typed


def test_a_typed_term_is_a_phrase_of_its_words() -> None:
    assert fts_query("e-commerce") == '"e commerce"*'
    assert fts_query("don't stop") == '"don t" AND "stop"*'
    assert fts_query("snake_case") == '"snake case"*'
    assert fts_query("C++") == '"C"'  # ended: no prefix (c* would find café and cup)
    assert fts_query("OR NOT NEAR title:x") == '"OR" AND "NOT" AND "NEAR" AND "title x"'
    assert fts_query("it's") == '"it s"'  # one letter after an apostrophe: a word, not a start
    assert fts_query("harbour l") == '"harbour" AND "l"*'  # a word being typed


def test_words_together_and_values_not_keys(tmp_path: Path) -> None:
    root = tmp_path / "site"
    root.mkdir()
    (root / "shop.md").write_text("---\ntitle: Shop\n---\nAn e-commerce site.\n")
    (root / "eg.md").write_text("---\ntitle: Notes\n---\nFor e.g. the commerce desk.\n")
    (root / "cafe.md").write_text("---\ntitle: Cup\n---\nA cup at the cafe.\n")
    (root / "cpp.md").write_text("---\ntitle: Code\n---\nWritten in C++ mostly.\n")
    (root / "menu.md").write_text("---\ntitle: Docs\nmenu:\n  main: Start\n---\nHello.\n")
    (root / "says.md").write_text("---\ntitle: Food\n---\nThe menu of the day.\n")
    index = Index(root, db_path=tmp_path / "i.db")
    index.refresh()
    index.refresh_fts()
    assert [h.path for h in index.search("e-commerce")] == ["shop.md"]
    assert [h.path for h in index.search("C++")] == ["cpp.md"]
    assert [h.path for h in index.search("menu")] == ["says.md"]  # not the page with a menu key
    assert [h.path for h in index.search("start")] == ["menu.md"]  # its values still count


def test_snippets_read_as_plain_text_and_mark_what_matched() -> None:
    from tui.core.search.fulltext import SNIPPET_CLOSE as C
    from tui.core.search.fulltext import SNIPPET_OPEN as O
    from tui.core.search.fulltext import make_snippet

    assert make_snippet("We met at 10. Then 2024 came", ["met"]) == \
        f"We {O}met{C} at 10. Then 2024 came"
    assert make_snippet("one - two # three", ["two"]) == f"one - {O}two{C} # three"
    assert make_snippet("## Harbour lights\n\n- see [the map](http://x.y/harbour) and "
                        "![a harbour view](/img/h.jpg) <b>now</b>", ["harbour"]) == \
        f"{O}Harbour{C} lights see the map and a {O}harbour{C} view now"
    assert make_snippet("A cup at the cafe.", ["café"]) == f"A cup at the {O}cafe{C}."
    assert make_snippet("“Glass Harbour” closes the album.", ["glass"]) == \
        f"“{O}Glass{C} Harbour” closes the album."
    assert make_snippet("C++ and c", ["C"], prefix=False) == f"{O}C{C}++ and {O}c{C}"
    assert make_snippet("Rain and [ONNX\nRuntime](https://x.y/onnx) <a\nhref='z'>here</a> "
                        "{{ page.image }} *x86_64* ~~old~~", ["onnx"]) == \
        f"Rain and {O}ONNX{C} Runtime here x86_64 old"
    assert make_snippet('[ui-tabs] [ui-tab title="Twig"] Twig [filters](/f) and [two words] '
                        "[gallery] [a ref][1] [/ui-tab]", ["twig"]) == \
        f"{O}Twig{C} filters and [two words] [a ref][1]"
    assert make_snippet("The fields don’t care, the town does.", ["don", "t"], prefix=False) \
        == f"The fields {O}don{C}’{O}t{C} care, the town does."
    # Two words: the place where both are near, not the first of either.
    text = "storm " + "filler " * 60 + "storm glass together " + "filler " * 60
    assert f"{O}storm{C} {O}glass{C}" in make_snippet(text, ["storm", "glass"])


def test_parse_falls_back_to_one_process(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from concurrent.futures.process import BrokenProcessPool

    import tui.core.store.index as index_module

    class Broken:
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise BrokenProcessPool("no processes here")

    monkeypatch.setattr(index_module, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor", Broken)  # imported when used
    index = Index(SAMPLE, db_path=tmp_path / "i.db", workers=2)
    assert _summaries(index.load_all()) == _summaries(load_corpus(SAMPLE))


def test_refresh_decodes_no_valid_row_and_cached_selects_statuses(
        tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import tui.core.store.index as index_module

    root = _folder(tmp_path)
    (root / "c.md").write_text("---\ntitle: C\n---\nno status\n")
    index = Index(root, db_path=tmp_path / "i.db")
    index.refresh()
    decoded: list[str] = []
    real = index_module._decode

    def counting(rel: str, abspath: str, text: str):  # type: ignore[no-untyped-def]
        decoded.append(rel)
        return real(rel, abspath, text)

    monkeypatch.setattr(index_module, "_decode", counting)
    index.refresh()  # warm: the stamps say every row is valid
    assert decoded == []
    assert [a.path for a in index.cached(statuses={"draft"})] == ["a.md"]
    assert decoded == ["a.md"]
    assert sorted(a.path for a in index.cached(statuses={"none", "publish"})) == ["b.md", "c.md"]
    assert index.cached(statuses=set()) == []
    (root / "a.md").write_text("---\ntitle: A\npost_status: publish\n---\nalpha\n")
    index.refresh()
    assert sorted(a.path for a in index.cached(statuses={"publish"})) == ["a.md", "b.md"]
    (root / "b.md").unlink()
    index.refresh()
    assert [a.path for a in index.cached(statuses={"publish"})] == ["a.md"]


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("keep_rows", [False, True])
def test_an_empty_cache_stamps_each_file_as_it_is_read(
        tmp_path: Path, monkeypatch, workers: int, keep_rows: bool) -> None:  # type: ignore[no-untyped-def]
    """A first reading takes no stat of its own (each file's stamp comes with its bytes), and
    the stamps it keeps are the files' own: the next reading parses nothing, and a file changed
    afterwards is read again. A link to a file is listed, a FIFO and a broken link are not."""
    import tui.core.store.index as index_module

    monkeypatch.setattr(index_module, "PARALLEL_THRESHOLD", 2)
    monkeypatch.setattr(index_module, "BATCH", 3)
    root = tmp_path / "c"
    root.mkdir()
    for i in range(7):
        (root / f"{i}.md").write_text(f"---\ntitle: T{i}\n---\nwords {i}\n")
    (root / "link.md").symlink_to(root / "0.md")
    (root / "broken.md").symlink_to(root / "none.md")
    os.mkfifo(root / "fifo.md")
    _settle()
    stats: list[str] = []
    index = Index(root, db_path=tmp_path / "i.db", workers=workers)
    with monkeypatch.context() as m:
        m.setattr(index_module, "walk", _counting_walk(stats))
        if keep_rows:
            listed = sorted(a.path for a in index.load_all())
        else:
            index.refresh()
            listed = sorted(a.path for a in index.cached())
    assert listed == [*(f"{i}.md" for i in range(7)), "link.md"]
    assert stats == []
    parsed = _count_parses(monkeypatch)
    index.refresh()
    assert parsed == []
    (root / "3.md").write_text("---\ntitle: Three\n---\nchanged\n")
    index.refresh()
    assert parsed == ["3.md"]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_file_dated_beyond_what_sqlite_holds_is_listed_and_kept(
        tmp_path: Path, monkeypatch, workers: int) -> None:  # type: ignore[no-untyped-def]
    """A modification time in 2400 (or before 1677) is more nanoseconds than SQLite's 64-bit
    integers hold: the stamp is wrapped, the file listed, and a warm reading does not read it
    again (it printed a traceback before)."""
    import tui.core.store.index as index_module
    from tui.core.read.files import Stamp, walk

    monkeypatch.setattr(index_module, "PARALLEL_THRESHOLD", 2)
    root = tmp_path / "c"
    root.mkdir()
    late = 430 * 365 * 86400 * 10**9  # about 2400
    for name in ("a.md", "b.md", "c.md"):
        (root / name).write_text("---\ntitle: Far\n---\nwords\n")
    os.utime(root / "a.md", ns=(late, late))
    _settle()
    index = Index(root, db_path=tmp_path / "i.db", workers=workers)
    assert sorted(a.path for a in index.load_all()) == ["a.md", "b.md", "c.md"]
    index.refresh()
    assert sorted(a.path for a in index.cached()) == ["a.md", "b.md", "c.md"]
    stamp = next(st for rel, _, st in walk(root) if rel == "a.md")
    assert stamp == Stamp.of(os.stat(root / "a.md")).storable()
    assert stamp.mtime_ns == late - 2**64
    assert Stamp.of(os.stat(root / "a.md")).mtime_ns == late  # what an Article holds
    assert {a.path: a.mtime_ns for a in index.cached()}["a.md"] == late  # sorts by it
    parsed = _count_parses(monkeypatch)
    index.refresh()
    assert parsed == []
    assert Stamp.of(os.stat(root / "a.md")) != Stamp.of(os.stat(root / "b.md"))


def test_a_stamp_is_wrapped_into_64_bits_and_still_tells_values_apart() -> None:
    from tui.core.read.files import Stamp, _wrapped

    big = Stamp(1, 2**63 + 5, -(2**63) - 1, 2**64 - 1)
    assert _wrapped(big) == (1, -(2**63) + 5, 2**63 - 1, -1)
    assert _wrapped(Stamp(1, 2, 3, 4)) == (1, 2, 3, 4)
    assert _wrapped(big) != _wrapped(big._replace(inode=2**64 - 2))


def test_a_warm_start_reads_every_stamp_from_one_packed_row(
        tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The stamps are kept packed in one row: made by a first reading, gone with any change to
    the rows (in the same transaction), made again by the next refresh that finds nothing
    changed. Whatever that row holds, a changed file is read again and a gone one dropped."""
    import tui.core.store.index as index_module

    monkeypatch.setattr(index_module, "PARALLEL_THRESHOLD", 2)
    root = tmp_path / "c"
    root.mkdir()
    for i in range(5):
        (root / f"{i}.md").write_text(f"---\ntitle: T{i}\n---\nwords\n")
    _settle()
    index = Index(root, db_path=tmp_path / "i.db")
    index.refresh()

    def packed() -> bool:
        return index.db.execute("SELECT count(*) FROM files_stamps").fetchone()[0] == 1

    assert packed() and index._read_stamps()[1]
    (root / "2.md").write_text("---\ntitle: Two\n---\nchanged\n")
    _settle()
    index.refresh()
    assert not packed()  # the row changed: the packed stamps went with it
    assert {a.path: a.title for a in index.cached()}["2.md"] == "Two"
    index.refresh()  # nothing changed: packed again
    assert packed()
    read, was_packed = index._read_stamps()
    stamps = {path: stamp for path, stamp in read.items() if stamp is not None}
    assert was_packed and stamps == {p: (a, b, c, d) for p, a, b, c, d in index.db.execute(
        "SELECT path, size, mtime_ns, ctime_ns, inode FROM files")}

    # A packed row that lies (an old stamp, a path that is not there, one missing) or is not
    # one at all: the files are compared with what it says, and read again where it differs.
    wrong = {**stamps, "3.md": (0, 0, 0, 0), "ghost.md": (1, 1, 1, 1)}
    del wrong["4.md"]
    (root / "0.md").unlink()
    for paths, data in [index_module._pack_stamps(wrong.items()), ("x\0y", b"\x01" * 40),
                        (7, b"junk"), ("", b"")]:
        index.db.execute("INSERT OR REPLACE INTO files_stamps VALUES (0, ?, ?)", (paths, data))
        index.db.commit()
        index.refresh()
        assert sorted(a.path for a in index.cached()) == ["1.md", "2.md", "3.md", "4.md"]
    assert {a.path: a.title for a in index.cached()}["2.md"] == "Two"
    (root / "4.md").write_text("---\ntitle: Four\n---\nchanged\n")
    _settle()
    index.db.execute("INSERT OR REPLACE INTO files_stamps VALUES (0, ?, ?)",
                     index_module._pack_stamps(stamps.items()))  # 4.md's stamp before the change
    index.db.commit()
    index.refresh()
    assert {a.path: a.title for a in index.cached()}["4.md"] == "Four"

    # Rows deleted, or the table dropped and made again, behind the cache's back.
    index.refresh()
    assert packed()
    index.db.execute("DELETE FROM files WHERE path = '1.md'")
    index.db.commit()
    index.refresh()
    assert "1.md" in {a.path for a in index.cached()}
    index.refresh()
    index.db.executescript("DROP TABLE files;" + index_module._SCHEMA)
    assert packed()
    index.refresh()
    assert sorted(a.path for a in index.cached()) == ["1.md", "2.md", "3.md", "4.md"]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_file_name_that_is_not_utf8_is_listed_cached_and_searched(
        tmp_path: Path, monkeypatch, workers: int) -> None:  # type: ignore[no-untyped-def]
    """A name whose bytes are not UTF-8 (Python holds them as surrogates, which SQLite's text
    cannot take; the listing stopped with a traceback) is kept under a stored form and listed,
    cached, searched and read again as any other, in a folder whose own name is not UTF-8."""
    import tui.core.store.index as index_module
    from tui.core.read.corpus import load_corpus

    monkeypatch.setattr(index_module, "PARALLEL_THRESHOLD", 2)
    root = Path(os.fsdecode(os.fsencode(tmp_path) + b"/d\xff"))
    root.mkdir()
    odd = os.fsdecode(b"caf\xe9.md")
    (root / odd).write_text("---\npost_status: draft\n---\nlantern words\n")
    (root / "sub").mkdir()
    (root / "sub" / odd).write_text("---\ntitle: Sub\n---\nlantern\n")
    (root / "ok.md").write_text("---\ntitle: Ok\n---\nwords\n")
    _settle()
    truth = {a.path: a for a in load_corpus(root)}
    assert odd in truth and truth[odd].title == odd[:-3]  # the title from the name
    index = Index(root, db_path=tmp_path / "i.db", workers=workers)
    assert {a.path: a for a in index.load_all()} == truth
    index.refresh()
    assert {a.path: a for a in index.cached()} == truth
    assert sorted(p for p, _ in index.list_rows() or []) == sorted(truth)
    assert index.seen == set(truth)
    index.refresh_fts()
    assert sorted(h.path for h in index.search("lantern")) == sorted([odd, f"sub/{odd}"])
    parsed = _count_parses(monkeypatch)
    index.refresh()
    assert parsed == []  # a warm start reads none of them again
    (root / odd).write_text("---\ntitle: Changed\n---\nwords\n")
    index.refresh()
    assert parsed == [odd] and {a.path: a.title for a in index.cached()}[odd] == "Changed"
    index.remove([odd])
    assert odd not in {a.path for a in index.cached()}


def test_ranking_after_many_edits_is_that_of_a_fresh_index(tmp_path: Path) -> None:
    """Text left over by edited files counts in the ranking until the table is started again:
    one file edited thirty times (and back to its first bytes) must not turn the order of the
    hits around; the scores are those of a fresh index (they drifted, and the order flipped)."""
    root = tmp_path / "c"
    root.mkdir()
    for i in range(30):
        (root / f"n{i}.md").write_text(f"---\ntitle: Note {i}\n---\nfiller text {i}\n")
    (root / "x.md").write_text("---\ntitle: X\n---\nalpha alpha alpha alpha alpha beta\n")
    (root / "y.md").write_text("---\ntitle: Y\n---\nbeta beta alpha\n")
    first = "---\ntitle: Z\n---\nalpha\n"
    index = Index(root, db_path=tmp_path / "i.db", workers=1)
    for i in range(30):
        (root / "z.md").write_text(first if i % 2 else "---\ntitle: Z\npost_status: draft\n---\nalpha\n")
        index.refresh()
        index.refresh_fts()
        index.search("zzz")
    fresh = Index(root, db_path=tmp_path / "fresh.db", workers=1)
    fresh.refresh()
    fresh.refresh_fts()
    ranked = [(h.path, round(h.score, 6)) for h in index.search("alpha beta")]
    assert ranked == [(h.path, round(h.score, 6)) for h in fresh.search("alpha beta")]


def test_a_file_read_again_has_its_text_indexed_again_even_with_the_same_stamp(
        tmp_path: Path) -> None:
    """On a file system that keeps whole seconds, a same-size change within the second keeps
    the stamp; the row is read again (too recent to trust), and its text must be indexed again
    too (search kept the old words while `list` showed the new ones)."""
    root = _folder(tmp_path)
    index = Index(root, db_path=tmp_path / "i.db", workers=1)
    index.refresh()
    index.refresh_fts()
    assert not index.fts_pending()
    index.update([root / "a.md"])  # read again, the same stamp
    assert index.fts_pending()
    index.refresh_fts()
    assert not index.fts_pending()
    assert [h.path for h in index.search("alpha")] == ["a.md"]


def _count_parses(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """The paths the index parses from now on, in order."""
    import tui.core.store.index as index_module

    parsed: list[str] = []
    real = index_module._parse_many

    def counting(job):  # type: ignore[no-untyped-def]
        parsed.extend(rel for rel, _ in job[1])
        return real(job)

    monkeypatch.setattr(index_module, "_parse_many", counting)
    return parsed


def _settle() -> None:
    """Let the files just written age past the window in which a reading counts them as
    changed too recently to trust (see test_a_file_changed_during_its_reading_is_read_again)."""
    time.sleep(0.06)


def test_a_file_changed_during_its_reading_is_read_again(
        tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A file changed so close to a reading that a change right after it could keep the same
    stamp (within the kernel's clock tick; within the second on a file system that keeps whole
    seconds, where a same-size edit was never seen) is read again by the next reading, as git
    does; once older than that, it is trusted."""
    import tui.core.store.index as index_module
    from tui.core.read.files import Stamp

    second = 1_700_000_000 * 10**9
    assert index_module._racy(Stamp(1, 0, second, 1), second + 1_900_000_000)  # coarse: 2 s
    assert not index_module._racy(Stamp(1, 0, second, 1), second + 2_100_000_000)
    assert index_module._racy(Stamp(1, 0, second + 5, 1), second + 40_000_000)  # fine: 50 ms
    assert not index_module._racy(Stamp(1, 0, second + 5, 1), second + 100_000_000)
    root = tmp_path / "c"
    root.mkdir()
    (root / "old.md").write_text("---\ntitle: Old\n---\nwords\n")
    _settle()
    (root / "new.md").write_text("---\ntitle: New\n---\nwords\n")
    index = Index(root, db_path=tmp_path / "i.db", workers=1)
    index.refresh()
    parsed = _count_parses(monkeypatch)
    _settle()
    index.refresh()
    assert parsed == ["new.md"]  # read too soon after its change the first time
    index.refresh()
    assert parsed == ["new.md"]  # trusted now


def _counting_walk(stats: list[str]):  # type: ignore[no-untyped-def]
    """`walk` that notes each file it stat'ed."""
    from tui.core.read.files import walk

    def walk_noting(root: Path, skip=(), stamped=True):  # type: ignore[no-untyped-def]
        for rel, path, stamp in walk(root, skip, stamped):
            if stamp is not None:
                stats.append(rel)
            yield rel, path, stamp

    return walk_noting


def test_full_text_keeps_no_copy_of_the_text_and_snippets_come_from_the_file(
        tmp_path: Path) -> None:
    from tui.core.search.fulltext import SNIPPET_CLOSE, SNIPPET_OPEN

    root = _folder(tmp_path)
    (root / "c.md").write_text("---\ntitle: Gamma\n---\n" + "filler " * 30
                               + "the **Café** terrace opens early " + "filler " * 30 + "\n")
    index = Index(root, db_path=tmp_path / "i.db")
    index.refresh()
    index.refresh_fts()
    assert index.db.execute("SELECT count(*) FROM fts WHERE body IS NOT NULL").fetchone() == (0,)
    [hit] = index.search("cafe terr")
    assert hit.path == "c.md" and hit.title == "Gamma"
    assert f"{SNIPPET_OPEN}Café{SNIPPET_CLOSE} {SNIPPET_OPEN}terrace{SNIPPET_CLOSE}" in hit.snippet
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…") and "**" not in hit.snippet
    [hit] = index.search("gamma")  # a title match: the title is the snippet, marked
    assert hit.snippet == f"{SNIPPET_OPEN}Gamma{SNIPPET_CLOSE}"


def test_make_snippet_windows() -> None:
    from tui.core.search.fulltext import SNIPPET_CLOSE as C
    from tui.core.search.fulltext import SNIPPET_OPEN as O
    from tui.core.search.fulltext import make_snippet

    assert make_snippet("one two three", ["two"]) == f"one {O}two{C} three"
    assert make_snippet("one two three", ["tw"]) == f"one {O}two{C} three"  # the last: a prefix
    # earlier words whole only
    assert make_snippet("one two three", ["tw", "thre"]) == f"one two {O}three{C}"
    assert make_snippet("", ["x"]) == "" and make_snippet("text", []) == ""
    words = " ".join(f"w{i}" for i in range(40))
    snippet = make_snippet(words, ["w20"], size=6)
    assert snippet == f"…w17 w18 w19 {O}w20{C} w21 w22…"
    assert make_snippet(words, ["w39"], size=4) == f"…w36 w37 w38 {O}w39{C}"


def test_changed_files_leave_rows_that_searches_skip_until_the_table_is_rebuilt(
        tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import tui.core.store.index as index_module

    monkeypatch.setattr(index_module, "REINDEX_AT_ONCE", 0)  # as in a large folder:
    monkeypatch.setattr(index_module, "GARBAGE_SHARE", 1)  # rebuilt when they pass the files
    root = tmp_path / "c"
    root.mkdir()
    for i in range(4):
        (root / f"{i}.md").write_text(f"---\ntitle: T{i}\n---\nalpha number{i}\n")
    index = Index(root, db_path=tmp_path / "i.db")
    index.refresh()
    index.refresh_fts()
    for round_ in range(3):
        for i in range(4):
            (root / f"{i}.md").write_text(f"---\ntitle: T{i}\n---\nbeta{round_} number{i}\n")
        index.refresh()
        assert index.fts_pending()
        index.refresh_fts()
        assert not index.fts_pending()
        assert index.search("alpha") == []
        assert sorted(h.path for h in index.search(f"beta{round_}")) == [
            f"{i}.md" for i in range(4)]
    rows = index.db.execute("SELECT count(*) FROM fts_docsize").fetchone()[0]
    assert rows < 12  # rebuilt on the way: not every old row is kept
    (root / "0.md").unlink()
    index.refresh()
    index.refresh_fts()
    assert sorted(h.path for h in index.search("number")) == ["1.md", "2.md", "3.md"]


def test_first_page_is_the_head_of_the_lists_date_order(tmp_path: Path) -> None:
    """The app shows a large folder's first screen from a LIMITed query before decoding the
    rest: it must be exactly the first rows of the list's own order (by_date), ties on the same
    date by path, undated ones last, for each status, the 'none' tab, every status, both ways."""
    from tui.core.search.filters import by_date

    root = tmp_path / "site"
    root.mkdir()
    dates = ["2024-03-02", "2024-03-02", "2024-03-02 10:00", "2023-12-31", "", "", "2025-01-01"]
    for i in range(35):
        when = dates[i % len(dates)]
        status = ["draft", "publish", ""][i % 3]
        lines = [f"title: Piece {i}"] + ([f"date: {when}"] if when else []) + (
            [f"status: {status}"] if status else [])
        (root / f"p{(i * 8) % 35:02d}.md").write_text("---\n" + "\n".join(lines) + "\n---\nx\n")
    index = Index(root, db_path=tmp_path / "i.sqlite3")
    everything = index.load_all()
    counts = index.status_counts()
    assert counts == {"draft": 12, "publish": 12, None: 11}
    tabs: list[str | None] = ["draft", "publish", "none", None]
    for tab in tabs:
        chosen = [a for a in everything if tab is None or (a.status or "none") == tab]
        for newest_first in (True, False):
            for limit in (1, 5, 11, 50):
                page = index.first_page(tab, limit, newest_first)
                assert [a.path for a in page] == [
                    a.path for a in by_date(chosen, newest_first)[:limit]], (tab, limit)


def test_a_scheduled_article_is_read_again_once_its_publish_date_has_come(
        tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Hugo shows an article with a publishDate to come as scheduled, and as published once the
    date is past, with no change to the file: a warm cache must not keep 'future' for ever."""
    from datetime import UTC, datetime, timedelta

    from tui.core.site import conventions
    from tui.core.site.config import load_config

    root = tmp_path / "site"
    (root / "content" / "posts").mkdir(parents=True)
    (root / "hugo.toml").write_text('title = "t"\n')
    soon = datetime(2031, 5, 1, 12, 0, tzinfo=UTC)
    (root / "content" / "posts" / "soon.md").write_text(
        f"---\ntitle: Soon\npublishDate: {soon.isoformat()}\n---\nx\n")
    (root / "content" / "posts" / "ending.md").write_text(
        f"---\ntitle: Ending\nexpiryDate: {soon.isoformat()}\n---\nx\n")
    (root / "content" / "posts" / "plain.md").write_text("---\ntitle: Plain\n---\nx\n")
    config = load_config(root)

    def statuses() -> dict[str, str | None]:
        index = Index(root, config, db_path=tmp_path / "i.sqlite3")
        index.refresh()
        return {a.title: a.status for a in index.cached()}

    assert statuses() == {"Soon": "future", "Ending": "publish", "Plain": "publish"}
    later = soon + timedelta(minutes=1)

    class Later(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[no-untyped-def, override]
            return later if tz is not None else later.replace(tzinfo=None)

    monkeypatch.setattr(conventions, "datetime", Later)
    monkeypatch.setattr(time, "time", later.timestamp)  # what the index asks for "now"
    assert statuses() == {"Soon": "publish", "Ending": "expired", "Plain": "publish"}


def test_an_empty_cache_gets_the_list_indexes_after_its_rows(tmp_path: Path,
                                                             monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import tui.core.store.index as index_module

    monkeypatch.setattr(index_module, "PARALLEL_THRESHOLD", 1)
    root = _folder(tmp_path)
    db = tmp_path / "i.db"

    def indexes(index: Index) -> set[str]:
        return {name for (name,) in index.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'files_%'")}

    index = Index(root, db_path=db, workers=1)
    seen = []
    for _ in index.scan():
        seen.append(indexes(index))  # while the rows go in
    assert seen and not (seen[0] & set(index_module._LIST_INDEXES))
    assert indexes(index) >= set(index_module._LIST_INDEXES)
    # A run killed while filling: the next opening makes them.
    index.db.execute("DROP INDEX files_status_date")
    index.close()
    assert "files_status_date" in indexes(Index(root, db_path=db))


def test_names_that_recur_are_held_once(tmp_path: Path) -> None:
    """A category, tag or status met in many articles is one string in memory (50,000
    articles of a site hold a few hundred such names, not a few hundred thousand)."""
    root = tmp_path / "site"
    root.mkdir()
    for i in range(3):
        (root / f"{i}.md").write_text(f"---\ntitle: T{i}\npost_status: draft\n"
                                      f"categories: [folk, {i}]\ntags: [live]\n---\nx\n")
    index = Index(root, db_path=tmp_path / "i.db")
    index.refresh()
    a, b, c = sorted(index.cached(), key=lambda x: x.path)
    assert a.categories[0] is b.categories[0] is c.categories[0] == "folk"
    assert a.tags[0] is c.tags[0] and a.status is b.status == "draft"


@pytest.fixture(scope="module")
def searched(tmp_path_factory: pytest.TempPathFactory) -> Index:
    root = tmp_path_factory.mktemp("searched")
    (root / "a.md").write_text("---\ntitle: Café “Harbour” ab\u08a1cd\ntags: [x86_64]\n---\n"
                               "Text with e-commerce, don’t, C++ and 日本語 [link](http://x).\n")
    index = Index(root, db_path=root / "i.db")
    index.refresh()
    index.refresh_fts()
    return index


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=30))
def test_any_text_in_the_search_box_is_a_query(searched: Index, text: str) -> None:
    """Whatever is typed (quotes, operators, letters SQLite's tokenizer does not know, such
    as U+08A1, new since Unicode 7), the search answers with a list, never an error."""
    assert isinstance(searched.search(text), list)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300), words=st.lists(st.text(min_size=1, max_size=8), max_size=3),
       prefix=st.booleans())
def test_any_text_makes_a_snippet(text: str, words: list[str], prefix: bool) -> None:
    from tui.core.search.fulltext import make_snippet, mark_words

    assert isinstance(make_snippet(text, words, prefix=prefix), str)
    assert isinstance(mark_words(text, words, prefix), str)
