"""The command line: `draftdeck [PATH]` opens the app; subcommands work headless.

The UI is imported only when the app is asked for, so scripts never pay for Textual.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tui import __version__
from tui.cli.output import UsageError, err, json_dump, out, write_json_text
from tui.core.errors import DraftdeckError, on_warning
from tui.core.json_rows import join_rows
from tui.core.model import Article
from tui.core.sanitize import clean, clean_line
from tui.core.search.filters import NO_STATUS, Filter, by_date
from tui.core.site.config import Config, ConfigError, load_config, load_views
from tui.core.site.conventions import known_statuses, status_word
from tui.core.views.saved import View

COMMANDS = ("list", "show", "check", "set", "undo", "search", "categories", "tags", "fields",
            "info", "board", "schedule")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # exit 2 with a plain message, no usage dump
        raise UsageError(f"{self.prog}: {message}")


def _root_and_config(path: str) -> tuple[Path, Config]:
    root = Path(path)
    if not root.exists():
        raise UsageError(f"{path}: no such file or folder")
    folder = root if root.is_dir() else root.parent
    return root, load_config(folder)


def status_args(values: Sequence[str] | None, config: Config) -> frozenset[str]:
    """--status values as the articles hold them: `published` is publish, `Review` review."""
    known = known_statuses(config)
    return frozenset(NO_STATUS if v.strip().lower() == NO_STATUS
                     else (status_word(v, known) or v.strip().lower()) for v in values or ())


def _table(articles: list[Article]) -> None:
    width = shutil.get_terminal_size((120, 24)).columns
    rows = []
    for a in articles:
        status = "ERROR" if a.error else (a.status or NO_STATUS)
        rows.append((status, clean_line(a.title), clean_line(", ".join(a.categories)),
                     a.iso_date[:10] if a.iso_date else "", clean_line(a.path)))
    if not rows:
        out("No articles match.")
        return
    status_w = max(6, *(len(r[0]) for r in rows))
    date_w = 10
    rest = max(40, width - status_w - date_w - 8)
    title_w = max(20, rest * 5 // 10)
    cat_w = max(10, rest * 2 // 10)
    path_w = max(10, rest - title_w - cat_w)

    def cut(s: str, w: int) -> str:
        return s if len(s) <= w else s[: w - 1] + "…"

    out(f"{'STATUS':<{status_w}}  {'TITLE':<{title_w}}  {'CATEGORIES':<{cat_w}}  "
         f"{'DATE':<{date_w}}  PATH")
    for status, title, cats, when, path in rows:
        out(f"{status:<{status_w}}  {cut(title, title_w):<{title_w}}  "
             f"{cut(cats, cat_w):<{cat_w}}  {when:<{date_w}}  {cut(path, path_w)}")
    errors = sum(1 for a in articles if a.error)
    summary = f"{len(articles)} article{'s' if len(articles) != 1 else ''}"
    if errors:
        summary += f", {errors} with errors"
    out(summary)


def cmd_list(args: argparse.Namespace) -> int:
    root, config = _root_and_config(args.path)
    if args.no_cache:
        from tui.core.read.corpus import load_corpus

        articles = load_corpus(root, config)
    else:
        from tui.core.workspace import Workspace

        with Workspace(root, config) as ws:
            # Only the rows of the statuses asked for are read from the cache.
            wanted = status_args(args.status, config) or None
            if (_list_format(args) == "json" and not (args.view or args.sort or args.category
                                                       or args.query)):
                rows = ws.list_rows(wanted)  # kept as printed: nothing decoded
                if rows is not None:
                    write_json_text(join_rows(rows), escaped=True)
                    return 0
            articles = sorted(ws.current(wanted), key=lambda a: a.path)
    chosen = Filter(
        statuses=status_args(args.status, config),
        categories=frozenset(args.category or ()),
        query=args.query or "",
    ).apply(articles)
    fmt = _list_format(args)
    sort = args.sort
    if args.view:
        view = _saved_view(args.view, root)
        chosen = view.apply(chosen, status_args(view.statuses, config))
        sort = sort or view.sort
    if sort:
        chosen = sort_articles(chosen, sort, config)
    if fmt == "json":
        json_dump([a.summary() for a in chosen])
    elif fmt == "csv":
        _csv(chosen)
    else:
        _table(chosen)
    return 0


LIST_KEYS = ("path", "title", "status", "categories", "tags", "date", "words", "error")


def _list_format(args: argparse.Namespace) -> str:
    if args.json and args.format not in (None, "json"):
        raise UsageError(f"draftdeck list: --json is --format json; not with --format "
                         f"{args.format}")
    return "json" if args.json else (args.format or "table")


def _saved_view(name: str, root: Path) -> View:
    views = load_views(root if root.is_dir() else root.parent)
    if name not in views:
        known = ", ".join(views) if views else "none in draftdeck.toml"
        raise UsageError(f"draftdeck list: no view named '{name}' (views: {known})")
    return views[name]


def sort_articles(articles: list[Article], key: str, config: Config) -> list[Article]:
    """title A→Z; date and modified newest first (undated last); status in the config's order."""
    if key == "title":
        return sorted(articles, key=lambda a: (a.title.casefold(), a.path))
    if key == "modified":
        return sorted(articles, key=lambda a: (-a.mtime_ns, a.path))
    if key == "status":
        order = {s: i for i, s in enumerate(config.status_order(a.status for a in articles))}
        return sorted(articles, key=lambda a: (order.get(a.status or "", len(order)),
                                               a.title.casefold(), a.path))
    return by_date(articles)  # the lists' one date order (the app's list sorts by it too)


