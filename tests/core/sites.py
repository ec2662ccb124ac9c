"""Small original sites, one per kind, written into a temporary folder for the tests."""

from __future__ import annotations

from pathlib import Path


def put(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def hugo_site(root: Path, config: str | None = None, config_name: str = "hugo.toml") -> Path:
    return put(root, {
        config_name: config if config is not None else 'title = "Tide tables"\n',
        "content/posts/low-water.md": (
            "---\nTitle: Low water at the pier\nDraft: true\nTags: [tides, pier]\n"
            "Date: 2023-04-02\n---\nBody.\n"),
        "content/posts/spring-tide.md": (
            '+++\ntitle = "Spring tide"\ndate = 2023-05-01\ncategories = ["moon"]\n+++\nBody.\n'),
        "content/posts/next-year.md": (
            "---\ntitle: Next year's almanac\npublishDate: 2999-01-01\n---\nBody.\n"),
        "content/posts/old-notice.md": (
            "---\ntitle: Old notice\nexpiryDate: 2001-01-01\n---\nBody.\n"),
        "archetypes/default.md": "---\ntitle: x\ndraft: true\n---\n",
    })


def jekyll_site(root: Path, config: str = "title: Kettle notes\n") -> Path:
    return put(root, {
        "_config.yml": config,
        "_posts/2022-11-05-descaling.md": (
            "---\ntitle: Descaling a kettle\nstatus: publish\npublished: true\n"
            "categories: care tips\ntags: kettle, limescale\n---\nBody.\n"),
        "_posts/2022-12-24-whistle.md": "---\ntitle: The whistle\n---\nBody.\n",
        "_drafts/copper.md": "---\ntitle: Copper kettles\n---\nBody.\n",
        "about.md": "---\ntitle: About\n---\nBody.\n",
    })


def grav_site(root: Path) -> Path:
    return put(root, {
        "user/config/site.yaml": "title: Lamp manual\n",
        "user/pages/01.start/docs.md": (
            "---\ntitle: Start here\ntaxonomy:\n    category: docs\ndate: 17-06-2017\n---\nB.\n"),
        "user/pages/01.start/02.wicks/docs.md": (
            "---\ntitle: Wicks\npublished: false\ndate: '13:34 04/14/2020'\n---\nB.\n"),
        "user/pages/02.oil/docs.md": "---\ntitle: Oil\ndate: 01/01/2020 3:14pm\n---\nB.\n",
    })


def grav_pages_only(root: Path) -> Path:
    """A Grav docs tree copied without the rest of the site: numbered folders under pages/."""
    return put(root, {
        "pages/01.intro/chapter.md": "---\ntitle: Intro\n---\nB.\n",
        "pages/02.usage/docs.md": "---\ntitle: Usage\ntaxonomy:\n    category: docs\n---\nB.\n",
    })


def eleventy_site(root: Path) -> Path:
    return put(root, {
        "eleventy.config.js": "export default function () {}\n",
        "posts/kite.md": "---\ntitle: Kites\ndraft: true\ntags: wind\n---\nB.\n",
    })


def astro_site(root: Path) -> Path:
    return put(root, {
        "astro.config.mjs": "export default {}\n",
        "src/content/docs/setup.md": (
            "---\ntitle: Setup\npubDate: 2024-02-03\ndraft: false\n---\nB.\n"),
    })


def mkdocs_site(root: Path) -> Path:
    return put(root, {
        "mkdocs.yml": "site_name: Ferns\ndocs_dir: pages\nmarkdown_extensions:\n"
                      "  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        "pages/blog/posts/moss.md": (
            "---\ntitle: Moss\ndraft: true\ndate:\n  created: 2024-01-31\n---\nB.\n"),
    })


def obsidian_vault(root: Path) -> Path:
    (root / ".obsidian").mkdir(parents=True, exist_ok=True)
    return put(root, {
        "Ideas/bread.md": "---\nstatus: review\ntags: [baking]\ncreated: 2024-06-01\n---\n# Bread\n",
        "Ideas/rye.md": "---\nstatus: in-progress\n---\n# Rye\n",
    })


def wordpress_export(root: Path) -> Path:
    return put(root, {
        "2021/harbour.md": (
            "---\ntitle: Harbour\npost_status: pending\npost_date: 2021-03-04 10:00:00\n---\nB.\n"),
    })
