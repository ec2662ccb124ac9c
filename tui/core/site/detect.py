"""Which site generator a folder belongs to, and the front-matter conventions it reads.

`detect_site` looks from the opened folder (or a file's folder) upward for a generator's marks
(Hugo, Jekyll, Grav, Eleventy, Astro/Starlight, MkDocs, an Obsidian vault), then at the files
themselves (a WordPress export's `post_status`/`post_date`), else a plain folder. What the site's
config says where it matters is read too: Hugo's taxonomies, Jekyll's `defaults`, the content
folder. The result is a `Site`, which the readers and the editor consume; `draftdeck.toml`
overrides every one of its conventions (see config.py).
"""

from __future__ import annotations

import json
import os
import re
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.model import STATUSES

# Kinds whose front matter is read as the generator reads it; the others use the generic rules
# (first found of post_status, status, draft, published, a _drafts/ folder).
# Per generator: folders at the site's root that hold no content it publishes (templates,
# theme copies, its output, installed packages).
_NOT_CONTENT = {
    "hugo": ("archetypes", "themes", "layouts", "public", "resources"),
    "jekyll": ("_site", "_layouts", "_includes", "vendor"),
    "eleventy": ("_site", "_includes", "_layouts"),
    "astro": ("dist",),
    "mkdocs": ("site",),
}

GENERATORS = ("hugo", "jekyll", "grav", "eleventy", "astro", "mkdocs", "obsidian")
KINDS = (*GENERATORS, "wordpress", "plain")

_HUGO_NAMES = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json")
_HUGO_OLD_NAMES = ("config.toml", "config.yaml", "config.yml", "config.json")
_HUGO_DIRS = ("content", "archetypes", "layouts", "themes")
_ELEVENTY_NAMES = (".eleventy.js", "eleventy.config.js", "eleventy.config.mjs",
                   "eleventy.config.cjs", "eleventy.config.ts")
_ASTRO_NAMES = ("astro.config.mjs", "astro.config.js", "astro.config.ts", "astro.config.mts")
_MKDOCS_NAMES = ("mkdocs.yml", "mkdocs.yaml")
_JEKYLL_NAMES = ("_config.yml", "_config.yaml", "_config.toml")
_NUMBERED = re.compile(r"^\d+\.")
# How many files are looked at for a WordPress export's keys.
WORDPRESS_SAMPLE = 20
_WORDPRESS_KEY = re.compile(r"^post_(?:status|date)\s*:", re.MULTILINE)


@dataclass(frozen=True)
class Site:
    """A site and the conventions its generator reads.

    status_kind: how the generator keeps a status: "draft" (draft: true/false), "published"
    (published: true/false), "field" (a text field), or "" (generic: whatever each file uses).
    The *_fields are dotted keys, in the order the generator looks; the first is where a value
    that a file does not have yet is written. Empty means the generic rules.
    """

    kind: str = "plain"
    root: str | None = None
    config_file: str | None = None
    content_dir: str | None = None
    status_kind: str = ""
    status_field: str = ""
    status_values: tuple[str, ...] = STATUSES
    category_fields: tuple[str, ...] = ()
    tag_fields: tuple[str, ...] = ()
    date_fields: tuple[str, ...] = ("date", "post_date", "publishDate", "pubDate")
    case_insensitive: bool = False  # Hugo: front-matter keys in any case
    dated_file_names: bool = False  # Jekyll: YYYY-MM-DD-slug.md gives the date
    # Jekyll `defaults`: (path prefix relative to the root, published) for simple scopes.
    published_defaults: tuple[tuple[str, bool], ...] = ()
    # Hugo's `timeZone`: the zone of dates written without one (None: UTC).
    time_zone: str | None = None

    @property
    def generator(self) -> bool:
        return self.kind in GENERATORS

    def not_content(self) -> tuple[str, ...]:
        """Folders under the site's root that its generator does not read as content (its
        templates, its output, installed packages), as absolute paths."""
        if self.root is None:
            return ()
        return tuple(os.path.join(self.root, name) for name in _NOT_CONTENT.get(self.kind, ()))

    def describe(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "root": self.root, "config_file": self.config_file,
            "content_dir": self.content_dir,
            "status_field": self.status_field or None,
            "status_kind": self.status_kind or None,
            "status_values": list(self.status_values),
            "category_fields": list(self.category_fields),
            "tag_fields": list(self.tag_fields), "date_fields": list(self.date_fields),
            "time_zone": self.time_zone,
        }


# -- reading config files -----------------------------------------------------------------------

