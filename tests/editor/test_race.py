"""Another program appends to a file while draftdeck edits it: no appended line may be lost.

The check that the file still holds what was read happens right before the atomic replace, and
the replaced file is looked at once more afterwards; a change in between is put back and the
edit reported as a conflict (an edit that loses a race is refused, never a line of the other
program's).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from tui.core.edit.apply import apply_results
from tui.core.edit.change import Edit
from tui.core.edit.editor import plan_edit

EDITS = 120
MIN_LINES = 40


def _appender(path: Path, stop: threading.Event, written: list[str]) -> None:
    i = 0
    while not stop.is_set():
        line = f"appended line {i}\n"
        with open(path, "a", encoding="utf-8") as f:
            f.write(line)
        written.append(line.strip())
        i += 1
        time.sleep(0.02)


def run_race(folder: Path, edits: int = EDITS) -> tuple[int, int, int]:
    """(lines appended, lines lost, edits written) for `edits` status edits racing an appender."""
    path = folder / "race.md"
    path.write_text("---\ntitle: Race\npost_status: draft\n---\nBody\n", encoding="utf-8")
    stop = threading.Event()
    written: list[str] = []
    thread = threading.Thread(target=_appender, args=(path, stop, written), daemon=True)
    thread.start()
    done = 0
    i = 0
    try:
        # At least `edits` edits, and on until the appender has written MIN_LINES lines.
        while i < edits or len(written) < MIN_LINES:
            i += 1
            status = "publish" if i % 2 == 0 else "draft"
            result = plan_edit(path, folder, [Edit("status", value=status)])
            _, outcomes = apply_results([result], folder, None, "race")
            done += sum(1 for o in outcomes if o.state == "written")
    finally:
        stop.set()
        thread.join()
    lines = set(path.read_text(encoding="utf-8").splitlines())
    lost = [w for w in written if w not in lines]
    return len(written), len(lost), done


def test_racing_appender_loses_no_line(tmp_path: Path) -> None:
    appended, lost, done = run_race(tmp_path)
    assert appended > 0
    assert done > 0  # the edits are not all refused
    assert lost == 0, f"{lost} of {appended} appended lines lost"


def test_racing_appender_file_stays_parseable(tmp_path: Path) -> None:
    run_race(tmp_path, edits=30)
    text = (tmp_path / "race.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Race\n")
    assert "\n---\nBody\n" in text


def test_write_landing_between_check_and_replace_is_put_back(tmp_path: Path,
                                                             monkeypatch) -> None:
    """A line appended to the old file just before the replace (after the last check) is found
    afterwards: the file is put back with the line, and the edit is reported as a conflict."""
    import os

    import pytest

    from tui.core.edit import writer

    path = tmp_path / "a.md"
    path.write_bytes(b"---\ntitle: T\npost_status: draft\n---\nBody\n")
    result = plan_edit(path, tmp_path, [Edit("status", value="publish")])
    real_replace = os.replace
    calls: list[str] = []

    def racing_replace(src: str, dst: str) -> None:
        if not calls:
            with open(dst, "a", encoding="utf-8") as f:
                f.write("late line\n")
        calls.append(dst)
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", racing_replace)
    with pytest.raises(writer.WriteConflict):
        writer.write_atomic(path, result.new_bytes or b"", result.snapshot, root=tmp_path)
    assert path.read_bytes() == b"---\ntitle: T\npost_status: draft\n---\nBody\nlate line\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]  # no temp file left


def test_change_before_the_replace_is_a_conflict(tmp_path: Path, monkeypatch) -> None:
    """The last check runs after the new bytes are on disk, right before the replace."""
    from tui.core.edit import writer

    path = tmp_path / "a.md"
    path.write_bytes(b"---\ntitle: T\npost_status: draft\n---\nBody\n")
    result = plan_edit(path, tmp_path, [Edit("status", value="publish")])
    real_temp = writer._temp

    def temp_then_append(target: Path, data: bytes, st):  # type: ignore[no-untyped-def]
        tmp = real_temp(target, data, st)
        with open(target, "a", encoding="utf-8") as f:
            f.write("appended while the temp file was written\n")
        return tmp

    monkeypatch.setattr(writer, "_temp", temp_then_append)
    _, outcomes = apply_results([result], tmp_path, None, "t")
    assert outcomes[0].state == "refused" and outcomes[0].conflict
    assert path.read_bytes().endswith(b"Body\nappended while the temp file was written\n")
    assert b"publish" not in path.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]
