"""State that survives faults: an unusable, damaged, foreign or full cache; worker processes
that cannot start under Textual; a damaged or unusable journal; undo past a refused batch."""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tui.core import errors
from tui.core.edit.apply import apply_results
from tui.core.edit.change import Edit
from tui.core.edit.editor import plan_edit
from tui.core.errors import StorageError
from tui.core.store import index as index_module
from tui.core.store.index import Index
from tui.core.store.journal import Journal, history_setting

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _fresh_warnings() -> None:
    errors.reset_warnings()


def _folder(tmp_path: Path, n: int = 3) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    for i in range(n):
        (root / f"a{i:04}.md").write_text(
            f"---\ntitle: Article {i}\npost_status: draft\ncategories: [c{i % 5}]\n---\n"
            f"Body {i} words here.\n", encoding="utf-8")
    return root


# -- the cache ------------------------------------------------------------------------------------
def test_a_file_where_the_cache_folder_should_be(tmp_path: Path, monkeypatch) -> None:
    root = _folder(tmp_path)
    blocker = tmp_path / "cache-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("DRAFTDECK_CACHE_DIR", str(blocker))
    index = Index(root)
    assert len(index.load_all()) == 3
    assert index.memory
    assert index.warning is not None and str(blocker) in index.warning
    assert "DRAFTDECK_CACHE_DIR" in index.warning and "\n" not in index.warning
    Index(root).load_all()
    assert errors.warnings_seen == [index.warning]  # one warning, not one per use
    index.refresh_fts()
    assert index.search("words")  # search works in memory too


def test_cache_folder_under_a_file(tmp_path: Path, monkeypatch) -> None:
    root = _folder(tmp_path)
    (tmp_path / "f").write_text("x")
    monkeypatch.setenv("DRAFTDECK_CACHE_DIR", str(tmp_path / "f" / "cache"))
    index = Index(root)
    assert len(index.load_all()) == 3 and index.memory


def test_cache_file_that_cannot_be_opened(tmp_path: Path) -> None:
    """A folder where the database file should be: sqlite cannot open it, nor can it go."""
    root = _folder(tmp_path)
    db_path = tmp_path / "cache" / "index.sqlite3"
    db_path.mkdir(parents=True)
    index = Index(root, db_path=db_path)
    assert len(index.load_all()) == 3 and index.memory
    assert str(db_path.parent) in (index.warning or "")