def _load_any(path: Path) -> dict[str, Any]:
    """A config file's top-level mapping; {} when it cannot be read (the site is still found)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    data: Any
    try:
        if path.suffix == ".toml":
            data = tomllib.loads(text)
        elif path.suffix == ".json":
            data = json.loads(text)
        else:
            data = _load_yaml(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def _load_yaml(text: str) -> Any:
    """A safe loader that reads unknown tags (`!!python/name:…` in mkdocs.yml) as None; None
    for text that is not YAML. (PyYAML is imported here: a TOML site never needs it.)"""
    import yaml

    class LenientLoader(yaml.SafeLoader):
        pass

    LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)
    LenientLoader.add_multi_constructor("tag:yaml.org,2002:python/",
                                        lambda loader, suffix, node: None)
    try:
        return yaml.load(text, Loader=LenientLoader)  # noqa: S506 - safe loader subclass
    except yaml.YAMLError:
        return None


def _ci(table: dict[str, Any], key: str) -> Any:
    """A value under a key in any case (Hugo's config keys are case-insensitive)."""
    if key in table:
        return table[key]
    folded = key.casefold()
    for k, v in table.items():
        if isinstance(k, str) and k.casefold() == folded:
            return v
    return None


def _first_file(folder: Path, names: tuple[str, ...]) -> Path | None:
    for name in names:
        p = folder / name
        if p.is_file():
            return p
    return None


def _hugo_config(folder: Path) -> Path | None:
    found = _first_file(folder, _HUGO_NAMES)
    if found:
        return found
    default = folder / "config" / "_default"
    found = _first_file(default, _HUGO_NAMES + _HUGO_OLD_NAMES)
    if found:
        return found
    if default.is_dir() and _first_file(default, ("taxonomies.toml", "taxonomies.yaml",
                                                  "taxonomies.yml", "taxonomies.json")):
        return default
    old = _first_file(folder, _HUGO_OLD_NAMES)
    if old and any((folder / d).is_dir() for d in _HUGO_DIRS):
        return old
    return None


def hugo_taxonomies(config: dict[str, Any]) -> dict[str, str] | None:
    """singular → plural (the front-matter key), from [taxonomies] or the old [indexes]."""
    table = _ci(config, "taxonomies")
    if table is None:
        table = _ci(config, "indexes")
    if not isinstance(table, dict):
        return None
    return {str(k): str(v) for k, v in table.items() if isinstance(v, str) and v.strip()}


def _hugo(folder: Path, config_path: Path) -> Site:
    config: dict[str, Any] = {}
    if config_path.is_dir():
        default = config_path
    else:
        config = _load_any(config_path)
        default = folder / "config" / "_default"
    if default.is_dir() and _ci(config, "taxonomies") is None:
        extra = _first_file(default, ("taxonomies.toml", "taxonomies.yaml", "taxonomies.yml",
                                      "taxonomies.json"))
        if extra:
            config = {**config, "taxonomies": _load_any(extra)}
    taxonomies = hugo_taxonomies(config)
    if taxonomies is None:  # Hugo's defaults
        taxonomies = {"category": "categories", "tag": "tags"}
    tag = taxonomies.get("tag")
    category = taxonomies.get("category")
    if category is None:
        others = [v for k, v in taxonomies.items() if k != "tag"]
        category = others[0] if others else "categories"
    content = _ci(config, "contentDir")
    zone = _ci(config, "timeZone")
    return Site(
        kind="hugo", root=str(folder), config_file=str(config_path),
        content_dir=str(folder / (content if isinstance(content, str) else "content")),
        status_kind="draft", status_field="draft",
        status_values=("draft", "publish", "future", "expired"),
        category_fields=(category,), tag_fields=(tag or "tags",),
        date_fields=("date", "publishDate", "pubDate", "published"),
        case_insensitive=True, time_zone=zone if isinstance(zone, str) and zone else None,
    )


def _jekyll_defaults(config: dict[str, Any]) -> tuple[tuple[str, bool], ...]:
    out: list[tuple[str, bool]] = []
    defaults = config.get("defaults")
    if not isinstance(defaults, list):
        return ()
    for entry in defaults:
        if not isinstance(entry, dict):
            continue
        values, scope = entry.get("values"), entry.get("scope")
        if not isinstance(values, dict) or not isinstance(values.get("published"), bool):
            continue
        prefix = scope.get("path", "") if isinstance(scope, dict) else ""
        if isinstance(prefix, str) and "*" not in prefix:
            out.append((prefix.strip("/"), values["published"]))
    return tuple(out)


def _jekyll(folder: Path, config_path: Path | None) -> Site:
    config = _load_any(config_path) if config_path else {}
    source = config.get("source")
    return Site(
        kind="jekyll", root=str(folder), config_file=str(config_path) if config_path else None,
        content_dir=str(folder / source) if isinstance(source, str) else str(folder),
        status_kind="published", status_field="published", status_values=("draft", "publish"),
        category_fields=("categories", "category"), tag_fields=("tags", "tag"),
        date_fields=("date",), dated_file_names=True,
        published_defaults=_jekyll_defaults(config),
    )


def _grav(folder: Path, pages: Path, config_path: Path | None) -> Site:
    return Site(
        kind="grav", root=str(folder), config_file=str(config_path) if config_path else None,
        content_dir=str(pages), status_kind="published", status_field="published",
        status_values=("draft", "publish"), category_fields=("taxonomy.category",),
        tag_fields=("taxonomy.tag",), date_fields=("date", "publish_date"),
    )


def _draft_flag_site(kind: str, folder: Path, config_path: Path | None, content: Path,
                     dates: tuple[str, ...]) -> Site:
    return Site(
        kind=kind, root=str(folder), config_file=str(config_path) if config_path else None,
        content_dir=str(content), status_kind="draft", status_field="draft",
        status_values=("draft", "publish"), category_fields=("categories", "category"),
        tag_fields=("tags",), date_fields=dates,
    )


def _is_grav_pages(pages: Path) -> bool:
    """A Grav pages tree: numbered folders (01.basics) holding template-named files."""
    try:
        entries = list(os.scandir(pages))
    except OSError:
        return False
    numbered = [e for e in entries if e.is_dir() and _NUMBERED.match(e.name)]
    return bool(numbered) and (pages.name == "pages" or len(numbered) >= 2)


def _grav_at(folder: Path) -> Site | None:
    user_pages = folder / "user" / "pages"
    if user_pages.is_dir():
        config = _first_file(folder / "user" / "config", ("site.yaml", "system.yaml"))
        return _grav(folder, user_pages, config)
    if folder.name == "pages" and _is_grav_pages(folder):
        root = folder.parent.parent if folder.parent.name == "user" else folder.parent
        return _grav(root, folder, None)
    pages = folder / "pages"
    if pages.is_dir() and _is_grav_pages(pages):
        return _grav(folder, pages, None)
    return None


def _site_at(folder: Path) -> Site | None:
    """The site whose root is this folder, if any."""
    hugo = _hugo_config(folder)
    if hugo:
        return _hugo(folder, hugo)
    jekyll = _first_file(folder, _JEKYLL_NAMES)
    if jekyll or (folder / "_posts").is_dir():
        return _jekyll(folder, jekyll)
    if folder.name in ("_posts", "_drafts") and folder.parent != folder:
        return _jekyll(folder.parent, _first_file(folder.parent, _JEKYLL_NAMES))
    eleventy = _first_file(folder, _ELEVENTY_NAMES)
    if eleventy:
        return _draft_flag_site("eleventy", folder, eleventy, folder, ("date",))
    astro = _first_file(folder, _ASTRO_NAMES)
    if astro:
        return _draft_flag_site("astro", folder, astro, folder / "src" / "content",
                                ("pubDate", "date", "publishDate"))
    mkdocs = _first_file(folder, _MKDOCS_NAMES)
    if mkdocs:
        docs = _load_any(mkdocs).get("docs_dir")
        return _draft_flag_site("mkdocs", folder, mkdocs,
                                folder / (docs if isinstance(docs, str) else "docs"), ("date",))
    grav = _grav_at(folder)
    if grav:
        return grav
    if (folder / ".obsidian").is_dir():
        return Site(kind="obsidian", root=str(folder), content_dir=str(folder),
                    status_kind="field", status_field="status",
                    category_fields=("categories", "category"), tag_fields=("tags",),
                    date_fields=("date", "created"))
    return None


def _head(path: str, size: int = 4096) -> str | None:
    """The start of a regular file, never blocking on a FIFO or a device; None otherwise."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return os.read(fd, size).decode("utf-8", "replace")
    finally:
        os.close(fd)


def _looks_like_wordpress(folder: Path) -> bool:
    seen = 0
    stack = [folder]
    while stack and seen < WORDPRESS_SAMPLE:
        current = stack.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(Path(entry.path))
                    continue
                if not entry.name.lower().endswith((".md", ".markdown")):
                    continue
                head = _head(entry.path)
            except OSError:
                continue
            if head is None:
                continue
            seen += 1
            if _WORDPRESS_KEY.search(head.split("\n---", 1)[0]):
                return True
            if seen >= WORDPRESS_SAMPLE:
                break
    return False


def detect_site(path: Path) -> Site:
    """The site that `path` (a folder or a file) belongs to, looking upward."""
    start = Path(os.path.abspath(path))
    folder = start if start.is_dir() else start.parent
    home = Path.home()
    for candidate in (folder, *folder.parents):
        site = _site_at(candidate)
        if site is not None:
            return site
        if candidate == home or (candidate / ".git").exists():
            break  # a site is never above the repository or the home folder
    if _looks_like_wordpress(folder):
        return Site(kind="wordpress", root=str(folder), content_dir=str(folder),
                    status_kind="field", status_field="post_status")
    return Site()
