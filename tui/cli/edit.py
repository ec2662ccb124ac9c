"""Editing commands of the CLI: `set` and `undo`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from tui.cli.output import UsageError, json_dump, out
from tui.core.edit.change import Edit
from tui.core.edit.editor import EditResult
from tui.core.read.corpus import load_corpus
from tui.core.sanitize import clean, clean_line
from tui.core.search.filters import Filter
from tui.core.site.config import load_config
from tui.core.store.journal import SKIP_HINT, Journal
from tui.core.workspace import Workspace


def _pair(text: str, option: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise UsageError(f"draftdeck set: {option} takes KEY=VALUE (dotted keys for nested "
                         f"fields), not '{text}'")
    return key.strip(), value


def edits_from_args(args: argparse.Namespace) -> list[Edit]:
    edits: list[Edit] = []
    if args.status:
        edits.append(Edit("status", value=args.status))
    for old, new in args.rename_category or ():
        edits.append(Edit("rename", value=new, old=old))
    for name in args.remove_category or ():
        edits.append(Edit("remove", value=name))
    for name in args.add_category or ():
        edits.append(Edit("add", value=name))
    for old, new in getattr(args, "rename_tag", None) or ():
        edits.append(Edit("rename-tag", value=new, old=old))
    for name in getattr(args, "remove_tag", None) or ():
        edits.append(Edit("remove-tag", value=name))
    for name in getattr(args, "add_tag", None) or ():
        edits.append(Edit("add-tag", value=name))
    if getattr(args, "title", None) is not None:
        edits.append(Edit("title", value=args.title))
    if getattr(args, "date", None) is not None:
        edits.append(Edit("date", value=args.date))
    for text in getattr(args, "field", None) or ():
        key, value = _pair(text, "--field")
        edits.append(Edit("set", key=key, value=value))
    for text in getattr(args, "add", None) or ():
        key, value = _pair(text, "--add")
        edits.append(Edit("list-add", key=key, value=value))
    for text in getattr(args, "remove", None) or ():
        key, value = _pair(text, "--remove")
        edits.append(Edit("list-remove", key=key, value=value))
    for key in getattr(args, "unset", None) or ():
        if not key.strip():
            raise UsageError("draftdeck set: --unset takes a field name")
        edits.append(Edit("unset", key=key.strip()))
    return edits


def _where_used(args: argparse.Namespace) -> bool:
    return bool(args.where_status or args.where_category or getattr(args, "where_tag", None)
                or getattr(args, "where", None))


def select_files(args: argparse.Namespace) -> tuple[Path, list[Path]]:
    """The root folder and the files a `set` acts on."""
    if _where_used(args):
        if len(args.files) > 1:
            raise UsageError("with --where-status/--where-category/--where-tag/--where, give one "
                             "folder (PATH)")
        root = Path(args.files[0] if args.files else ".")
        if not root.is_dir():
            raise UsageError(f"{root}: not a folder")
        config = load_config(root)
        from tui.cli.main import status_args
        from tui.core.fields import matches_where

        wheres = []
        for text in getattr(args, "where", None) or ():
            key, sep, value = text.partition("=")
            if not key.strip():
                raise UsageError(f"draftdeck set: --where takes KEY=VALUE, not '{text}'")
            wheres.append((key.strip(), value if sep else None))
        if wheres:  # field values need every file's front matter, not the index's summary
            articles = load_corpus(root, config)
        else:
            with Workspace(root, config) as ws:
                articles = ws.load_all()
        chosen = Filter(statuses=status_args(args.where_status, config),
                        categories=frozenset(args.where_category or ())).apply(articles)
        tags = {t.casefold() for t in getattr(args, "where_tag", None) or ()}
        if tags:
            chosen = [a for a in chosen if any(t.casefold() in tags for t in a.tags)]
        for key, value in wheres:
            chosen = [a for a in chosen if matches_where(a, key, value)]
        return root, [Path(a.abspath) for a in sorted(chosen, key=lambda a: a.path)]
    if not args.files:
        raise UsageError("give the files to edit (or --where-status/--where-category/--where-tag/"
                         "--where and a folder)")
    files = _unique([Path(f) for f in args.files])
    for f in files:
        if not f.exists() and not f.is_symlink():
            raise UsageError(f"{f}: no such file")
        if f.is_dir():
            raise UsageError(f"{f}: is a folder; use --where-status/--where-category to edit a folder")
    parents = {str(f.absolute().parent) for f in files}
    root = Path(os.path.commonpath(sorted(parents)))
    return root, files


def _unique(files: list[Path]) -> list[Path]:
    """Each file once, however often it is named (or reached through a link)."""
    seen: set[str] = set()
    unique = []
    for f in files:
        real = os.path.realpath(f)
        if real not in seen:
            seen.add(real)
            unique.append(f)
    return unique


def run_edits(root: Path, files: list[Path], edits: list[Edit], *, dry_run: bool, force: bool,
              description: str) -> tuple[list[EditResult], list[dict[str, Any]]]:
    """Plan the edits for each file through the folder's Workspace; write them unless a dry
    run. The site's conventions decide the keys written, whether one file or many."""
    with Workspace(root) as ws:
        if not dry_run:
            ws.journal.require()  # a state folder that cannot be used: one message, no write
        plan = ws.plan(files, edits, force=force)  # each file once, however often named
        results = list(plan.results)
        report: list[dict[str, Any]] = []
        if dry_run:
            for r in results:
                state = "refused" if r.refused else ("would change" if r.changed else "unchanged")
                report.append({"path": r.relpath, "state": state, "changes": r.changes,
                               "error": r.refused, "diff": r.diff()})
            return results, report
        outcomes = ws.apply(plan).outcomes
    for o in outcomes:
        report.append({"path": o.relpath, "state": o.state, "changes": list(o.changes),
                       "error": o.message if o.state == "refused" else None})
    return results, report


