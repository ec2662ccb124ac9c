"""The command line: one module per command group; the UI is imported only for the app."""

from tui.cli.main import main

__all__ = ["main"]
