"""Where draftdeck keeps its own files: the user state and cache folders (platformdirs).

DRAFTDECK_STATE_DIR and DRAFTDECK_CACHE_DIR override them (tests, portable set-ups). A folder
that cannot be made or used raises StorageError naming it and that way out.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from tui.core.errors import StorageError, describe_os_error

APP = "draftdeck"
STATE_VAR = "DRAFTDECK_STATE_DIR"
CACHE_VAR = "DRAFTDECK_CACHE_DIR"


def state_path() -> Path:
    """The state folder's path, not created."""
    override = os.environ.get(STATE_VAR)
    return Path(override) if override else Path(platformdirs.user_state_dir(APP))


def cache_path() -> Path:
    """The cache folder's path, not created."""
    override = os.environ.get(CACHE_VAR)
    return Path(override) if override else Path(platformdirs.user_cache_dir(APP))


def way_out(variable: str) -> str:
    return f"Set {variable} to a folder you can write to"


def ensure_folder(path: Path, what: str, variable: str) -> Path:
    """Create `path` if needed; StorageError (with the folder and the way out) if it cannot be."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"draftdeck cannot use its {what} folder {path}: "
                           f"{describe_os_error(exc)}", path, way_out(variable)) from None
    return path


def state_dir() -> Path:
    return ensure_folder(state_path(), "state", STATE_VAR)


def cache_dir() -> Path:
    return ensure_folder(cache_path(), "cache", CACHE_VAR)