def cmd_set(args: argparse.Namespace) -> int:

    edits = edits_from_args(args)
    if not edits:
        raise UsageError("draftdeck set: nothing to do (give --status, --field, --unset, --add, "
                         "--remove, --title, --date, or a category or tag option)")
    root, files = select_files(args)
    description = "; ".join(e.describe() for e in edits)
    results, report = run_edits(root, files, edits, dry_run=args.dry_run, force=args.force,
                                description=description)
    return report_edits(results, report, dry_run=args.dry_run, as_json=args.json)


def report_edits(results: list[EditResult], report: list[dict[str, Any]], *, dry_run: bool,
                 as_json: bool) -> int:

    refused = [r for r in report if r["state"] == "refused"]
    if as_json:
        json_dump(report)
    else:
        if dry_run:
            for r in results:
                if r.changed:
                    sys.stdout.write(clean(r.diff()))
        for entry in report:
            if entry["state"] == "refused":
                out(clean_line(f"refused  {entry['path']}: {entry['error']}"))
            elif entry["state"] in ("written", "would change"):
                verb = "written " if entry["state"] == "written" else "would write"
                out(clean_line(f"{verb} {entry['path']}: {'; '.join(entry['changes'])}"))
        counts = {s: sum(1 for e in report if e["state"] == s)
                  for s in ("written", "would change", "unchanged", "refused")}
        summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "no files"
        out(("dry run: " if dry_run else "") + summary)
    return 1 if refused else 0


def cmd_undo(args: argparse.Namespace) -> int:
    path = Path(args.path)
    journal = Journal()
    report = journal.undo_last(path, skip=args.skip)
    if args.json:
        json_dump({"undone": report.batch.description if report.batch else None,
                   "skipped": report.skipped.description if report.skipped else None,
                   "note": report.note or None,
                   "files": [{"path": o.relpath, "ok": o.ok, "message": o.message}
                             for o in report.outcomes]})
        return 0 if report.ok else 1
    if report.skipped is not None:
        out(clean_line(f"skipped: {report.skipped.description} (left as it is)"))
    if report.batch is None:
        out(clean_line(report.note))
        return 1
    batch = report.batch
    out(clean_line(f"undo: {batch.description} ({batch.files} file"
                   f"{'s' if batch.files != 1 else ''})"))
    for o in report.outcomes:
        if o.ok:  # "restored", or "already as before"
            out(clean_line(f"  {o.message:<8} {o.relpath}"))
        else:
            out(clean_line(f"  refused  {o.relpath}: {o.message}"))
    if not report.ok:
        out(f"this edit cannot be undone in full; {SKIP_HINT}")
    return 0 if report.ok else 1


def add_edit_commands(sub: Any) -> None:
    p = sub.add_parser("set", help="change status, categories, tags or any field of files, "
                       "verified and undoable")
    p.add_argument("files", nargs="*", metavar="FILE", help="files (or one folder with --where-*)")
    p.add_argument("--status", metavar="S")
    p.add_argument("--add-category", action="append", metavar="C")
    p.add_argument("--remove-category", action="append", metavar="C")
    p.add_argument("--rename-category", nargs=2, action="append", metavar=("OLD", "NEW"))
    p.add_argument("--field", action="append", metavar="KEY=VALUE",
                   help="set a field (dotted keys for nested ones); the value is read as the type "
                   "the field holds or the schema gives (repeatable)")
    p.add_argument("--unset", action="append", metavar="KEY",
                   help="remove a field with all its lines (repeatable)")
    p.add_argument("--add", action="append", metavar="KEY=VALUE",
                   help="add an item to a list field (repeatable)")
    p.add_argument("--remove", action="append", metavar="KEY=VALUE",
                   help="remove an item from a list field (repeatable)")
    p.add_argument("--title", metavar="TEXT")
    p.add_argument("--date", metavar="DATE",
                   help="written in the style the file (or the folder) uses")
    p.add_argument("--add-tag", action="append", metavar="T")
    p.add_argument("--remove-tag", action="append", metavar="T")
    p.add_argument("--rename-tag", nargs=2, action="append", metavar=("OLD", "NEW"))
    p.add_argument("--where-tag", action="append", metavar="T",
                   help="edit every article of PATH with this tag (repeatable)")
    p.add_argument("--where", action="append", metavar="KEY=VALUE",
                   help="edit every article of PATH whose field holds VALUE (KEY= : lacks it; "
                   "repeatable, all must match)")
    p.add_argument("--where-status", action="append", metavar="S",
                   help="edit every article of PATH with this status (repeatable)")
    p.add_argument("--where-category", action="append", metavar="C",
                   help="edit every article of PATH in this category (repeatable)")
    p.add_argument("--dry-run", action="store_true", help="print a unified diff, write nothing")
    p.add_argument("--force", action="store_true",
                   help="overwrite a status (or a field) that is a list or mapping")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_set)

    p = sub.add_parser("undo", help="undo the last edit made under PATH")
    p.add_argument("path", nargs="?", default=".")
    p.add_argument("--skip", action="store_true",
                   help="leave the last edit as it is (it cannot be undone: a file changed since) "
                   "and undo the one before it")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_undo)

