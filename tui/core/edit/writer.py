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
from dataclasses import dataclass
from pathlib import Path


class WriteRefused(Exception):
    """The write was not done; `message` says why in plain words. The file is untouched."""

    def __init__(self, message: str, conflict: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.conflict = conflict


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


def write_atomic(path: Path, data: bytes, expected: Snapshot | None, root: Path | None = None,
                 allow_hardlinks: bool = False) -> None:
    """Replace `path`'s bytes with `data` if the file still matches `expected`."""
    target = resolve_target(path, root)
    try:
        st, current = _current(target)
    except FileNotFoundError:
        raise WriteRefused("the file was deleted since it was read", conflict=True) from None
    except PermissionError:
        raise WriteRefused("permission denied: the file cannot be read") from None
    if expected is not None and (
        st.st_size != expected.size or sha256(current) != expected.sha256
    ):
        raise WriteRefused("the file changed on disk since it was read; reload it, or overwrite",
                           conflict=True)
    _check_mode(target, st, allow_hardlinks)
    folder = target.parent
    remove_stale_temps(folder)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=TEMP_SUFFIX,
                                    dir=folder)
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
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise WriteRefused(f"the file could not be written: {exc.strerror or exc}") from None
        raise
    _fsync_dir(folder)


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
