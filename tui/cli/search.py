"""`draftdeck search`: full-text search over titles, front matter and bodies."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from tui.cli.output import UsageError, json_dump, out
from tui.core.sanitize import clean_line
from tui.core.search.fulltext import SNIPPET_CLOSE, SNIPPET_OPEN, query_words
from tui.core.workspace import Workspace

DEFAULT_LIMIT = 30
MAX_LIMIT = 100_000


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= value <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"give a number from 1 to {MAX_LIMIT:,}")
    return value


def _marked(snippet: str) -> str:
    return snippet.replace(SNIPPET_OPEN, "«").replace(SNIPPET_CLOSE, "»")


def cmd_search(args: argparse.Namespace) -> int:
    root = Path(args.path)
    if not root.exists():
        raise UsageError(f"{args.path}: no such file or folder")
    if not query_words(args.query):
        raise UsageError("give words to search for (letters or digits)")
    with Workspace(root) as ws:
        hits = ws.search(args.query, limit=args.limit + 1)
    capped = len(hits) > args.limit
    hits = hits[:args.limit]
    if args.json:
        json_dump([{"path": h.path, "title": h.title, "score": round(-h.score, 4),
                    "snippet": _marked(h.snippet)} for h in hits])
        return 0 if hits else 1
    if not hits:
        out("No matches.")
        return 1
    for h in hits:
        out(f"{clean_line(h.path)}  {clean_line(h.title)}")
        out(f"    {_marked(clean_line(h.snippet))}")
    if capped:
        out(f"(the first {args.limit}; more match: --limit N shows more, or add words)")
    return 0


def add_search_command(sub: Any) -> None:
    p = sub.add_parser("search", help="full-text search over titles, front matter and bodies")
    p.add_argument("query")
    p.add_argument("path", nargs="?", default=".")
    p.add_argument("--limit", type=_limit, default=DEFAULT_LIMIT,
                   help=f"at most this many results (default {DEFAULT_LIMIT})")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)
