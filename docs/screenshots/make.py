"""Make the README's screenshots: the main screen and the reader at 120x40, as SVG.

Run from the repository root: `python docs/screenshots/make.py`. It opens a private copy of
sample_content/ with private state and cache folders, so it never touches yours.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SIZE = (120, 40)


async def _settle(app: object, pilot: object) -> None:
    for _ in range(4):
        busy = [w for w in app.workers if w.group not in ("watch", "fts")]  # type: ignore[attr-defined]
        if busy:
            await app.workers.wait_for_complete(busy)  # type: ignore[attr-defined]
        await pilot.pause(0.2)  # type: ignore[attr-defined]


async def make(out: Path) -> list[Path]:
    from tui.ui.app import make_app
    from tui.ui.widgets.article_list import ArticleList

    work = Path(tempfile.mkdtemp(prefix="draftdeck-shots-"))
    os.environ["DRAFTDECK_STATE_DIR"] = str(work / "state")
    os.environ["DRAFTDECK_CACHE_DIR"] = str(work / "cache")
    folder = work / "sample_content"
    shutil.copytree(REPO / "sample_content", folder)
    made = []
    try:
        app = make_app(folder, watch=False, remember=False, index_text=False)
        async with app.run_test(size=SIZE) as pilot:
            await _settle(app, pilot)
            listing = app.main.query_one(ArticleList)
            listing.select_path("songs/copper-sky.md")
            await _settle(app, pilot)
            app.save_screenshot(filename="main.svg", path=str(out))
            made.append(out / "main.svg")
            await pilot.press("z")  # reading mode: the article, its outline and FAQ
            await _settle(app, pilot)
            app.save_screenshot(filename="reader.svg", path=str(out))
            made.append(out / "reader.svg")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return made


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    for path in asyncio.run(make(HERE)):
        print(path.relative_to(REPO))
