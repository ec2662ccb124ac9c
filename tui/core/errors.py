"""The core's exceptions: one base, caught once by the CLI's `main` (message + exit code) and
once by the app. Each says what happened in plain words; `str(error)` is the message to show.

- ParseError: a file or setting that cannot be read as what it should be.
- ConflictError: a file changed by someone else between reading and writing.
- RefusalError: an edit or write that draftdeck will not do (read-only, links, ...).
- StorageError: draftdeck's own folders (cache, state) cannot be used; names the folder and the
  way out (an environment variable to point elsewhere).

Warnings that should reach the user without stopping anything (a cache that is not kept, a
damaged journal moved aside) go through `warn`: the CLI prints them on stderr, the app shows
them; each distinct message is reported once per process.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


class DraftdeckError(Exception):
    """Base of every error the core raises on purpose. `exit_code` is the CLI's exit status."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ParseError(DraftdeckError, ValueError):
    """Text that cannot be read as what it should be (front matter, a config file)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


class RefusalError(DraftdeckError):
    """An edit or write that is not done; the file is untouched."""


class ConflictError(RefusalError):
    """The file changed on disk since it was read (or while it was written)."""


class StorageError(DraftdeckError):
    """draftdeck's own state or cache folder cannot be used."""

    def __init__(self, message: str, folder: Path | None = None, way_out: str = "") -> None:
        full = f"{message}. {way_out}" if way_out else message
        super().__init__(full)
        self.folder = folder
        self.way_out = way_out


def describe_os_error(exc: BaseException) -> str:
    """'a file is where the folder should be', 'permission denied', 'disk full', ..."""
    import errno

    if isinstance(exc, OSError):
        code = exc.errno
        if code in (errno.EEXIST, errno.ENOTDIR):
            return "a file is where the folder should be"
        if code in (errno.EACCES, errno.EPERM):
            return "permission denied"
        if code == errno.EROFS:
            return "the file system is read-only"
        if code == errno.ENOSPC:
            return "the disk is full"
        return exc.strerror or str(exc)
    text = str(exc)
    return {"database or disk is full": "the disk is full",
            "attempt to write a readonly database": "it is read-only",
            "unable to open database file": "the database file cannot be opened",
            "file is not a database": "the file is damaged (not a database)",
            }.get(text, text)


_listeners: list[Callable[[str], None]] = []
_seen: set[str] = set()
warnings_seen: list[str] = []


def on_warning(listener: Callable[[str], None]) -> Callable[[], None]:
    """Call `listener(message)` for every new warning; returns a function that removes it."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None


def warn(message: str) -> None:
    """Report a warning once per process (the same message again is not repeated)."""
    if message in _seen:
        return
    _seen.add(message)
    warnings_seen.append(message)
    for listener in list(_listeners):
        listener(message)


def reset_warnings() -> None:
    """Forget which warnings were shown (tests, or a new session)."""
    _seen.clear()
    warnings_seen.clear()
