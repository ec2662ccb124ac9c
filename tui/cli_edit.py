"""Editing commands of the CLI (filled in by the editor's issue)."""

from __future__ import annotations

from typing import Any


def add_edit_commands(sub: Any) -> None:
    return None
