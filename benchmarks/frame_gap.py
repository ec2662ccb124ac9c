"""Does the app keep repainting while it writes? The longest frame gap during a 1,000-file merge.

    python benchmarks/frame_gap.py [--files 1000] [--runs 3]

A folder of N articles in one category is opened in the app (headless, Textual's test driver);
a timer asks for a repaint every 10 ms and records when each tick runs. Then every article's
category is merged into another through the app's own edit path (plan, preview confirmed, write,
journal, reload), and the longest gap between two ticks is reported. The floor of the same run is
the longest gap while the app sits idle; for comparison, the same plan and write done directly on
the event loop (what the app did before the Workspace moved them to thread workers).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ARTICLE = """---
title: "Field note {i}"
status: draft
categories: [old-name, notes]
date: 2024-01-{day:02d}
---

A short field note, number {i}, with a paragraph of text to read and nothing else.
"""


def make_folder(base: Path, n: int) -> Path:
    folder = base / f"merge-{n}"
    folder.mkdir(parents=True)
    for i in range(n):
        (folder / f"note-{i:05d}.md").write_text(ARTICLE.format(i=i, day=i % 28 + 1),
                                                 encoding="utf-8")
    return folder


async def _settle(app: object, pilot: object) -> None:
    for _ in range(3):
        busy = [w for w in app.workers if w.group not in ("watch", "fts")]  # type: ignore[attr-defined]
        if busy:
            await app.workers.wait_for_complete(busy)  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]


async def measure(folder: Path, mode: str) -> tuple[float, float, int]:
    """(longest gap in ms, seconds the edit took, files written)."""
    from tui.core.edit.editor import Edit
    from tui.ui.app import make_app
    from tui.ui.screens.preview import PreviewScreen

    app = make_app(folder, watch=False, remember=False, index_text=False)
    ticks: list[float] = []
    phases: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(app, pilot)
        app.set_interval(0.01, lambda: (ticks.append(time.perf_counter()), app.refresh()))
        targets = app.ws.articles()
        edits = [Edit("rename", value="new-name", old="old-name")]
        await pilot.pause(0.3)
        ticks.clear()
        started = time.perf_counter()
        if mode == "idle":
            await pilot.pause(1.0)
        elif mode == "on-loop":
            plan = app.ws.plan(targets, edits)  # the old way: everything on the event loop
            app.ws.apply(plan)
            await pilot.pause(0.1)
        else:
            app.edit(targets, edits, preview=True)
            while not isinstance(app.screen, PreviewScreen):
                await pilot.pause(0.01)
            phases.append(time.perf_counter())
            await pilot.pause(0.2)
            phases.append(time.perf_counter())
            await pilot.press("ctrl+s")
            while "new-name" not in (folder / "note-00000.md").read_text() or \
                    "new-name" not in (folder / f"note-{len(targets) - 1:05d}.md").read_text():
                await pilot.pause(0.01)
            await _settle(app, pilot)
        took = time.perf_counter() - started
        stamps = [started, *ticks]
        gap = max(b - a for a, b in zip(stamps, stamps[1:], strict=False)) if len(stamps) > 1 \
            else took
        written = sum(1 for p in folder.glob("*.md") if "new-name" in p.read_text())
        if phases and os.environ.get("GAP_PHASES"):
            bounds = [started, *phases, started + took]
            for a, b in zip(bounds, bounds[1:], strict=False):
                inside = [t for t in stamps if a <= t <= b]
                worst = max((y - x for x, y in zip(inside, inside[1:], strict=False)), default=0)
                print(f"  phase {a - started:.2f}-{b - started:.2f} s: longest gap "
                      f"{worst * 1000:.0f} ms")
    return gap * 1000, took, written


def reset(folder: Path) -> None:
    for path in folder.glob("*.md"):
        path.write_text(path.read_text().replace("new-name", "old-name"), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="draftdeck-gap-"))
    os.environ["DRAFTDECK_STATE_DIR"] = str(base / "state")
    os.environ["DRAFTDECK_CACHE_DIR"] = str(base / "cache")
    try:
        folder = make_folder(base, args.files)
        results: dict[str, list[tuple[float, float, int]]] = {}
        for _ in range(args.runs):
            for mode in ("idle", "app", "on-loop"):
                results.setdefault(mode, []).append(asyncio.run(measure(folder, mode)))
                reset(folder)
        print(f"{args.files} files, median of {args.runs} runs")
        print("| what | longest frame gap | edit took | files written |")
        print("| --- | --- | --- | --- |")
        names = {"idle": "app idle (floor)", "app": "merge through the app (thread workers)",
                 "on-loop": "same plan and write on the event loop (before)"}
        for mode, rows in results.items():
            gap = statistics.median(r[0] for r in rows)
            took = statistics.median(r[1] for r in rows)
            written = rows[-1][2]
            print(f"| {names[mode]} | {gap:.0f} ms | {took:.2f} s | "
                  f"{written if mode != 'idle' else '-'} |")
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
