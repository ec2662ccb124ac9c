"""Finding article files in a folder, stamping them (size, times, inode) and reading their bytes
safely: what a warm start needs, without the parsers."""

from __future__ import annotations

import os
import stat
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Literal, NamedTuple, overload

EXTENSIONS = (".md", ".markdown")
# Files larger than this are listed with an error and not read whole.
MAX_FILE_BYTES = 64 * 1024 * 1024


class ReadError(OSError):
    """A file that cannot be read safely (not a regular file, too large, gone)."""



def is_article_name(name: str) -> bool:
    return name.lower().endswith(EXTENSIONS)


def find_articles(root: Path, skip: Collection[str] = ()) -> Iterator[Path]:
    """Regular .md/.markdown files under `root` (or `root` itself), sorted by relative path."""
    for _, path, _ in sorted(walk(root, skip)):
        yield Path(path)


class Stamp(NamedTuple):
    """What says a file is unchanged (a tuple: compared with a cached row's columns as is)."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int

    @classmethod
    def of(cls, st: os.stat_result) -> Stamp:
        return _new_tuple(cls, (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))

    def storable(self) -> Stamp:
        """The stamp as the cache keeps and compares it: in SQLite's 64-bit integers."""
        if -_I64 <= self[1] < _I64 and -_I64 <= self[2] < _I64 and self[3] < _I64:
            return self
        return _wrapped(self)


_new_tuple = tuple.__new__
_I64 = 1 << 63


def _wrapped(stamp: Stamp) -> Stamp:
    """The stamp with each value brought into a signed 64-bit integer (what SQLite stores)
    modulo 2**64: a time after 2262 or before 1677, an inode number over 2**63 (a file
    system's own numbering). Two stamps still differ when the values do."""
    return Stamp(*(((value + _I64) % (1 << 64)) - _I64 for value in stamp))


# Never content: installed packages (an Astro or Eleventy site's node_modules holds thousands of
# README.md files).
SKIPPED_NAMES = frozenset({"node_modules"})


@overload
def walk(root: Path, skip: Collection[str] = (), stamped: Literal[True] = True
         ) -> Iterator[tuple[str, str, Stamp]]: ...


@overload
def walk(root: Path, skip: Collection[str], stamped: bool
         ) -> Iterator[tuple[str, str, Stamp | None]]: ...


def walk(root: Path, skip: Collection[str] = (), stamped: bool = True
         ) -> Iterator[tuple[str, str, Stamp | None]]:
    """(relative POSIX path, path, stamp as the cache keeps it: `Stamp.storable`) of every
    article file: scandir, one stat per file,
    hidden entries, node_modules and the folders in `skip` (absolute paths) skipped, links to
    folders not followed. With stamped=False no file is stat'ed (the folder's entries say which
    are regular files) and the stamps are None: for a reader that stamps each file as it reads
    it."""
    if not root.is_dir():
        try:
            st = os.stat(root)
        except OSError:
            return
        if stat.S_ISREG(st.st_mode) and is_article_name(root.name):
            yield root.name, str(root), Stamp.of(st).storable()
        return
    base = os.path.join(str(root), "")
    cut = len(base)
    stack = [base]
    sep = os.sep
    is_reg = stat.S_ISREG
    new = _new_tuple
    i64 = _I64
    skipped = {os.path.realpath(p) for p in skip}
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if name[0] == ".":
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    if name not in SKIPPED_NAMES and not (
                            skipped and os.path.realpath(entry.path) in skipped):
                        stack.append(entry.path + sep)
                    continue
                if not name.lower().endswith(EXTENSIONS):  # is_article_name, inlined
                    continue
                if stamped:
                    st = entry.stat(follow_symlinks=True)
                    if not is_reg(st.st_mode):
                        continue
                    stamp = new(Stamp, (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
                    if not (-i64 <= stamp[1] < i64 and -i64 <= stamp[2] < i64 and stamp[3] < i64):
                        stamp = _wrapped(stamp)  # storable(), inlined
                elif entry.is_file(follow_symlinks=True):  # a regular file, or a link to one
                    stamp = None
                else:
                    continue
            except OSError:
                continue
            path = entry.path
            rel = path[cut:]
            yield (rel.replace(sep, "/") if sep != "/" else rel), path, stamp


def read_bytes(path: Path | str, limit: int = MAX_FILE_BYTES) -> tuple[bytes, Stamp]:
    """Read a regular file without ever blocking on a FIFO or device; its stamp is taken from
    the open file, so it is the stamp of what was read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise ReadError("the file no longer exists") from None
    except PermissionError:
        raise ReadError("permission denied: the file cannot be read") from None
    except OSError as exc:
        raise ReadError(f"the file cannot be opened: {exc.strerror}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ReadError("not a regular file (a pipe, device or folder); it is not read")
        if st.st_size > limit:
            raise ReadError(
                f"the file is {st.st_size / 1_048_576:.0f} MB, larger than draftdeck reads "
                f"({limit // 1_048_576} MB)"
            )
        # One read when the file holds what its size says; one that grew or shrank meanwhile,
        # or a file system that reads in pieces, is read on to the end.
        first = os.read(fd, st.st_size + 1)
        if len(first) == st.st_size:
            return first, Stamp.of(st)
        chunks = [first]
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks), Stamp.of(st)
    finally:
        os.close(fd)


def relative_posix(path: Path, root: Path) -> str:
    base = root if root.is_dir() else root.parent
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()
