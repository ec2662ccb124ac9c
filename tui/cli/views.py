"""`draftdeck board` and `draftdeck schedule`: the editorial views, headless.

    draftdeck board [PATH] [--json]
    draftdeck schedule [PATH] [--json] [--days N] [--now TIME]
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tui.cli.output import UsageError, json_dump, out
from tui.core.sanitize import clean_line
from tui.core.search.filters import NO_STATUS
from tui.core.site.config import load_config
from tui.core.site.conventions import site_zone
from tui.core.views.board import build_board
from tui.core.views.schedule import DAYS_AHEAD, DAYS_BACK, build_schedule, read_timings
from tui.core.workspace import Workspace


def _workspace(path: str) -> Workspace:
    root = Path(path)
    if not root.exists():
        raise UsageError(f"{path}: no such file or folder")
    return Workspace(root, load_config(root if root.is_dir() else root.parent))


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def cmd_board(args: argparse.Namespace) -> int:
    with _workspace(args.path) as ws:
        columns = build_board(ws.load_all(), ws.config)
    if args.json:
        json_dump([c.to_json() for c in columns])
        return 0
    for i, column in enumerate(columns):
        if i:
            out("")
        out(clean_line(f"{(column.status or NO_STATUS).upper()} ({column.count})"))
        if not column.articles:
            out("  (empty)")
        for a in column.articles:
            when = (a.iso_date or "")[:10]
            cats = f"  [{', '.join(a.categories)}]" if a.categories else ""
            out(clean_line(f"  {when:<10}  {_cut(a.title, 60)}{_cut(cats, 40)}  {a.path}"))
    return 0


def _now(text: str | None) -> datetime:
    if not text:
        return datetime.now(UTC)
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"draftdeck schedule: --now {text!r} is not an ISO date or time "
                         "(2024-06-15 or 2024-06-15T09:00+02:00)") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def cmd_schedule(args: argparse.Namespace) -> int:
    if args.days is not None and args.days < 0:
        raise UsageError("draftdeck schedule: --days takes a number of days, 0 or more")
    now = _now(args.now)
    back = timedelta(days=DAYS_BACK if args.days is None else args.days)
    ahead = timedelta(days=DAYS_AHEAD if args.days is None else args.days)
    with _workspace(args.path) as ws:
        articles = ws.load_all()
        timings = read_timings(articles, ws.read)
        zone = site_zone(ws.config)
    entries = build_schedule(articles, now, back=back, ahead=ahead, timings=timings, zone=zone)
    if args.json:
        json_dump([e.to_json() for e in entries])
        return 0
    if not entries:
        out(f"Nothing dated between {(now - back).date()} and {(now + ahead).date()}.")
        return 0
    rows: list[tuple[str, ...]] = []
    for e in entries:
        rows.append((e.when.isoformat()[:16].replace("T", " "), e.state,
                     e.article.status or NO_STATUS, clean_line(e.article.title),
                     clean_line(e.article.path)))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    out(f"{'DATE':<{widths[0]}}  {'STATE':<{widths[1]}}  {'STATUS':<{widths[2]}}  TITLE")
    today_shown = False
    for row in rows:
        if not today_shown and row[0][:10] >= now.date().isoformat():
            out(f"-- today {now.date().isoformat()} " + "-" * 20)
            today_shown = True
        out(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:<{widths[2]}}  "
            f"{_cut(row[3], 60)}  {row[4]}")
    counts: dict[str, int] = {}
    for e in entries:
        counts[e.state] = counts.get(e.state, 0) + 1
    out(", ".join(f"{n} {state}" for state, n in counts.items()))
    return 0


def add_view_commands(sub: Any) -> None:
    p = sub.add_parser("board", help="the articles by status, one column per status")
    p.add_argument("path", nargs="?", default=".")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_board)

    p = sub.add_parser("schedule", help="dated articles around today: scheduled, expired, "
                       "published, drafts")
    p.add_argument("path", nargs="?", default=".")
    p.add_argument("--json", action="store_true")
    p.add_argument("--days", type=int, metavar="N",
                   help=f"N days back and N ahead (default: {DAYS_BACK} back, {DAYS_AHEAD} ahead)")
    p.add_argument("--now", metavar="TIME",
                   help="the moment to work from, ISO 8601 (default: now; a time without a "
                   "zone is UTC)")
    p.set_defaults(func=cmd_schedule)
