"""Shared fixtures: every test gets its own state and cache folders, never the user's."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parent.parent / "sample_content"


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    base = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("DRAFTDECK_STATE_DIR", str(base / "state"))
    monkeypatch.setenv("DRAFTDECK_CACHE_DIR", str(base / "cache"))
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    from tui.core.errors import reset_warnings

    reset_warnings()  # each test starts with no warning already shown (they are once per run)


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """write("a.md", text_or_bytes) -> path under tmp_path, folders created."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_bytes(content.encode("utf-8"))
        else:
            path.write_bytes(content)
        return path

    return _write


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A private copy of sample_content/ to edit freely."""
    dest = tmp_path / "content"
    shutil.copytree(SAMPLE, dest)
    return dest
