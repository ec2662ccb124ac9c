"""The only module that writes article files: atomic replace, conflict check, links kept.

A write goes to a temporary file in the same folder, is flushed to disk, replaces the original in
one step and the folder is flushed. Any failure leaves the original as it was and no temp file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tui.core.errors import ConflictError, RefusalError


class WriteRefused(RefusalError):
    """The write was not done; `message` says why in plain words. The file is untouched."""

    def __init__(self, message: str, conflict: bool = False) -> None:
        super().__init__(message)
        self.conflict = conflict


class WriteConflict(WriteRefused, ConflictError):
    """The file changed on disk since it was read, or while it was being replaced."""

    def __init__(self, message: str) -> None:
        super().__init__(message, conflict=True)


@dataclass(frozen=True)
class Snapshot:
    """What the file looked like when it was read: the write goes ahead only if it still does."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, data: bytes, size: int, mtime_ns: int) -> Snapshot:
        return cls(size, mtime_ns, hashlib.sha256(data).hexdigest())


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def resolve_target(path: Path, root: Path | None) -> Path:
    """The file a write really goes to: a link's target, which must stay inside `root`."""
    if not path.is_symlink():
        return path
    target = Path(os.path.realpath(path))
    if root is not None:
        base = Path(os.path.realpath(root if root.is_dir() else root.parent))
        if base != target and base not in target.parents:
            raise WriteRefused(f"{path.name} is a link to a file outside the folder ({target}); "
                               "draftdeck does not write there")
    return target


def check_writable(path: Path, root: Path | None, allow_hardlinks: bool = False) -> None:
    """Raise WriteRefused for what a write would refuse anyway (a link out of the folder, a
    read-only or hard-linked file), so a plan or a dry run can say so before anything else."""
    target = resolve_target(path, root)
    try:
        st = os.stat(target)
    except OSError:
        return  # a missing file is reported by the read that follows
    _check_mode(target, st, allow_hardlinks)


def _check_mode(target: Path, st: os.stat_result, allow_hardlinks: bool) -> None:
    if not os.access(target, os.R_OK) or not (st.st_mode & stat.S_IRUSR):
        raise WriteRefused("the file cannot be read (permission denied), so it is not edited")
    if not os.access(target, os.W_OK) or not (st.st_mode & stat.S_IWUSR):
        raise WriteRefused("the file is read-only")
    if st.st_nlink > 1 and not allow_hardlinks:
        raise WriteRefused(f"the file has {st.st_nlink} hard links; replacing it would break "
                           "them, so it is not written")


def _current(target: Path) -> tuple[os.stat_result, bytes]:
    fd = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise WriteRefused("not a regular file")
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return st, b"".join(chunks)
    finally:
        os.close(fd)


CONFLICT = "the file changed on disk since it was read; reload it, or overwrite"
RACED = ("the file changed on disk while it was being written; it was put back as the other "
         "program left it (nothing of its change is lost) and this edit was not applied")
# How many times a put-back is retried while another program keeps appending.
PUT_BACK_TRIES = 20


def write_atomic(path: Path, data: bytes, expected: Snapshot | None, root: Path | None = None,
                 allow_hardlinks: bool = False) -> None:
    """Replace `path`'s bytes with `data` if the file still matches `expected`.

    The file is compared with `expected` once more right before the replace (after the new
    bytes are on disk), and the replaced file once more right after it: bytes another program
    wrote to it in between are put back (the edit is then refused as a conflict)."""
    target = resolve_target(path, root)
    try:
        st, current = _current(target)
    except FileNotFoundError:
        raise WriteConflict("the file was deleted since it was read") from None
    except PermissionError:
        raise WriteRefused("the file cannot be read (permission denied)") from None
    if expected is not None and (
        st.st_size != expected.size or sha256(current) != expected.sha256
    ):
        raise WriteConflict(CONFLICT)
    _check_mode(target, st, allow_hardlinks)
    folder = target.parent
    remove_stale_temps(folder)
    want = expected.sha256 if expected is not None else sha256(current)
    replaced = _swap(target, data, st, lambda seen: sha256(seen) == want)
    if replaced is None:
        raise WriteConflict(CONFLICT)
    old_fd, seen = replaced
    try:
        if not _settled(old_fd, seen, folder):
            _put_back(target, old_fd, seen, data, st)
            raise WriteConflict(RACED)
    finally:
        os.close(old_fd)


