"""Safe writes under faults: the original survives, no temp file stays, conflicts are caught."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.core.edit.apply import apply_results
from tui.core.edit.change import Edit
from tui.core.edit.editor import plan_edit
from tui.core.edit.writer import (
    TEMP_SUFFIX,
    Snapshot,
    WriteRefused,
    remove_stale_temps,
    write_atomic,
)
from tui.core.store.journal import Journal

ORIGINAL = b"---\ntitle: T\npost_status: draft\n---\nBody\n"


def _file(tmp_path: Path, data: bytes = ORIGINAL) -> Path:
    path = tmp_path / "a.md"
    path.write_bytes(data)
    return path


def _snap(path: Path) -> Snapshot:
    st = path.stat()
    return Snapshot.of(path.read_bytes(), st.st_size, st.st_mtime_ns)


def _temps(folder: Path) -> list[str]:
    return [n for n in os.listdir(folder) if n.endswith(TEMP_SUFFIX)]


def test_write_replaces_and_keeps_mode(tmp_path: Path) -> None:
    path = _file(tmp_path)
    path.chmod(0o640)
    write_atomic(path, b"new", _snap(path), root=tmp_path)
    assert path.read_bytes() == b"new"
    assert (path.stat().st_mode & 0o777) == 0o640
    assert _temps(tmp_path) == []


def test_failing_write_leaves_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _file(tmp_path)
    snap = _snap(path)

    def full(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(WriteRefused, match="No space"):
        write_atomic(path, b"new", snap, root=tmp_path)
    monkeypatch.undo()
    assert path.read_bytes() == ORIGINAL and _temps(tmp_path) == []


def test_failing_replace_leaves_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _file(tmp_path)
    snap = _snap(path)

    def denied(src: object, dst: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", denied)
    with pytest.raises(WriteRefused, match="Permission denied"):
        write_atomic(path, b"new", snap, root=tmp_path)
    monkeypatch.undo()
    assert path.read_bytes() == ORIGINAL and _temps(tmp_path) == []


def test_conflict_when_file_changed_since_read(tmp_path: Path) -> None:
    path = _file(tmp_path)
    result = plan_edit(path, tmp_path, [Edit("status", value="publish")])
    path.write_bytes(ORIGINAL.replace(b"Body", b"Edited elsewhere"))
    _, outcomes = apply_results([result], tmp_path, Journal(tmp_path / "j.db"), "test")
    assert outcomes[0].state == "refused" and outcomes[0].conflict
    assert b"Edited elsewhere" in path.read_bytes() and b"draft" in path.read_bytes()


def test_deleted_file_is_a_conflict(tmp_path: Path) -> None:
    path = _file(tmp_path)
    snap = _snap(path)
    path.unlink()
    with pytest.raises(WriteRefused) as info:
        write_atomic(path, b"x", snap, root=tmp_path)
    assert info.value.conflict and not path.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write read-only files")
def test_read_only_refused_as_user(tmp_path: Path) -> None:  # pragma: no cover - not root
    path = _file(tmp_path)
    path.chmod(0o444)
    with pytest.raises(WriteRefused, match="read-only"):
        write_atomic(path, b"x", _snap(path), root=tmp_path)


def test_read_only_mode_refused_even_for_root(tmp_path: Path) -> None:
    path = _file(tmp_path)
    path.chmod(0o444)
    with pytest.raises(WriteRefused, match="read-only"):
        write_atomic(path, b"x", _snap(path), root=tmp_path)
    assert path.read_bytes() == ORIGINAL


def test_symlink_stays_a_link_and_target_is_written(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_bytes(ORIGINAL)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    result = plan_edit(link, tmp_path, [Edit("status", value="publish")])
    _, outcomes = apply_results([result], tmp_path, None, "t")
    assert outcomes[0].state == "written"
    assert link.is_symlink() and b"publish" in real.read_bytes()


def test_symlink_outside_folder_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    inside = tmp_path / "inside"
    outside.mkdir()
    inside.mkdir()
    target = outside / "t.md"
    target.write_bytes(ORIGINAL)
    (inside / "l.md").symlink_to(target)
    result = plan_edit(inside / "l.md", inside, [Edit("status", value="publish")])
    _, outcomes = apply_results([result], inside, None, "t")
    assert outcomes[0].state == "refused" and "outside" in outcomes[0].message
    assert target.read_bytes() == ORIGINAL


def test_hard_links_reported_not_broken(tmp_path: Path) -> None:
    path = _file(tmp_path)
    os.link(path, tmp_path / "twin.md")
    with pytest.raises(WriteRefused, match="hard links"):
        write_atomic(path, b"x", _snap(path), root=tmp_path)
    assert path.read_bytes() == ORIGINAL


KILLER = r"""
import os, sys, time
from pathlib import Path
from tui.core.edit import writer
from tui.core.edit.writer import Snapshot, write_atomic
path = Path(sys.argv[1])
def hang(src, dst):
    print("written", flush=True)
    time.sleep(60)
os.replace = hang
st = path.stat()
write_atomic(path, b"new bytes", Snapshot.of(path.read_bytes(), st.st_size, st.st_mtime_ns))
"""


def test_kill_between_write_and_replace(tmp_path: Path) -> None:
    path = _file(tmp_path)
    proc = subprocess.Popen([sys.executable, "-c", KILLER, str(path)], stdout=subprocess.PIPE)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == b"written"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert path.read_bytes() == ORIGINAL
    assert len(_temps(tmp_path)) == 1  # what a kill leaves; the next write clears it
    write_atomic(path, b"next", _snap(path), root=tmp_path)
    assert _temps(tmp_path) == [] and path.read_bytes() == b"next"


def test_stale_temps_of_live_processes_are_kept(tmp_path: Path) -> None:
    live = tmp_path / f".a.md.{os.getppid()}.xyz{TEMP_SUFFIX}"
    live.write_bytes(b"")
    assert remove_stale_temps(tmp_path) == []
    assert live.exists()


def test_undo_refuses_when_file_changed_after_edit(tmp_path: Path) -> None:
    path = _file(tmp_path)
    journal = Journal(tmp_path / "j.db")
    result = plan_edit(path, tmp_path, [Edit("status", value="publish")])
    batch, _ = apply_results([result], tmp_path, journal, "t")
    assert batch is not None
    time.sleep(0.01)
    path.write_bytes(path.read_bytes() + b"more\n")
    outcomes = journal.undo(batch, tmp_path)
    assert not outcomes[0].ok and "changed since" in outcomes[0].message
    assert path.read_bytes().endswith(b"more\n")


def test_journal_forgets_old_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.core.store.journal as journal_module

    monkeypatch.setattr(journal_module, "KEEP_BATCHES", 2)
    journal = Journal(tmp_path / "j.db")
    ids = [journal.begin(tmp_path, f"b{i}") for i in range(4)]
    journal.close()
    journal = Journal(tmp_path / "j.db")
    kept = [row[0] for row in journal.db.execute("SELECT id FROM batches ORDER BY id")]
    assert kept == ids[-2:]
