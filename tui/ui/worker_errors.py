"""A worker that fails is shown, never fatal: the one message for it, wherever it ran.

Textual posts a worker's state change to the node that started it and does not bubble it, so
the app, every screen and every widget that starts workers mix this in (a plain mixin: it adds a
handler and nothing else to the classes Textual builds styles from)."""

from __future__ import annotations

from typing import cast

from textual.dom import DOMNode
from textual.worker import Worker, WorkerState

from tui.core.sanitize import clean_line


class ShowsWorkerErrors:
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            message = getattr(error, "message", None) or str(error) or type(error).__name__
            cast(DOMNode, self).app.notify(
                clean_line(f"Something failed ({event.worker.name}): {message}"),
                title="Error", severity="error", markup=False, timeout=10)