def _read_fd(fd: int) -> bytes:
    chunks = []
    offset = 0
    while chunk := os.pread(fd, 1 << 20, offset):
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def _settled(fd: int, seen: bytes, folder: Path) -> bool:
    """The replaced file still holds `seen`: checked now, and again after the folder is flushed
    (a writer that opened it before the replace has had that long to write)."""
    if _read_fd(fd) != seen:
        return False
    _fsync_dir(folder)
    return _read_fd(fd) == seen


def _temp(target: Path, data: bytes, st: os.stat_result) -> Path:
    """The new bytes in a temp file next to `target`, flushed, with `target`'s mode and owner."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=TEMP_SUFFIX,
                                    dir=target.parent)
    tmp = Path(tmp_name)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        with contextlib.suppress(PermissionError, AttributeError):
            os.chown(tmp, st.st_uid, st.st_gid)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise WriteRefused(f"the file could not be written: {exc.strerror or exc}") from None
        raise
    return tmp


def _swap(target: Path, data: bytes, st: os.stat_result,
          holds: Callable[[bytes], bool]) -> tuple[int, bytes] | None:
    """Replace `target` with `data` if, read right before the replace, it passes `holds`.
    Returns an open descriptor of the replaced file and the bytes it held then, or None (and
    nothing changed) when it did not pass."""
    tmp = _temp(target, data, st)
    fd = -1
    try:
        fd = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        seen = _read_fd(fd)
        if holds(seen) and os.fstat(fd).st_ino == os.stat(target).st_ino:
            os.replace(tmp, target)
            return fd, seen
    except FileNotFoundError:
        raise WriteConflict("the file was deleted since it was read") from None
    except OSError as exc:
        raise WriteRefused(f"the file could not be written: {exc.strerror or exc}") from None
    finally:
        if tmp.exists():  # not replaced: no temp file stays, and the file is as it was
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            if fd >= 0:
                os.close(fd)
    return None  # it does not hold what it should: nothing changed


def _put_back(target: Path, old_fd: int, seen: bytes, written: bytes,
              st: os.stat_result) -> None:
    """Another program wrote to the file we just replaced (it had it open). Put its bytes back:
    the replaced file as it is now, plus whatever was appended since to the file we wrote."""
    lost = _read_fd(old_fd)
    fds: list[int] = []
    try:
        for _ in range(PUT_BACK_TRIES):
            now = target.read_bytes()
            if not now.startswith(written):
                return  # rewritten by someone else since: theirs stands
            restore = lost + now[len(written):]
            replaced = _swap(target, restore, st, now.__eq__)
            if replaced is None:
                continue  # it changed again before the replace: read it again
            fd, held = replaced
            fds.append(fd)
            if _settled(fd, held, target.parent):
                return
            # Bytes went into the file we just replaced: carry them over too.
            extra = _read_fd(fd)
            lost = restore + extra[len(held):] if extra.startswith(held) else restore
            written = restore
    finally:
        for fd in fds:
            os.close(fd)
        _fsync_dir(target.parent)


TEMP_SUFFIX = ".draftdeck-tmp"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temps(folder: Path) -> list[Path]:
    """Remove temp files left by a draftdeck process that was killed mid-write."""
    removed: list[Path] = []
    try:
        names = [n for n in os.listdir(folder) if n.startswith(".") and n.endswith(TEMP_SUFFIX)]
    except OSError:
        return removed
    for name in names:
        parts = name[: -len(TEMP_SUFFIX)].split(".")
        pid = next((int(p) for p in reversed(parts[:-1]) if p.isdigit()), None)
        if pid is None or pid == os.getpid() or _pid_alive(pid):
            continue
        with contextlib.suppress(OSError):
            (folder / name).unlink()
            removed.append(folder / name)
    return removed


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
