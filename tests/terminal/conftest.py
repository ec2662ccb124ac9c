"""Fixtures for the real-terminal tests: `term` starts draftdeck in a pty; folders of articles."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from os import PathLike
from pathlib import Path

import pytest

if sys.platform == "win32":  # no pty: nothing here can run
    collect_ignore_glob = ["*.py"]
else:
    pytest.importorskip("pyte", reason="pyte renders the terminal: pip install -e '.[test]'")
    from tests.terminal.articles import write_long_folder, write_many, write_single
    from tests.terminal.harness import Term, draftdeck_script

SAMPLE = Path(__file__).resolve().parents[2] / "sample_content"

TermFactory = Callable[..., "Term"]


@pytest.fixture
def term(tmp_path: Path) -> Iterator[TermFactory]:
    """term(path_or_args, cols=120, rows=40) -> a running Term; every one is closed at the end."""
    script = draftdeck_script()
    if script is None:
        pytest.skip(f"the draftdeck console script is not installed next to {sys.executable}")
    started: list[Term] = []

    def _start(path_or_args: str | PathLike[str] | Sequence[str | PathLike[str]],
               cols: int = 120, rows: int = 40, **kwargs: object) -> Term:
        if isinstance(path_or_args, (str, PathLike)):
            args: list[str | PathLike[str]] = [path_or_args]
        else:
            args = list(path_or_args)
        home = tmp_path / f"home-{len(started)}"
        home.mkdir()
        t = Term(args, home=home, cols=cols, rows=rows, cwd=tmp_path, script=script,
                 **kwargs)  # type: ignore[arg-type]
        started.append(t)
        return t

    yield _start
    for t in started:
        t.close()


@pytest.fixture
def sample_folder(tmp_path: Path) -> Path:
    """A private copy of the repository's sample_content/ folder."""
    if not SAMPLE.is_dir():
        pytest.skip("sample_content/ is not next to the tests")
    dest = tmp_path / "sample_content"
    shutil.copytree(SAMPLE, dest)
    return dest


@pytest.fixture
def long_folder(tmp_path: Path) -> Path:
    """A folder whose newest article has 300 numbered lines in five sections."""
    return write_long_folder(tmp_path / "long")


@pytest.fixture
def many_folder(tmp_path: Path) -> Path:
    """450 small uncached draft articles."""
    return write_many(tmp_path / "many", 450)


@pytest.fixture
def single_file(tmp_path: Path) -> Path:
    """One published article, alone in its folder."""
    return write_single(tmp_path / "single")
