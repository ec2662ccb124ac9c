"""`draftdeck fields`: every front-matter key of a folder with its count, types and commonest
values; fields whose type differs across articles are marked."""

from __future__ import annotations

import argparse
from typing import Any

from tui.cli.output import UsageError, json_dump, out
from tui.core.fields import field_report
from tui.core.read.corpus import load_corpus
from tui.core.sanitize import clean_line
from tui.core.site.config import load_config
from tui.core.workspace import Workspace


def cmd_fields(args: argparse.Namespace) -> int:
    from pathlib import Path

    root = Path(args.path)
    if not root.exists():
        raise UsageError(f"{args.path}: no such file or folder")
    folder = root if root.is_dir() else root.parent
    with Workspace(root, load_config(folder)) as ws:
        # The index keeps a summary of each file; the fields need every file's front matter.
        articles = load_corpus(ws.root, ws.config) if root.is_dir() else [ws.read(
            ws.relpath(root))]
        schema = {s.key: s for s in ws.config.schema}
    report = field_report(articles)
    total = sum(1 for a in articles if not a.error)
    if args.json:
        data: list[dict[str, Any]] = []
        for info in report:
            entry = info.as_json()
            spec = schema.get(info.key)
            entry["schema"] = spec.describe() if spec else None
            data.append(entry)
        json_dump({"articles": total, "fields": data})
        return 0
    if not report:
        out("No front-matter fields.")
        return 0
    width = min(40, max(len(clean_line(i.key)) for i in report))
    for info in report:
        types = ", ".join(f"{t} {n}" if len(info.types) > 1 else t
                          for t, n in info.types.most_common())
        values = ", ".join(f"{clean_line(v)[:30]} ({n})" for v, n in info.top(3))
        mark = "  ⚠ mixed types" if info.mixed else ""
        out(f"{clean_line(info.key):<{width}}  {info.count:>6}  {types}{mark}")
        if values:
            out(f"{'':<{width}}          {values}")
    mixed = sum(1 for i in report if i.mixed)
    out(f"{len(report)} field{'s' if len(report) != 1 else ''} in {total} article"
        f"{'s' if total != 1 else ''}" + (f", {mixed} with mixed types" if mixed else ""))
    return 0


def add_fields_command(sub: Any) -> None:
    p = sub.add_parser("fields", help="every front-matter field: count, types, commonest values")
    p.add_argument("path", nargs="?", default=".")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_fields)
