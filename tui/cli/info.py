"""`draftdeck info [PATH]`: the detected site and the conventions in force, with a count of
the articles by status."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import Any

from tui.cli.output import UsageError, json_dump, out
from tui.core.sanitize import clean_line
from tui.core.search.filters import NO_STATUS
from tui.core.site import conventions
from tui.core.site.config import CONFIG_NAME, Config, load_config

_GENERIC_STATUS = "post_status, status, draft, published, a _drafts/ folder (first found)"


def conventions_in_force(config: Config, folder: Path) -> dict[str, Any]:
    """The site and the fields draftdeck reads and writes there (draftdeck.toml first)."""
    site = config.site
    if config.status_key:
        status_field, status_kind = config.status_key, "field"
    elif site.generator or site.kind == "wordpress":
        status_field, status_kind = site.status_field, site.status_kind
    else:
        status_field, status_kind = None, None
    toml = folder / CONFIG_NAME
    return {
        "kind": site.kind,
        "root": site.root,
        "config_file": site.config_file,
        "draftdeck_toml": str(toml) if toml.is_file() else None,
        "content_dir": site.content_dir,
        "status_field": status_field,
        "status_kind": status_kind,
        "status_values": list(config.statuses if config.statuses_declared
                              else site.status_values),
        "category_fields": list(conventions.category_fields(config)),
        "tag_fields": list(conventions.tag_fields(config)),
        "date_fields": list(conventions.date_fields(config))
        + (["file name (YYYY-MM-DD-slug)"] if site.dated_file_names and not config.date_key
           else []),
        "keys_any_case": site.case_insensitive,
    }


def cmd_info(args: argparse.Namespace) -> int:
    root = Path(args.path)
    if not root.exists():
        raise UsageError(f"{args.path}: no such file or folder")
    folder = root if root.is_dir() else root.parent
    config = load_config(folder)
    from tui.core.workspace import Workspace

    with Workspace(root, config) as ws:
        articles = ws.load_all()
    counts = Counter(a.status or NO_STATUS for a in articles if not a.error)
    order = [s for s in config.status_order(counts) if counts.get(s)]
    by_status = {s: counts[s] for s in order}
    if counts.get(NO_STATUS):
        by_status[NO_STATUS] = counts[NO_STATUS]
    data = conventions_in_force(config, folder)
    data.update(path=args.path, articles=len(articles), by_status=by_status,
                errors=sum(1 for a in articles if a.error))
    if args.json:
        json_dump(data)
        return 0
    status = (f"{data['status_field']} ({data['status_kind']})" if data["status_field"]
              else _GENERIC_STATUS)
    lines = [
        f"site:        {data['kind']}" + (f" at {data['root']}" if data["root"] else ""),
        f"config file: {data['config_file'] or '(none)'}",
    ]
    if data["draftdeck_toml"]:
        lines.append(f"overrides:   {data['draftdeck_toml']}")
    if data["content_dir"]:
        lines.append(f"content:     {data['content_dir']}")
    lines += [
        f"status:      {status}; values: {', '.join(data['status_values'])}",
        f"categories:  {', '.join(data['category_fields'])}",
        f"tags:        {', '.join(data['tag_fields'])}",
        f"date:        {', '.join(data['date_fields'])}",
        f"articles:    {data['articles']}"
        + (f" ({data['errors']} with errors)" if data["errors"] else ""),
    ]
    for line in lines:
        out(clean_line(line))
    for name, n in by_status.items():
        out(clean_line(f"  {name:<12} {n:>6}"))
    return 0


def add_info_command(sub: Any) -> None:
    p = sub.add_parser("info", help="the detected site, its conventions, articles by status")
    p.add_argument("path", nargs="?", default=".")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_info)
