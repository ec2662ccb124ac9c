from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui.core.read.corpus import load_article, load_corpus
from tui.core.read.files import find_articles
from tui.core.search.filters import Filter, category_counts, status_counts
from tui.core.site.config import Config


def test_find_skips_hidden_and_non_articles(write) -> None:  # type: ignore[no-untyped-def]
    root = write("a.md", "x").parent
    write("b.markdown", "x")
    write(".hidden/c.md", "x")
    write("sub/d.md", "x")
    write("notes.txt", "x")
    (root / "folder.md").mkdir()
    names = [p.relative_to(root).as_posix() for p in find_articles(root)]
    assert names == ["a.md", "b.markdown", "sub/d.md"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_is_never_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "x.md")
    (tmp_path / "ok.md").write_text("---\ntitle: OK\n---\n")
    # If the FIFO were opened for reading this would block forever.
    assert [a.title for a in load_corpus(tmp_path)] == ["OK"]


def test_single_file_may_be_given(write) -> None:  # type: ignore[no-untyped-def]
    path = write("one.md", "---\ntitle: One\n---\nBody\n")
    assert [a.path for a in load_corpus(path)] == ["one.md"]


def test_article_fields(write) -> None:  # type: ignore[no-untyped-def]
    path = write("a.md", '---\ntitle: "T: “x”"\npost_status: draft\ndate: 2024-03-02\n'
                 "taxonomy:\n  category:\n    - a\n    - b\n  post_tag: [t]\n---\n\none two three\n")
    a = load_article(path, path.parent)
    assert (a.title, a.status, a.categories, a.tags, a.iso_date, a.words, a.error) == (
        "T: “x”", "draft", ("a", "b"), ("t",), "2024-03-02", 3, None)
    assert a.status_source.key == "post_status"
    assert a.reading_minutes == 1


def test_errors_are_kept_per_file(write) -> None:  # type: ignore[no-untyped-def]
    root = write("good.md", "---\ntitle: Good\n---\n").parent
    write("bad.md", "---\ntitle: [unclosed\n---\nBody text\n")
    write("latin1.md", "---\ntitle: caf\xe9\n---\n".encode("latin-1"))
    write("list.md", "---\n- a\n---\n")
    arts = {a.path: a for a in load_corpus(root)}
    assert arts["good.md"].error is None
    assert "YAML" in (arts["bad.md"].error or "") and "line 2" in (arts["bad.md"].error or "")
    assert "Body text" in arts["bad.md"].body  # nothing hidden
    assert "UTF-8" in (arts["latin1.md"].error or "")
    assert "not a mapping" in (arts["list.md"].error or "")


def test_title_falls_back_to_heading_then_name(write) -> None:  # type: ignore[no-untyped-def]
    a = write("x.md", "# Heading Title\n\nText\n")
    b = write("plain-name.md", "Text only\n")
    assert load_article(a, a.parent).title == "Heading Title"
    assert load_article(b, b.parent).title == "plain-name"
    assert not load_article(b, b.parent).has_title


def test_crlf_bom_toml_json(write) -> None:  # type: ignore[no-untyped-def]
    root = write("crlf.md", b"---\r\ntitle: C\r\npost_status: pending\r\n---\r\nBody\r\n").parent
    write("bom.md", b"\xef\xbb\xbf---\ntitle: B\n---\n")
    write("h.md", b'+++\ntitle = "H"\ndraft = true\n+++\n')
    write("j.md", b'{"title": "J", "status": "private"}\n')
    arts = {a.path: (a.title, a.status, a.error) for a in load_corpus(root)}
    assert arts == {
        "bom.md": ("B", None, None), "crlf.md": ("C", "pending", None),
        "h.md": ("H", "draft", None), "j.md": ("J", "private", None)}


def test_drafts_folder(write) -> None:  # type: ignore[no-untyped-def]
    p = write("site/_drafts/x.md", "---\ntitle: X\n---\n")
    root = p.parent.parent
    assert load_corpus(root)[0].status == "draft"


def test_filters_combine(write) -> None:  # type: ignore[no-untyped-def]
    root = write("a.md", "---\ntitle: Alpha song\npost_status: draft\ncategories: [rock]\n---\n").parent
    write("b.md", "---\ntitle: Beta\npost_status: publish\ncategories: [rock, pop]\n---\n")
    write("c.md", "---\ntitle: Gamma song\n---\n")
    arts = load_corpus(root)
    pick = lambda f: [a.path for a in f.apply(arts)]  # noqa: E731
    assert pick(Filter(statuses=frozenset({"draft"}))) == ["a.md"]
    assert pick(Filter(statuses=frozenset({"none"}))) == ["c.md"]
    assert pick(Filter(categories=frozenset({"ROCK"}))) == ["a.md", "b.md"]
    assert pick(Filter(query="song")) == ["a.md", "c.md"]
    assert pick(Filter(categories=frozenset({"rock"}), query="beta")) == ["b.md"]
    assert status_counts(arts) == {"draft": 1, "publish": 1, "none": 1}
    assert category_counts(arts) == {"rock": 2, "pop": 1}


def test_config_is_honoured(write) -> None:  # type: ignore[no-untyped-def]
    p = write("a.md", "---\nstate: live\ntopics: [x]\n---\n")
    cfg = Config(status_key="state", category_key="topics", statuses=("draft", "live"))
    a = load_article(p, p.parent, cfg)
    assert a.status == "live" and a.categories == ("x",)


def test_core_does_not_import_textual() -> None:
    code = (
        "import sys, tui.core.read.corpus, tui.core.read.structure, tui.core.search.filters, tui.core.checks, "
        "tui.core.site.conventions, tui.core.read.document, tui.core.read.frontmatter_parse, tui.core.sanitize, "
        "tui.core.model, tui.core.site.config, tui.cli\n"
        "import pkgutil, importlib, tui.core\n"
        "for m in pkgutil.walk_packages(tui.core.__path__, 'tui.core.'): importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_file_read_in_pieces_is_read_whole(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """One read is enough when the file holds what its size says; a file system that returns
    a few bytes at a time is read on to the end."""
    from tui.core.read import files

    path = tmp_path / "a.md"
    path.write_bytes(b"---\ntitle: A\n---\nbody\n")
    assert files.read_bytes(path)[0] == path.read_bytes()
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: real_read(fd, min(n, 3)))
    assert files.read_bytes(path)[0] == path.read_bytes()


def test_a_folder_poll_says_what_was_made_changed_or_removed(tmp_path: Path) -> None:
    from tui.core.read.poll import FolderPoll

    (tmp_path / "a.md").write_text("a")
    (tmp_path / "b.md").write_text("b")
    (tmp_path / "notes.txt").write_text("not an article")
    poll = FolderPoll(tmp_path)
    assert poll.changes() == set()
    (tmp_path / "a.md").write_text("a, longer")
    (tmp_path / "b.md").unlink()
    (tmp_path / "c.md").write_text("c")
    (tmp_path / "notes.txt").write_text("changed")
    assert poll.changes() == {str(tmp_path / n) for n in ("a.md", "b.md", "c.md")}
    assert poll.changes() == set()