def test_garbage_cache_is_rebuilt(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    db_path = tmp_path / "i.sqlite3"
    db_path.write_bytes(b"\x00garbage bytes, not a database\xff" * 500)
    index = Index(root, db_path=db_path)
    assert len(index.load_all()) == 3
    assert not index.memory and index.warning is None
    index.close()
    again = Index(root, db_path=db_path)
    assert len(again.cached()) == 3  # kept on disk this time


def test_truncated_cache_is_rebuilt(tmp_path: Path) -> None:
    root = _folder(tmp_path, 50)
    db_path = tmp_path / "i.sqlite3"
    first = Index(root, db_path=db_path)
    first.load_all()
    first.refresh_fts()
    first.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    first.close()
    data = db_path.read_bytes()
    db_path.write_bytes(data[:100] + b"\xff" * 4000 + data[4100:])  # header kept, pages smashed
    index = Index(root, db_path=db_path)
    assert len(index.load_all()) == 50
    index.refresh_fts()
    assert index.search("Body")


@pytest.mark.parametrize("smash", [
    lambda data, at: data[:at] + b"\xff\xfe" * 6 + data[at + 12:],  # text that is not UTF-8
    lambda data, at: data[:at] + b"]]]]}}}}" + data[at + 8:],  # UTF-8 that is not our JSON
])
def test_rows_damaged_inside_the_pages_are_rebuilt(tmp_path: Path, smash) -> None:  # type: ignore[no-untyped-def]
    """Bytes overwritten inside the rows (the header and page structure intact): SQLite reads
    them without complaint, then they do not decode. Every command and the app's loading must
    rebuild the cache and list every file, not fail on each run."""
    root = _folder(tmp_path, 60)
    db_path = tmp_path / "i.sqlite3"
    first = Index(root, db_path=db_path)
    first.load_all()
    first.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    first.close()
    data = db_path.read_bytes()
    for at in range(8192, len(data) - 64, 4096):
        found = data.find(b'["Article', at)  # inside a row's data, not the page headers
        if found > 0:
            data = smash(data, found + 3)
    db_path.write_bytes(data)
    for read in (lambda ix: ix.cached(), lambda ix: ix.first_page(None, 10),
                 lambda ix: ix.load_all()):
        index = Index(root, db_path=db_path)
        read(index)  # no exception
        assert len(index.load_all()) == 60
        index.close()
    assert len(Index(root, db_path=db_path).cached()) == 60


def test_foreign_schema_cache_is_rebuilt(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    db_path = tmp_path / "i.sqlite3"
    db = sqlite3.connect(db_path)
    db.executescript("CREATE TABLE meta (x INTEGER); CREATE TABLE files (a, b, c);"
                     "INSERT INTO files VALUES (1, 2, 3);")
    db.close()
    index = Index(root, db_path=db_path)
    assert len(index.load_all()) == 3 and not index.memory
    assert len(index.cached()) == 3


def test_foreign_tables_with_a_meta_table_are_replaced(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    db_path = tmp_path / "i.sqlite3"
    db = sqlite3.connect(db_path)
    db.executescript("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                     "INSERT INTO meta VALUES ('schema', '1');"
                     "CREATE TABLE files (path TEXT, data TEXT);"
                     "CREATE TABLE fts_state (whatever);")
    db.close()
    index = Index(root, db_path=db_path)
    assert len(index.load_all()) == 3 and not index.memory
    index.refresh_fts()
    assert index.search("Article")


def test_full_disk_goes_on_in_memory(tmp_path: Path) -> None:
    """'database or disk is full' while the cache is written: the command still completes."""
    root = _folder(tmp_path, 300)
    db_path = tmp_path / "i.sqlite3"
    index = Index(root, db_path=db_path)
    pages = index.db.execute("PRAGMA page_count").fetchone()[0]
    index.db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now full
    articles = index.load_all()
    assert len(articles) == 300
    assert index.memory
    assert index.warning is not None and "disk is full" in index.warning
    assert str(tmp_path) in index.warning
    assert len(index.cached()) == 300
    index.refresh_fts()
    assert index.search("Article 17")


def test_full_disk_keeps_what_the_cache_held(tmp_path: Path) -> None:
    root = _folder(tmp_path, 20)
    db_path = tmp_path / "i.sqlite3"
    Index(root, db_path=db_path).load_all()
    for i in range(300):
        (root / f"new{i}.md").write_text(f"---\ntitle: New {i}\ncategories: [x{i}]\n---\nnew\n")
    index = Index(root, db_path=db_path)
    pages = index.db.execute("PRAGMA page_count").fetchone()[0]
    index.db.execute(f"PRAGMA max_page_count = {pages}")
    assert len(index.load_all()) == 320
    assert index.memory and len(index.cached()) == 320


def test_a_query_error_is_not_taken_for_a_storage_fault(tmp_path: Path) -> None:
    index = Index(_folder(tmp_path), db_path=tmp_path / "i.sqlite3")
    with pytest.raises(sqlite3.OperationalError):
        index._run(lambda db: db.execute("SELECT nonsense("))
    assert not index.memory


# -- worker processes -----------------------------------------------------------------------------
def test_workers_that_fail_to_start_fall_back_to_in_process(tmp_path: Path, monkeypatch) -> None:
    root = _folder(tmp_path, 30)
    monkeypatch.setattr(index_module, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(index_module, "BATCH", 7)

    class Broken:
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise ValueError("bad value(s) in fds_to_keep")

    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor", Broken)  # imported when used
    index = Index(root, db_path=tmp_path / "i.sqlite3", workers=4)
    assert len(index.load_all()) == 30


def test_parallel_parse_with_textual_like_stderr(tmp_path: Path) -> None:
    """Textual replaces sys.stderr with an object whose fileno() is -1; the first index of a
    big folder used to die with 'bad value(s) in fds_to_keep'. Run in a fresh interpreter (the
    helper process multiprocessing starts once per process must not be running yet)."""
    root = _folder(tmp_path, 450)
    script = textwrap.dedent(f"""
        import io, sys
        from pathlib import Path
        from tui.core.store import index as m

        class Captured(io.TextIOBase):
            def write(self, s): return len(s)
            def fileno(self): return -1

        sys.stderr = Captured()
        idx = m.Index(Path({str(root)!r}), db_path=Path({str(tmp_path / 'i.db')!r}), workers=2)
        print(len(idx.load_all()))
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "450"


def test_parallel_parse_beside_threads_with_textual_like_stderr(tmp_path: Path) -> None:
    """As in the app: other threads run (so no plain fork: the fork server starts the workers)
    and sys.stderr has no file descriptor."""
    root = _folder(tmp_path, 450)
    script = textwrap.dedent(f"""
        import io, sys, threading
        from pathlib import Path
        from tui.core.store import index as m

        class Captured(io.TextIOBase):
            def write(self, s): return len(s)
            def fileno(self): return -1

        stop = threading.Event()
        threading.Thread(target=stop.wait, daemon=True).start()
        sys.stderr = Captured()
        assert m._worker_context().get_start_method() == "forkserver"
        idx = m.Index(Path({str(root)!r}), db_path=Path({str(tmp_path / 'i.db')!r}), workers=2)
        print(len(idx.load_all()))
        stop.set()
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "450"


def _group(pgid: int) -> list[int]:
    """Processes (not zombies) whose process group is `pgid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat_text = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat_text[stat_text.rindex(")") + 2:].split()
        state, pgrp = fields[0], int(fields[2])
        if pgrp == pgid and state != "Z":
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_sigkill_during_first_index_leaves_no_process(tmp_path: Path) -> None:
    """SIGKILL of `draftdeck list` while its workers parse 3,000 uncached files: every worker
    (and multiprocessing's helpers) goes with it."""
    import os
    import shutil
    import signal
    import time

    root = tmp_path / "site"
    root.mkdir()
    body = "A sentence of body text for the parser to count. " * 120
    for i in range(3000):
        (root / f"a{i:05}.md").write_text(
            f"---\ntitle: Article {i}\npost_status: draft\ncategories: [c{i % 9}]\n---\n"
            f"## Section\n\n{body}\n", encoding="utf-8")
    exe = shutil.which("draftdeck", path=str(Path(sys.executable).parent))
    assert exe is not None
    env = dict(os.environ, DRAFTDECK_CACHE_DIR=str(tmp_path / "fresh-cache"))
    proc = subprocess.Popen([exe, "list", str(root)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            if len(_group(proc.pid)) >= 3:  # draftdeck, the fork server and a worker at least
                break
            time.sleep(0.01)
        if proc.poll() is not None:
            pytest.skip("the index finished before any worker process was seen")
        helpers = [p for p in _group(proc.pid) if p != proc.pid]
        assert helpers
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 30
        while _group(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = _group(proc.pid)
        assert not left, f"processes left behind: {left}"
    finally:
        if proc.poll() is None:
            proc.kill()
        for pid in _group(proc.pid):  # clean up only what this test started
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


# -- the journal ----------------------------------------------------------------------------------

DOC = "---\ntitle: {t}\npost_status: draft\n---\nBody of {t}.\n"


def _edit(root: Path, journal: Journal, *names: str,
          status: str = "publish"):  # type: ignore[no-untyped-def]
    results = [plan_edit(root / n, root, [Edit("status", value=status)]) for n in names]
    return apply_results(results, root, journal, f"status {status}")


def _site(tmp_path: Path, *names: str) -> Path:
    root = tmp_path / "site"
    root.mkdir(exist_ok=True)
    for n in names:
        (root / n).write_text(DOC.format(t=n), encoding="utf-8")
    return root


def test_unusable_state_folder_refuses_edits_with_one_message(tmp_path: Path,
                                                              monkeypatch) -> None:
    root = _site(tmp_path, "a.md", "b.md")
    blocker = tmp_path / "state-file"
    blocker.write_text("x")
    monkeypatch.setenv("DRAFTDECK_STATE_DIR", str(blocker))
    journal = Journal()  # opens: the app starts, reading works
    assert not journal.usable
    with pytest.raises(StorageError) as caught:
        journal.require()
    message = str(caught.value)
    assert str(blocker) in message and "DRAFTDECK_STATE_DIR" in message
    assert "a file is where the folder should be" in message
    before = {p.name: p.read_bytes() for p in root.iterdir()}
    _, outcomes = _edit(root, journal, "a.md", "b.md")
    assert [o.state for o in outcomes] == ["refused", "refused"]
    assert all(o.message == message for o in outcomes)
    assert {p.name: p.read_bytes() for p in root.iterdir()} == before


def test_journal_full_mid_batch_stops_writing(tmp_path: Path) -> None:
    """'database or disk is full' while journaling: no file is written without its entry."""
    names = [f"f{i}.md" for i in range(12)]
    root = _site(tmp_path, *names)
    for n in names:
        (root / n).write_text(DOC.format(t=n) + "filler text\n" * 800, encoding="utf-8")
    before = {n: (root / n).read_bytes() for n in names}
    journal = Journal(tmp_path / "j.sqlite3")
    pages = journal.db.execute("PRAGMA page_count").fetchone()[0]
    journal.db.execute(f"PRAGMA max_page_count = {pages + 20}")
    batch, outcomes = _edit(root, journal, *names)
    states = [o.state for o in outcomes]
    assert "refused" in states
    refused = [o for o in outcomes if o.state == "refused"]
    assert all("disk is full" in o.message for o in refused)
    for o in refused:
        assert (root / o.relpath).read_bytes() == before[o.relpath]
    if batch is not None:  # what was written is journaled: undo puts it back
        journal.db.execute("PRAGMA max_page_count = 1000000")
        assert all(o.ok for o in journal.undo(batch, root))
    assert {n: (root / n).read_bytes() for n in names} == before


def test_damaged_journal_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "state" / "journal.sqlite3"
    path.parent.mkdir()
    path.write_bytes(b"this is not a database \x00\xff" * 300)
    journal = Journal(path)
    assert journal.usable
    aside = [p for p in path.parent.iterdir() if p.name.startswith("journal.sqlite3.damaged-")]
    assert len(aside) == 1
    assert journal.warning is not None and aside[0].name in journal.warning
    assert errors.warnings_seen == [journal.warning]
    root = _site(tmp_path, "a.md")
    before = (root / "a.md").read_bytes()
    batch, _ = _edit(root, journal, "a.md")
    assert batch is not None and all(o.ok for o in journal.undo(batch, root))
    assert (root / "a.md").read_bytes() == before


def test_foreign_journal_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    db = sqlite3.connect(path)
    db.executescript("CREATE TABLE batches (id INTEGER PRIMARY KEY, other TEXT);")
    db.close()
    journal = Journal(path)
    assert journal.usable and journal.warning
    assert journal.last_batch(tmp_path) is None


def test_a_batch_that_cannot_be_undone_can_be_skipped(tmp_path: Path) -> None:
    root = _site(tmp_path, "a.md", "b.md")
    a_before = (root / "a.md").read_bytes()
    journal = Journal(tmp_path / "j.sqlite3")
    _edit(root, journal, "a.md")
    _edit(root, journal, "b.md")
    (root / "b.md").write_text("changed by hand\n")  # the newest edit cannot be undone now
    report = journal.undo_last(root)
    assert report.batch is not None and not report.ok
    assert "changed since" in report.outcomes[0].message
    assert not journal.undo_last(root).ok  # still blocked without skip
    report = journal.undo_last(root, skip=True)
    assert report.skipped is not None and report.ok
    assert (root / "a.md").read_bytes() == a_before
    assert (root / "b.md").read_text() == "changed by hand\n"
    after = journal.undo_last(root)
    assert after.batch is None and after.note.startswith("nothing to undo")


def test_undo_past_the_kept_history_says_so(tmp_path: Path) -> None:
    root = _site(tmp_path, "a.md")
    path = tmp_path / "j.sqlite3"
    for i in range(4):
        _edit(root, Journal(path, keep=2), "a.md", status="publish" if i % 2 == 0 else "draft")
    journal = Journal(path, keep=2)
    assert journal.undo_last(root).ok
    assert journal.undo_last(root).ok
    report = journal.undo_last(root)
    assert report.batch is None
    assert "beyond what the journal keeps" in report.note
    assert "the last 2 edits" in report.note and "DRAFTDECK_UNDO_HISTORY" in report.note


def test_history_setting(monkeypatch) -> None:
    monkeypatch.setenv("DRAFTDECK_UNDO_HISTORY", "all")
    assert history_setting() is None
    monkeypatch.setenv("DRAFTDECK_UNDO_HISTORY", "2000")
    assert history_setting() == 2000
    monkeypatch.delenv("DRAFTDECK_UNDO_HISTORY")
    assert history_setting() == 500


def test_keep_all_never_prunes(tmp_path: Path) -> None:
    root = _site(tmp_path, "a.md")
    path = tmp_path / "j.sqlite3"
    for i in range(5):
        _edit(root, Journal(path, keep=None), "a.md",
              status="publish" if i % 2 == 0 else "draft")
    count = Journal(path, keep=None).db.execute("SELECT COUNT(*) FROM batches").fetchone()[0]
    assert count == 5


# -- messages ----------------------------------------------------------------------------------
def test_same_file_twice_or_through_a_link_is_edited_once(tmp_path: Path) -> None:
    root = _site(tmp_path, "a.md")
    (root / "link.md").symlink_to(root / "a.md")
    results = [plan_edit(root / n, root, [Edit("status", value="publish")])
               for n in ("a.md", "a.md", "link.md")]
    _, outcomes = apply_results(results, root, Journal(tmp_path / "j.sqlite3"), "t")
    assert [o.state for o in outcomes] == ["written", "unchanged", "unchanged"]
    assert "edited once" in outcomes[1].message


def test_unreadable_file_is_reported_as_unreadable(tmp_path: Path, monkeypatch) -> None:
    """chmod 000 does not stop root: the permission check is simulated."""
    import os


    root = _site(tmp_path, "a.md")
    target = str(root / "a.md")
    real_access = os.access

    def access(path, mode, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path) == target:
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)
    result = plan_edit(root / "a.md", root, [Edit("status", value="publish")])
    assert result.refused is not None
    assert "cannot be read" in result.refused and "read-only" not in result.refused


def test_unusable_ui_state_folder_does_not_stop_the_app(tmp_path: Path, monkeypatch) -> None:
    from tui.core.store.ui_state import UiState

    blocker = tmp_path / "state-file"
    blocker.write_text("x")
    monkeypatch.setenv("DRAFTDECK_STATE_DIR", str(blocker))
    state = UiState()
    state.save(tmp_path, {"open": "a.md"})
    assert state.load(tmp_path) == {"open": "a.md"}


def test_cache_damaged_past_its_header_is_rebuilt(tmp_path: Path) -> None:
    """The header intact, the pages behind it garbage: the first read says 'malformed'; the
    cache is made again and the folder read all the same (the CLI failed, the app crashed)."""
    root = _folder(tmp_path, 200)
    db_path = tmp_path / "i.sqlite3"
    index = Index(root, db_path=db_path)
    assert len(index.load_all()) == 200
    index.close()
    data = bytearray(db_path.read_bytes())
    noise = bytes((i * 131 + 7) % 256 for i in range(len(data)))
    data[8192:] = noise[8192:]  # keep the first pages (header, schema), spoil the rest
    db_path.write_bytes(bytes(data))
    damaged = Index(root, db_path=db_path)
    assert len(damaged.load_all()) == 200
    assert any("damaged" in w for w in errors.warnings_seen)
    damaged.close()
    again = Index(root, db_path=db_path)
    assert len(again.cached()) == 200  # rebuilt on disk, usable next time
    again.close()


def test_a_row_that_does_not_decode_leaves_full_text_search_working(tmp_path: Path) -> None:
    root = _folder(tmp_path, 3)
    index = Index(root, db_path=tmp_path / "i.sqlite3")
    index.refresh()
    with index.db:
        index.db.execute("UPDATE files SET data = '[\"cut short' WHERE rowid = 1")
    index.refresh()  # valid by the stamps: the row is not decoded here
    assert index.refresh_fts() == 3
    assert len(index.search("Body")) == 3


def test_an_answer_never_comes_from_a_cache_emptied_on_the_way(tmp_path: Path) -> None:
    """Bytes spoiled somewhere in the pages: whichever read meets them first (the stamps, the
    rows of the list, the counts, a search) starts the cache again, and the answer is still the
    whole folder, not what the emptied cache holds (an empty list, printed with exit 0)."""
    import random

    root = _folder(tmp_path, 300)
    db_path = tmp_path / "i.sqlite3"
    index = Index(root, db_path=db_path, workers=1)
    index.refresh()
    index.refresh_fts()
    index.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    index.close()
    pristine = db_path.read_bytes()
    rng = random.Random(7)
    answers = {  # as the CLI and the app ask: the folder looked at, then the cache read
        "list": lambda ix: len(ix.list_rows({"draft"}) or []),
        "cached": lambda ix: len(ix.cached()),
        "page": lambda ix: len(ix.first_page("draft", 1000)),
        "counts": lambda ix: sum(ix.status_counts().values()),
        "search": lambda ix: (ix.refresh_fts(), len(ix.search("Body", limit=1000)))[1],
    }
    emptied = 0
    for at in range(4096, len(pristine) - 400, 12288):
        spoiled = bytearray(pristine)
        spoiled[at:at + 300] = rng.randbytes(300)
        for name, answer in answers.items():
            db_path.write_bytes(bytes(spoiled))
            for extra in ("-wal", "-shm"):
                Path(f"{db_path}{extra}").unlink(missing_ok=True)
            ix = Index(root, db_path=db_path, workers=1)
            before = ix.resets
            try:
                ix.refresh()
                assert answer(ix) == 300, (name, at)
            except sqlite3.DatabaseError:
                pass  # damage SQLite does not see as damage: out of this test's reach
            emptied += ix.resets != before
            ix.close()
    assert emptied  # some reads met the damage and started the cache again


def test_a_full_text_table_dropped_behind_the_cache_is_filled_again(tmp_path: Path) -> None:
    """The words' table dropped (and made again empty at the next opening) while the cache still
    says every text is indexed: the texts are indexed anew (every search found nothing)."""
    root = _folder(tmp_path, 5)
    db_path = tmp_path / "i.sqlite3"
    index = Index(root, db_path=db_path, workers=1)
    index.refresh()
    index.refresh_fts()
    assert len(index.search("Body")) == 5
    index.db.execute("DROP TABLE fts")
    index.close()
    again = Index(root, db_path=db_path, workers=1)
    again.refresh()
    again.refresh_fts()
    assert len(again.search("Body")) == 5


def test_a_cache_made_by_another_draftdeck_at_the_same_moment_is_used(
        tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Two draftdecks making the same new cache: the one that finds the other's rows or tables
    half made ('UNIQUE constraint failed', 'no such table') looks again, and uses the cache
    (it went on in memory with a warning); a fault that stays is raised as before."""
    root = _folder(tmp_path, 3)
    real = Index._check_meta
    failures = [sqlite3.IntegrityError("UNIQUE constraint failed: meta.key"),
                sqlite3.OperationalError("no such table: files_stamps")]

    def racing(self, db):  # type: ignore[no-untyped-def]
        if failures:
            raise failures.pop(0)
        return real(self, db)

    monkeypatch.setattr(Index, "_check_meta", racing)
    index = Index(root, db_path=tmp_path / "i.sqlite3")
    assert not index.memory and not errors.warnings_seen
    assert len(index.load_all()) == 3
    failures.extend([sqlite3.OperationalError("disk I/O error")] * 2)  # the file, then anew
    stays = Index(root, db_path=tmp_path / "j.sqlite3")
    assert stays.memory  # a real fault: in memory, with the warning, as before


@pytest.mark.parametrize("at", [24, 40, 44])
def test_a_header_damaged_in_its_numbers_is_rebuilt_not_left_off(tmp_path: Path, at: int) -> None:
    """Bytes of the database header's counters spoiled ('unsupported file format'): the cache
    is made again, not left off for good with a warning on every run."""
    root = _folder(tmp_path, 3)
    db_path = tmp_path / "i.sqlite3"
    index = Index(root, db_path=db_path, workers=1)
    index.refresh()
    index.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    index.close()
    data = bytearray(db_path.read_bytes())
    data[at:at + 4] = b"\x7f\xee\x11\x99"
    db_path.write_bytes(bytes(data))
    for _ in range(2):
        again = Index(root, db_path=db_path, workers=1)
        assert not again.memory, again.warning
        again.refresh()
        assert len(again.cached()) == 3
        again.close()


def test_texts_indexed_across_a_restart_of_the_cache_keep_their_titles(
        tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Damage found while the texts are indexed starts the cache again: the titles read from
    the emptied cache were gone, and every hit showed an empty title from then on."""
    root = _folder(tmp_path, 4)
    index = Index(root, db_path=tmp_path / "i.sqlite3", workers=1)
    index.refresh()
    real = Index._titles
    damaged = [True]

    def titles(self, part):  # type: ignore[no-untyped-def]
        if damaged:
            damaged.pop()
            with self.lock:
                self._rebuild(sqlite3.DatabaseError("database disk image is malformed"))
        return real(self, part)

    monkeypatch.setattr(Index, "_titles", titles)
    index.refresh_fts()
    hits = index.search("Body", limit=10)
    assert len(hits) == 4 and all(h.title.startswith("Article") for h in hits)
