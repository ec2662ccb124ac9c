"""Where draftdeck keeps its own files: the user state and cache folders (platformdirs).

DRAFTDECK_STATE_DIR and DRAFTDECK_CACHE_DIR override them (tests, portable set-ups).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "draftdeck"


def state_dir() -> Path:
    override = os.environ.get("DRAFTDECK_STATE_DIR")
    path = Path(override) if override else Path(platformdirs.user_state_dir(APP))
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    override = os.environ.get("DRAFTDECK_CACHE_DIR")
    path = Path(override) if override else Path(platformdirs.user_cache_dir(APP))
    path.mkdir(parents=True, exist_ok=True)
    return path
