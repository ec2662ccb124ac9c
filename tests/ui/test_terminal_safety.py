"""No escape or control sequence from a file reaches the terminal: the app runs in a real pty
on a file full of them, and the raw byte stream is searched for their payloads."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path

import pytest

from tests.ui.conftest import SIZE, settle
from tui.ui.widgets.reader import Reader

EVIL_TITLE = "Evil \x1b]0;pwned-title\x07 \x1b]52;c;cHduZWQ=\x07 \x9b31m \u202eevil"
EVIL = (
    "---\n"
    f'title: "{EVIL_TITLE.encode("unicode_escape").decode()}"\n'
    "post_status: draft\n"
    "date: 2999-01-01\n"
    'categories: ["\\e]8;;https://evil.example\\e\\\\link\\e]8;;\\e\\\\", "\\ePpwn-dcs\\e\\\\"]\n'
    "---\n\n"
    "Body \x1b[2J\x1b]0;pwned-body\x07 \x1b]52;c;Ym9keQ==\x07 \x90pwn-c1-dcs\x9c \x9d0;x\x07\n\n"
    "## FAQ\n\n**Q: Evil \x1b]0;pwned-faq\x07?**\nA: \x1b]52;c;ZmFx\x07 yes.\n"
)
PAYLOADS = [b"pwned-title", b"pwned-body", b"pwned-faq", b"cHduZWQ=", b"Ym9keQ==", b"ZmFx",
            b"evil.example", b"pwn-dcs", b"pwn-c1"]


def _write_evil(folder: Path) -> Path:
    path = folder / "evil.md"
    path.write_bytes(EVIL.encode("utf-8"))
    return path


def _read_until(fd: int, seconds: float) -> bytes:
    out = b""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    return out


@pytest.mark.skipif(sys.platform != "linux", reason="needs a Linux pty")
def test_no_file_escape_reaches_the_terminal(tmp_path: Path) -> None:
    _write_evil(tmp_path)
    pid, fd = pty.fork()
    if pid == 0:  # child: the app, on the folder
        os.environ["TERM"] = "xterm-256color"
        os.environ["DRAFTDECK_STATE_DIR"] = str(tmp_path / "state")
        os.execv(sys.executable, [sys.executable, "-m", "tui", str(tmp_path)])
    try:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        os.kill(pid, signal.SIGWINCH)
        output = _read_until(fd, 6.0)
        os.write(fd, b"\t")  # move focus around so the reader and FAQ are drawn
        output += _read_until(fd, 1.0)
        os.write(fd, b"q")
        output += _read_until(fd, 4.0)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    text = output.decode("utf-8", "replace")
    assert "Evil" in text, "the app did not draw the article"
    assert "␛" in text, "control characters are shown as visible symbols"
    for payload in PAYLOADS:
        index = output.find(payload)
        if index != -1:  # the text may show, but never right after an ESC or C1 introducer
            window = output[max(0, index - 12):index]
            assert b"\x1b]" not in window and b"\x1bP" not in window, payload
    for ch in ("\x9b", "\x90", "\x9c", "\x9d", "\u202e"):
        assert ch not in text, repr(ch)


async def test_rendered_screen_has_no_control_characters(app_for, sample_copy: Path) -> None:  # type: ignore[no-untyped-def]
    _write_evil(sample_copy)
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.main.open("evil.md")
        await settle(app, pilot)
        assert app.main.query_one(Reader).article is not None
        strips = app.screen._compositor.render_strips()
        text = "".join(seg.text for strip in strips for seg in strip)
        assert "Evil" in text
        bad = [ch for ch in text if ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F
               or ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"]
        assert bad == []
