"""Drive the installed `draftdeck` script in a real pseudo-terminal and read what it shows.

The child gets a pty as its controlling terminal (its own session, so the whole process group
can be killed), TERM=xterm-256color, truecolor, and private XDG/draftdeck folders. A background
thread reads the pty and feeds every byte into a pyte screen; the helpers below wait on what
that screen shows, the way a person would look at it.

Textual sends a few queries at start (DECRQM for synchronized output and in-band resize); it
does not wait for the answers, so none are needed. The harness still answers the common ones
(device attributes, cursor position, colour queries) should a future version wait on them;
`Term.queries` lists what was asked.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyte
from wcwidth import wcwidth

DEFAULT_TIMEOUT = 15.0
ESCAPE_PAUSE = 0.15  # a lone ESC: Textual waits ~100 ms for more bytes before calling it escape

KEYS: dict[str, bytes] = {
    "enter": b"\r",
    "tab": b"\t",
    "shift+tab": b"\x1b[Z",
    "escape": b"\x1b",
    "esc": b"\x1b",
    "up": b"\x1b[A",
    "down": b"\x1b[B",
    "right": b"\x1b[C",
    "left": b"\x1b[D",
    "pageup": b"\x1b[5~",
    "pagedown": b"\x1b[6~",
    "home": b"\x1b[H",
    "end": b"\x1b[F",
    "shift+right": b"\x1b[1;2C",
    "shift+left": b"\x1b[1;2D",
    "shift+up": b"\x1b[1;2A",
    "shift+down": b"\x1b[1;2B",
    "delete": b"\x1b[3~",
    "space": b" ",
    "backspace": b"\x7f",
    "ctrl+f": b"\x06",
    "ctrl+p": b"\x10",
    "ctrl+c": b"\x03",
}

# Queries a program may send, and the answers a plain xterm-like terminal gives.
_QUERY = re.compile(
    rb"\x1b\[(?P<da>0?c)"
    rb"|\x1b\[(?P<dsr>6n)"
    rb"|\x1b\](?P<osc>1[01]);\?(?:\x07|\x1b\\)"
)

_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z^_0-9=>])")

# Sequences pyte mis-parses (it draws their final letter): Textual's kitty-keyboard "pop".
_PYTE_JUNK = (b"\x1b[<u",)


def draftdeck_script() -> Path | None:
    """The console script installed next to this interpreter, if any."""
    for name in ("draftdeck", "draftdeck.exe"):
        path = Path(sys.executable).parent / name
        if path.exists():
            return path
    return None


def isolated_env(home: Path) -> dict[str, str]:
    """The environment for the child: a real-looking terminal, private folders."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TEXTUAL", "XDG_", "DRAFTDECK_", "PYTEST_"))
           and k not in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TMUX", "STY",
                         "EDITOR", "VISUAL")}
    env.update({
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONUNBUFFERED": "1",
    })
    for var, sub in (("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state"),
                     ("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                     ("DRAFTDECK_STATE_DIR", "draftdeck-state"),
                     ("DRAFTDECK_CACHE_DIR", "draftdeck-cache")):
        folder = home / sub
        folder.mkdir(parents=True, exist_ok=True)
        env[var] = str(folder)
    return env


def _make_controlling_tty() -> None:  # runs in the child, after setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Term:
    """One `draftdeck` process in a pty, rendered by pyte.

    Every coordinate is 0-based (x = column, y = row), as `find` returns them; `click`, `move`
    and `wheel` convert to the 1-based SGR mouse protocol themselves.
    """

    def __init__(self, args: Sequence[str | os.PathLike[str]], *, home: Path, cols: int = 120,
                 rows: int = 40, cwd: Path | None = None,
                 extra_env: dict[str, str] | None = None,
                 script: Path | None = None) -> None:
        script = script or draftdeck_script()
        if script is None:
            raise FileNotFoundError("the draftdeck console script is not installed")
        self.cols, self.rows = cols, rows
        self.argv = [str(script), *(str(a) for a in args)]
        self.env = isolated_env(home)
        if extra_env:
            self.env.update(extra_env)
        self.screen = pyte.Screen(cols, rows)
        self._stream = pyte.ByteStream(self.screen)
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self.raw = bytearray()  # every byte the app wrote
        self.queries: list[bytes] = []  # terminal queries seen (and answered)
        self.last_output = time.monotonic()
        self.eof = False
        self._carry = b""
        self._scanned = 0  # how much of raw was searched for queries
        self._stop = threading.Event()

        master, slave = os.openpty()
        self._set_size(master, cols, rows)
        self.master = master
        try:
            self.proc = subprocess.Popen(
                self.argv, stdin=slave, stdout=slave, stderr=slave, cwd=cwd or home,
                env=self.env, start_new_session=True, preexec_fn=_make_controlling_tty,
                close_fds=True)
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)  # only the child holds it now: its exit gives us EIO/EOF
        self._reader = threading.Thread(target=self._pump, name="term-reader", daemon=True)
        self._reader.start()

    # -- the pty ----------------------------------------------------------------------------
    @staticmethod
    def _set_size(fd: int, cols: int, rows: int) -> None:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    def _pump(self) -> None:
        while not self._stop.is_set():
            try:
                ready, _, _ = select.select([self.master], [], [], 0.05)
            except (OSError, ValueError):
                break
            if not ready:
                continue
            try:
                data = os.read(self.master, 65536)
            except OSError as exc:  # EIO: the child side is closed
                if exc.errno not in (errno.EIO, errno.EBADF):
                    raise
                data = b""
            if not data:
                with self._lock:
                    self.eof = True
                    if self._carry:
                        self._stream.feed(self._carry)
                        self._carry = b""
                    self._changed.notify_all()
                break
            self._received(data)

    def _received(self, data: bytes) -> None:
        with self._lock:
            self.raw += data
            self.last_output = time.monotonic()
            chunk = self._carry + data
            self._carry = b""
            for junk in _PYTE_JUNK:
                chunk = chunk.replace(junk, b"")
            # Hold back a trailing partial sequence that could become junk with the next read.
            for junk in _PYTE_JUNK:
                for n in range(len(junk) - 1, 0, -1):
                    if chunk.endswith(junk[:n]):
                        self._carry, chunk = chunk[-n:], chunk[:-n]
                        break
                if self._carry:
                    break
            self._stream.feed(chunk)
            self._answer()
            self._changed.notify_all()

    def _answer(self) -> None:
        # Look again at a little before the new bytes: a query may straddle two reads.
        start = max(0, self._scanned - 16)
        window = bytes(self.raw[start:])
        for m in _QUERY.finditer(window):
            if start + m.end() <= self._scanned:
                continue  # answered already
            self.queries.append(m.group(0))
            if m.group("da"):
                reply = b"\x1b[?62;22c"
            elif m.group("dsr"):
                reply = f"\x1b[{self.screen.cursor.y + 1};{self.screen.cursor.x + 1}R".encode()
            else:
                code = m.group("osc").decode()
                colour = "ffff/ffff/ffff" if code == "10" else "0000/0000/0000"
                reply = f"\x1b]{code};rgb:{colour}\x1b\\".encode()
            self.write(reply)
        self._scanned = len(self.raw)

    def write(self, data: bytes | str) -> None:
        if isinstance(data, str):
            data = data.encode()
        if self.proc.poll() is not None:
            return
        with contextlib.suppress(OSError):
            os.write(self.master, data)

    # -- input ------------------------------------------------------------------------------
    def press(self, *keys: str, pause: float = 0.03) -> None:
        """Press keys by name ("enter", "pagedown", "shift+tab", "ctrl+f") or as characters."""
        for key in keys:
            data = KEYS.get(key)
            if data is None:
                if len(key) == 1:
                    data = key.encode()
                elif key.startswith("ctrl+") and len(key) == 6 and key[-1].isalpha():
                    data = bytes([ord(key[-1].lower()) - ord("a") + 1])
                else:
                    raise ValueError(f"unknown key name {key!r}")
            self.write(data)
            time.sleep(ESCAPE_PAUSE if data == b"\x1b" else pause)

    def type(self, text: str) -> None:
        """Type text as a burst, the way a paste-less fast typist would."""
        self.write(text.encode())

    def _mouse(self, button: int, x: int, y: int, release: bool = False) -> None:
        self.write(f"\x1b[<{button};{x + 1};{y + 1}{'m' if release else 'M'}")

    def move(self, x: int, y: int) -> None:
        """Move the mouse to the (0-based) cell (x, y)."""
        self._mouse(35, x, y)

    def click(self, x: int, y: int) -> None:
        """Left click on the (0-based) cell (x, y): move there, press, release."""
        self.move(x, y)
        time.sleep(0.02)
        self._mouse(0, x, y)
        time.sleep(0.02)
        self._mouse(0, x, y, release=True)

    def wheel(self, x: int, y: int, down: bool = True, times: int = 1) -> None:
        """Turn the mouse wheel over the (0-based) cell (x, y)."""
        self.move(x, y)
        for _ in range(times):
            time.sleep(0.02)
            self._mouse(65 if down else 64, x, y)

    def resize(self, cols: int, rows: int) -> None:
        """Resize the terminal: the pty's size, SIGWINCH to the child, and the pyte screen."""
        with self._lock:
            self._set_size(self.master, cols, rows)
            self.cols, self.rows = cols, rows
            self.screen.resize(rows, cols)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGWINCH)

    # -- the screen -------------------------------------------------------------------------
    def lines(self) -> list[str]:
        with self._lock:
            return [line.rstrip() for line in self.screen.display]

    def screen_text(self) -> str:
        return "\n".join(self.lines())

    def line(self, n: int) -> str:
        return self.lines()[n]

    def find(self, text: str) -> tuple[int, int] | None:
        """The (x, y) cell where text starts on screen (0-based), or None."""
        with self._lock:
            for y, line in enumerate(self.screen.display):
                x = line.find(text)
                if x >= 0:
                    # display gives a wide character once for its two cells: count cells
                    return (sum(2 if wcwidth(ch) == 2 else 1 for ch in line[:x]), y)
        return None

    def attrs_at(self, x: int, y: int) -> dict[str, Any]:
        """The pyte cell at (x, y): its character, colours and attributes."""
        with self._lock:
            cell = self.screen.buffer[y][x]
        return {"data": cell.data, "fg": cell.fg, "bg": cell.bg, "bold": cell.bold,
                "italics": cell.italics, "underscore": cell.underscore,
                "reverse": cell.reverse}

    def output_text(self) -> str:
        """Everything the app wrote so far, decoded, escape sequences removed (for messages
        that scrolled off or were drawn over, such as a traceback)."""
        with self._lock:
            raw = bytes(self.raw)
        text = raw.decode("utf-8", "replace")
        return _ESCAPES.sub("", text)

    def dump(self) -> str:
        width = self.cols
        lines = self.lines()
        border = "+" + "-" * width + "+"
        body = "\n".join(f"|{line:<{width}}|" for line in lines)
        state = "running" if self.proc.poll() is None else f"exited {self.proc.returncode}"
        return f"{border}\n{body}\n{border}\n({self.cols}x{self.rows}, {state})"

    # -- waiting ----------------------------------------------------------------------------
    def _wait(self, check: Any, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                if check():
                    return
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._changed.wait(min(left, 0.1))
        raise AssertionError(f"timed out after {timeout:g}s waiting for {what}; "
                             f"the screen:\n{self.dump()}")

    def wait_for(self, text: str, timeout: float = DEFAULT_TIMEOUT) -> tuple[int, int]:
        """Wait until text is on screen; return where."""
        self._wait(lambda: text in self.screen_text(), timeout, repr(text))
        found = self.find(text)
        assert found is not None or "\n" in text
        return found or (0, 0)

    def wait_gone(self, text: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Wait until text is no longer on screen."""
        self._wait(lambda: text not in self.screen_text(), timeout, f"{text!r} to go")

    def wait_until(self, predicate: Any, timeout: float = DEFAULT_TIMEOUT,
                   what: str = "a condition") -> None:
        """Wait until predicate(self) is true."""
        self._wait(lambda: predicate(self), timeout, what)

    def wait_quiet(self, ms: int = 300, timeout: float = 10.0) -> None:
        """Wait until the app has written nothing for ms milliseconds (counted from now at the
        earliest: call it after pressing keys, and it gives the app ms to start answering)."""
        quiet = ms / 1000
        start = time.monotonic()  # output from before the call does not count as activity
        self._wait(lambda: time.monotonic() - max(self.last_output, start) >= quiet, timeout,
                   f"{ms} ms without output")

    def wait_exit(self, timeout: float = 10.0) -> int:
        """Wait for the process to end; its exit status."""
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"draftdeck did not exit within {timeout:g}s; the screen:\n"
                                 f"{self.dump()}") from None

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    # -- the end ----------------------------------------------------------------------------
    def close(self, timeout: float = 5.0) -> int | None:
        """Quit with q (then ctrl+q); if that fails, kill the process group. Always reaps the
        child and stops the reader thread; returns the exit status."""
        try:
            # q, then ctrl+q (Textual's own quit, for when q went into a text field)
            # Close what a test left open (a dialog, a text field) so q quits at once.
            for _ in range(2):
                if self.alive:
                    self.press("escape")
            for key, wait in (("q", timeout), ("ctrl+q", 2.0)):
                if not self.alive:
                    break
                self.press(key)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.proc.wait(wait)
        finally:
            for sig in (signal.SIGTERM, signal.SIGKILL):
                if self.proc.poll() is not None:
                    break
                try:
                    os.killpg(self.proc.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.proc.wait(2)
                except subprocess.TimeoutExpired:
                    continue
            self.proc.wait()
            # Anything else left in the group (workers) goes too.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self._reader.join(1)  # it stops at EOF; if something still holds the pty, now
            self._stop.set()
            self._reader.join(1)
            with contextlib.suppress(OSError):
                os.close(self.master)
        return self.proc.returncode

    def __enter__(self) -> Term:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