def _csv(articles: list[Article]) -> None:
    """A header row and the keys of --json; lists joined with "; ", null as an empty cell."""
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(LIST_KEYS)
    for a in articles:
        data = a.summary()
        row = []
        for key in LIST_KEYS:
            value = data[key]
            if isinstance(value, list):
                value = "; ".join(value)
            row.append("" if value is None else clean(str(value)))
        writer.writerow(row)


def show_data(article: Article) -> dict[str, Any]:
    data = article.summary()
    from tui.core.read.structure import parse_structure

    structure = parse_structure(article.body, article.body_first_line)
    data["sections"] = [{"level": s.level, "title": s.title, "line": s.line}
                        for s in structure.sections]
    data["takeaways"] = list(structure.takeaways)
    data["faq"] = [{"question": f.question, "answer": f.answer} for f in structure.faq]
    data["reading_minutes"] = article.reading_minutes
    data["date_source"] = article.date_source
    return data


def cmd_show(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if path.is_dir():
        raise UsageError(f"{args.file}: is a folder; 'show' takes one file")
    if not path.exists():
        raise UsageError(f"{args.file}: no such file")
    config = load_config(path.parent)
    from tui.core.read.corpus import load_article

    article = load_article(path, path.parent, config)
    data = show_data(article)
    data["path"] = Path(args.file).as_posix()
    if args.json:
        json_dump(data)
        return 0
    out(clean_line(article.title))
    out("=" * min(80, len(article.title)))
    meta = [f"status: {article.status or NO_STATUS}"]
    if article.categories:
        meta.append("categories: " + ", ".join(article.categories))
    if article.tags:
        meta.append("tags: " + ", ".join(article.tags))
    if article.iso_date:
        meta.append(f"date: {article.iso_date}")
    meta.append(f"{article.words} words, {article.reading_minutes} min read")
    for line in meta:
        out(clean_line(line))
    if article.error:
        out(f"error: {clean_line(article.error)}")
    for warning in article.warnings:
        out(f"warning: {clean_line(warning)}")
    if data["sections"]:
        out("\nSections:")
        for s in data["sections"]:
            out(f"  {'  ' * (s['level'] - 1)}{clean_line(s['title'])}  (line {s['line']})")
    if data["takeaways"]:
        out("\nKey Takeaways:")
        for t in data["takeaways"]:
            out(f"  - {clean_line(t)}")
    if data["faq"]:
        out("\nFAQ:")
        for item in data["faq"]:
            out(f"  Q: {clean_line(item['question'])}")
            answer = clean(item["answer"]).replace("\n", "\n     ")
            out(f"  A: {answer or '(no answer)'}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from tui.core.checks import check_folder
    from tui.core.read.corpus import load_corpus

    root, config = _root_and_config(args.path)
    articles = load_corpus(root, config)
    report: list[dict[str, Any]] = [{"path": article.path, "problems": problems}
                                    for article, problems in check_folder(articles, config)]
    if args.json:
        json_dump(report)
    else:
        for entry in report:
            for problem in entry["problems"]:
                line = f":{problem['line']}" if problem.get("line") else ""
                out(clean_line(f"{entry['path']}{line}: {problem['message']}"))
        total = sum(len(e["problems"]) for e in report)
        files = f"{len(articles)} file{'s' if len(articles) != 1 else ''}"
        out(f"{files} checked, {total} problem{'s' if total != 1 else ''} "
             f"in {len(report)} file{'s' if len(report) != 1 else ''}")
    return 1 if report else 0


def build_parser(only: str | None = None) -> _Parser:
    """The whole parser; with only="list", list's alone (the other commands' modules, with the
    editor behind them, are then not imported: scripts run `list` most)."""
    parser = _Parser(prog="draftdeck", description="Browse, read and edit Markdown articles.")
    parser.add_argument("--version", action="version", version=f"draftdeck {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    p = sub.add_parser("list", help="list articles, filtered")
    p.add_argument("path", nargs="?", default=".")
    p.add_argument("--status", action="append", metavar="S",
                   help="draft, pending, publish, private, future, trash, a site's own value "
                   "(review) or none (repeatable)")
    p.add_argument("--category", action="append", metavar="C", help="repeatable")
    p.add_argument("--query", metavar="TEXT", help="words in the title, categories or path")
    p.add_argument("--json", action="store_true", help="the same as --format json")
    p.add_argument("--format", choices=("table", "json", "csv"),
                   help="table (default), json, or csv (a header row, the keys of --json)")
    p.add_argument("--sort", choices=("title", "date", "status", "modified"),
                   help="title A-Z; date and modified newest first; status in the config's "
                   "order (default: by path)")
    p.add_argument("--view", metavar="NAME", help="a saved view: [views.NAME] in draftdeck.toml")
    p.add_argument("--no-cache", action="store_true",
                   help="read every file now instead of using the index in the cache folder")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", help="one article's metadata, sections, takeaways and FAQ")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("check", help="report problems; exit 1 when any is found")
    p.add_argument("path", nargs="?", default=".")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_check)
    if only == "list":
        return parser

    from tui.cli.categories import add_category_commands
    from tui.cli.edit import add_edit_commands
    from tui.cli.fields import add_fields_command
    from tui.cli.info import add_info_command
    from tui.cli.search import add_search_command
    from tui.cli.views import add_view_commands

    add_edit_commands(sub)
    add_fields_command(sub)
    add_category_commands(sub)
    add_search_command(sub)
    add_info_command(sub)
    add_view_commands(sub)
    return parser


def run_app(path: str) -> int:
    target = Path(path)
    if not target.exists():
        raise UsageError(f"{path}: no such file or folder")
    from tui.ui.app import make_app

    app = make_app(target)
    app.run()
    return app.return_code or 0


def _os_message(exc: OSError) -> str:
    where = f"{exc.filename}: " if exc.filename else ""
    return f"draftdeck: {where}{exc.strerror or exc}"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    stop_warnings = None
    try:
        if argv and (argv[0] in COMMANDS or argv[0].startswith("-")) and argv[0] not in ("-",):
            # A cache kept in memory, a damaged journal moved aside: one line each on stderr.
            stop_warnings = on_warning(lambda message: err(f"draftdeck: warning: {message}"))
            parser = build_parser("list") if argv[0] == "list" else build_parser()
            args = parser.parse_args(argv)
            if not getattr(args, "command", None):
                parser.print_help()
                return 0
            return int(args.func(args))
        if len(argv) > 1:
            raise UsageError("draftdeck: open one folder or file at a time (or give a command: "
                             + ", ".join(COMMANDS) + ")")
        return run_app(argv[0] if argv else ".")
    except UsageError as exc:
        err(str(exc))
        return 2
    except ConfigError as exc:
        err(f"draftdeck: {exc}")
        return 2
    except DraftdeckError as exc:  # storage, refusals, conflicts: the message says it all
        err(f"draftdeck: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # never a traceback: the file and the reason
        err(_os_message(exc))
        return 1
    except sqlite3.Error as exc:
        err(f"draftdeck: the cache or journal database failed: {exc}")
        return 1
    finally:
        if stop_warnings is not None:
            stop_warnings()
