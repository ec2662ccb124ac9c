"""Edits and undos run in worker threads one at a time, in the order the person asked for them.

Two quick keys (a field written, then another toggled) start two workers; without turns the
second could read the file before the first has written it, and its write would then be
refused as a change made elsewhere. A ticket is taken on the event loop when the key is
handled; the worker waits for its ticket's turn."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Turns:
    def __init__(self, stop: threading.Event | None = None) -> None:
        self._changed = threading.Condition()
        self._issued = 0
        self._serving = 0
        self._stop = stop or threading.Event()

    def ticket(self) -> int:
        """Take the next place in the line (on the event loop, in the order keys came)."""
        with self._changed:
            self._issued += 1
            return self._issued - 1

    @contextmanager
    def turn(self, ticket: int) -> Iterator[bool]:
        """Wait for this ticket's turn; yields False when the app is stopping instead."""
        with self._changed:
            while self._serving != ticket and not self._stop.is_set():
                self._changed.wait(0.1)
            ready = self._serving == ticket
        try:
            yield ready
        finally:
            if ready:
                with self._changed:
                    self._serving += 1
                    self._changed.notify_all()
