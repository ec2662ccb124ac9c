"""`draftdeck categories` and `draftdeck tags` (report, rename, merge)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from tui.cli.edit import report_edits, run_edits
from tui.cli.output import UsageError, json_dump, out
from tui.core.edit.categories import articles_in, category_report, merge_edits, rename_edits
from tui.core.sanitize import clean_line
from tui.core.workspace import Workspace


def _root(path: str) -> Path:
    root = Path(path)
    if not root.is_dir():
        raise UsageError(f"{path}: not a folder")
    return root


def cmd_tags(args: argparse.Namespace) -> int:
    return cmd_categories(args, "tag")


def cmd_categories(args: argparse.Namespace, taxonomy: str = "category") -> int:
    command = "tags" if taxonomy == "tag" else "categories"
    action = args.action
    if action in ("rename", "merge"):
        names = list(args.names)
        path = "."
        if action == "rename":
            if len(names) == 3:
                path = names.pop()
            if len(names) != 2:
                raise UsageError(f"draftdeck {command} rename OLD NEW [PATH]")
            sources, into = [names[0]], names[1]
            edits = rename_edits(names[0], names[1], taxonomy)
        else:
            if len(names) >= 3 and Path(names[-1]).is_dir():
                path = names.pop()
            if len(names) < 2:
                raise UsageError(f"draftdeck {command} merge FROM... INTO [PATH]")
            sources, into = names[:-1], names[-1]
            edits = merge_edits(sources, into, taxonomy)
        root = _root(path)
        with Workspace(root) as ws:
            targets = articles_in(ws.load_all(), sources, taxonomy)
        if not targets:
            out("no article has " + ", ".join(sources))
            return 0
        what = "tag " if taxonomy == "tag" else ""
        description = f"{action} {what}{', '.join(sources)} → {into}"
        results, outcome = run_edits(root, [Path(a.abspath) for a in targets], edits,
                                     dry_run=args.dry_run, force=False, description=description)
        return report_edits(results, outcome, dry_run=args.dry_run, as_json=args.json)
    root = _root(action or ".")
    with Workspace(root) as ws:
        report = category_report(ws.load_all(), taxonomy)
        config = ws.config
    if args.json:
        json_dump([c.as_json() for c in report])
        return 0
    if not report:
        out("No tags." if taxonomy == "tag" else "No categories.")
        return 0
    width = max(len(clean_line(c.name)) for c in report)
    for c in report:
        # In the config's order (declared statuses first), then any other met.
        order = config.status_order(c.by_status)
        rank = {s: i for i, s in enumerate(order)}
        statuses = ", ".join(f"{k} {v}" for k, v in sorted(
            c.by_status.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0])))
        near = f"  ≈ {', '.join(clean_line(n) for n in c.near)}" if c.near else ""
        out(f"{clean_line(c.name):<{width}}  {c.count:>6}  ({statuses}){near}")
    return 0


def add_category_commands(sub: Any) -> None:
    p = sub.add_parser("categories", help="categories with counts; rename or merge everywhere")
    p.add_argument("action", nargs="?", default=None,
                   help="PATH, or 'rename OLD NEW [PATH]', or 'merge FROM... INTO [PATH]'")
    p.add_argument("names", nargs="*")
    p.add_argument("--dry-run", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_categories)

    p = sub.add_parser("tags", help="tags with counts; rename or merge everywhere")
    p.add_argument("action", nargs="?", default=None,
                   help="PATH, or 'rename OLD NEW [PATH]', or 'merge FROM... INTO [PATH]'")
    p.add_argument("names", nargs="*")
    p.add_argument("--dry-run", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_tags)
