"""draftdeck's benchmark: deterministic corpora, floors measured in the same run, ratios.

    python benchmarks/bench.py                      # 1k, 10k and 50k articles
    python benchmarks/bench.py --sizes 1000 --runs 3

Corpora are generated under benchmarks/corpora/ (git-ignored) in the primary format, with a
Hugo-compatible `draft` field and a Hugo site around them, so `hugo list drafts` can run too.
Every figure is the median of --runs runs; ratios are to the floors of the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPORA = HERE / "corpora"
ROOT = HERE.parent

WORDS = ["harbour", "light", "tide", "river", "song", "chorus", "verse", "bridge", "memory", "silence", "morning", "winter", "summer", "road", "home", "leaving", "waiting", "voice", "guitar", "piano", "drum", "night", "city", "field", "letter", "window", "mirror", "promise", "story", "weather", "storm", "rain", "dust", "fire", "glass", "paper", "stone", "ghost", "dream", "heart", "hands", "ocean", "mountain", "train", "station", "engine", "radio", "signal", "echo", "shadow", "garden", "orchard", "kitchen", "father", "mother", "brother", "sister", "friend", "stranger", "lover", "neighbour", "crowd", "choir", "town", "street"]
CATEGORIES = [
    "song-meanings", "indie-rock", "folk", "pop", "country", "jazz", "soul", "metal",
    "electronic", "synth-pop", "love-songs", "protest-songs", "travel-songs", "live-recordings",
    "lullabies", "experimental", "ballads", "hip-hop", "blues", "punk", "classical", "ambient",
    "reggae", "gospel", "disco", "grunge", "shoegaze", "emo", "bluegrass", "opera",
]
STATUSES = ["draft"] * 3 + ["pending"] + ["publish"] * 5 + ["private", "future"]


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng, rng.randint(8, 18)) for _ in range(rng.randint(3, 6)))


def article(rng: random.Random, i: int, target: int) -> str:
    song = " ".join(w.capitalize() for w in rng.sample(WORDS, 2))
    band = "The " + " ".join(w.capitalize() for w in rng.sample(WORDS, 1)) + "s"
    status = rng.choice(STATUSES)
    cats = ["song-meanings", *rng.sample(CATEGORIES[1:], rng.randint(1, 3))]
    day = f"20{rng.randint(18, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    head = (
        "---\n"
        f'title: "The Meaning Behind The Song: “{song}” by {band} ({i})"\n'
        f"post_status: {status}\n"
        f"draft: {'true' if status == 'draft' else 'false'}\n"
        f"date: {day}\n"
        "taxonomy:\n  category:\n" + "".join(f"    - {c}\n" for c in cats) + "---\n\n"
    )
    parts = [head, _paragraph(rng), "\n\n## Key Takeaways\n"]
    parts += [f"- **{_sentence(rng, 3)[:-1]}**, {_sentence(rng, 8)}\n" for _ in range(3)]
    faq = "\n## FAQ\n\n" + "".join(
        f"**Q: {_sentence(rng, 7)[:-1]}?**\nA: {_paragraph(rng)}\n\n" for _ in range(4))
    n = 1
    while sum(map(len, parts)) + len(faq) < target:
        parts.append(f"\n### {n}. {_sentence(rng, 4)[:-1]}: {_sentence(rng, 3)[:-1]}\n\n")
        parts.append(_paragraph(rng) + "\n\n" + _paragraph(rng) + "\n")
        n += 1
    parts.append(faq)
    return "".join(parts)


def generate(n: int) -> Path:
    root = CORPORA / f"{n}"
    posts = root / "content" / "posts"
    marker = root / ".complete"
    if marker.exists():
        return root
    shutil.rmtree(root, ignore_errors=True)
    posts.mkdir(parents=True)
    (root / "config.toml").write_text('baseURL = "http://example.org/"\ntitle = "bench"\n')
    rng = random.Random(n)
    for i in range(n):
        sub = posts / f"{i // 1000:03d}"
        if i % 1000 == 0:
            sub.mkdir(exist_ok=True)
        (sub / f"article-{i:05d}.md").write_text(article(rng, i, rng.randint(8_000, 14_000)))
    marker.write_text("ok")
    return root


def singles() -> dict[str, Path]:
    folder = CORPORA / "single"
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, size in (("12kb", 12_000), ("500kb", 500_000)):
        path = folder / f"article-{name}.md"
        if not path.exists():
            path.write_text(article(random.Random(size), 0, size))
        out[name] = path
    return out


def median_time(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def shell(cmd: str) -> None:
    subprocess.run(cmd, shell=True, check=False, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def child(code: str, env: dict[str, str]) -> dict[str, float]:
    """Run measuring code in a fresh interpreter; it prints a JSON object of figures."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, **env}, cwd=ROOT)
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-2000:])
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


INDEX_CODE = """
import json, time, resource
from pathlib import Path
start = time.perf_counter()
from tui.core.store.index import Index
index = Index(Path({root!r}))
articles = [a for batch in index.scan() for a in batch]
drafts = [a for a in articles if a.status == "draft"]
elapsed = time.perf_counter() - start
print(json.dumps({{"seconds": elapsed, "articles": len(articles), "drafts": len(drafts),
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""

APP_CODE = """
import asyncio, json, time, resource, statistics
from pathlib import Path
start = time.perf_counter()
from tui.ui.app import make_app
from tui.ui.widgets.article_list import ArticleList
from tui.ui.widgets.reader import Reader
from tui.core.store.index import Index

async def main():
    app = make_app(Path({root!r}), remember=False, watch=False, index_text=False)
    out = {{}}
    async with app.run_test(size=(120, 40)) as pilot:
        listing = app.main.query_one(ArticleList)
        while not listing.articles:
            await asyncio.sleep(0.005)
        out["first_drafts"] = time.perf_counter() - start
        while app.main._loading:
            await asyncio.sleep(0.01)
        out["all_listed"] = time.perf_counter() - start
        keys = []
        frames = []
        app.main.refresh_list(counts_too=False)
        for word in ["h", "ha", "har", "harb", "harbour", "song", "x", "light tide", "meaning"]:
            t = time.perf_counter()
            app.main.text_filter = word
            app.main.refresh_list(counts_too=False)  # what one keystroke in the filter does
            keys.append(time.perf_counter() - t)
            t = time.perf_counter()
            app.screen._compositor.render_update(full=True)  # and drawing the screen after it
            frames.append(time.perf_counter() - t)
            await pilot.pause()
        out["filter_keystroke"] = statistics.median(keys)
        out["filter_frame"] = statistics.median(frames)
        app.main.text_filter = ""
        app.main.refresh_list()
        for name, path in {singles!r}.items():
            times = []
            for _ in range(3):
                reader = app.main.query_one(Reader)
                token = reader._token
                t = time.perf_counter()
                app.main._open_token += 1
                app.main._read_article(Path(path), app.main._open_token, None)
                reader = app.main.query_one(Reader)
                # The first screen: the article's first chunk is laid out (painted next frame).
                while True:
                    views = reader.chunk_views()
                    if (reader._token > token and reader.article is not None
                            and reader.article.abspath == path and reader.first_painted()
                            and views and views[0].chunk is reader.chunks[0]
                            and views[0].region.height > 0):
                        break
                    await asyncio.sleep(0.002)
                times.append(time.perf_counter() - t)
                await asyncio.sleep(1.5)
            out["open_" + name] = statistics.median(times)
    out["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))

asyncio.run(main())
"""

VIEWER_CODE = """
import asyncio, json, time, statistics
from pathlib import Path
from textual.app import App
from textual.widgets import MarkdownViewer

class Viewer(App):
    def compose(self):
        yield MarkdownViewer(show_table_of_contents=True)

async def main():
    out = {{}}
    for name, path in {singles!r}.items():
        text = Path(path).read_text()
        times = []
        for _ in range(2):
            app = Viewer()
            async with app.run_test(size=(120, 40)) as pilot:
                viewer = app.query_one(MarkdownViewer)
                t = time.perf_counter()
                await viewer.document.update(text)
                await pilot.pause()
                times.append(time.perf_counter() - t)
        out["viewer_" + name] = statistics.median(times)
    print(json.dumps(out))

asyncio.run(main())
"""

FTS_CODE = """
import json, time, statistics
from pathlib import Path
from tui.core.store.index import Index
index = Index(Path({root!r}))
for _ in index.scan():
    pass
t = time.perf_counter()
index.refresh_fts()
build = time.perf_counter() - t
times = []
for q in ["harbour", "light tide", "silence morning", "orchard", "choir stranger", "mean"]:
    t = time.perf_counter()
    hits = index.search(q, limit=50)
    times.append(time.perf_counter() - t)
print(json.dumps({{"fts_build": build, "query": statistics.median(times)}}))
"""

EDIT_CODE = """
import json, time, statistics, shutil, tempfile
from pathlib import Path
from tui.core.edit.editor import Edit, plan_edit
from tui.core.edit.apply import apply_results
from tui.core.store.journal import Journal
src = Path({path!r})
tmp = Path(tempfile.mkdtemp())
target = tmp / src.name
shutil.copy(src, target)
journal = Journal(tmp / "j.db")
times = []
for status in ["pending", "publish", "draft", "private", "draft"]:
    t = time.perf_counter()
    result = plan_edit(target, tmp, [Edit("status", value=status)])
    apply_results([result], tmp, journal, "bench")
    times.append(time.perf_counter() - t)
print(json.dumps({{"edit": statistics.median(times)}}))
"""


def measure(n: int, runs: int, single: dict[str, Path]) -> dict[str, float | None]:
    root = generate(n)
    posts = root / "content" / "posts"
    figures: dict[str, float | None] = {}
    figures["cat"] = median_time(
        lambda: shell(f"find {posts} -type f -name '*.md' -print0 | xargs -0 cat > /dev/null"),
        runs)
    figures["rg"] = median_time(lambda: shell(f"rg -l '^post_status: draft' {posts}"), runs) \
        if shutil.which("rg") else None
    figures["hugo"] = median_time(lambda: shell(f"hugo list drafts -s {root}"), runs) \
        if shutil.which("hugo") else None
    colds = []
    rss = []
    for _ in range(runs):
        cache = tempfile.mkdtemp(prefix="dd-cache-")
        out = child(INDEX_CODE.format(root=str(posts)), {"DRAFTDECK_CACHE_DIR": cache})
        colds.append(out["seconds"])
        rss.append(out["maxrss_mb"])
        shutil.rmtree(cache, ignore_errors=True)
    figures["cold_index"] = statistics.median(colds)
    cache = tempfile.mkdtemp(prefix="dd-cache-")
    env = {"DRAFTDECK_CACHE_DIR": cache, "DRAFTDECK_STATE_DIR": cache}
    child(INDEX_CODE.format(root=str(posts)), env)
    warm = [child(INDEX_CODE.format(root=str(posts)), env) for _ in range(runs)]
    figures["warm_start"] = statistics.median(w["seconds"] for w in warm)
    app = [child(APP_CODE.format(root=str(posts), singles={k: str(v) for k, v in single.items()}),
                 env) for _ in range(max(1, runs - 1))]
    for key in ("first_drafts", "all_listed", "filter_keystroke", "filter_frame", "open_12kb",
                "open_500kb"):
        figures[key] = statistics.median(a[key] for a in app)
    figures["peak_memory_mb"] = max(a["maxrss_mb"] for a in app)
    fts = child(FTS_CODE.format(root=str(posts)), env)
    figures["fts_build"] = fts["fts_build"]
    figures["query"] = fts["query"]
    shutil.rmtree(cache, ignore_errors=True)
    return figures


ROWS = [
    ("cat of every file (floor)", "cat", "s"),
    ("rg -l '^post_status: draft' (floor)", "rg", "s"),
    ("hugo list drafts", "hugo", "s"),
    ("draftdeck cold index", "cold_index", "s"),
    ("draftdeck warm start (stat + cache)", "warm_start", "s"),
    ("app: first drafts listed (warm)", "first_drafts", "s"),
    ("app: whole folder listed (warm)", "all_listed", "s"),
    ("app: filter keystroke (filter the list)", "filter_keystroke", "ms"),
    ("app: redraw the whole screen after it", "filter_frame", "ms"),
    ("full-text index build (once)", "fts_build", "s"),
    ("full-text query", "query", "ms"),
    ("app: open 12 KB article", "open_12kb", "ms"),
    ("app: open 500 KB article (first screen)", "open_500kb", "ms"),
    ("Textual MarkdownViewer: 12 KB", "viewer_12kb", "ms"),
    ("Textual MarkdownViewer: 500 KB", "viewer_500kb", "ms"),
    ("status edit (plan, verify, write, journal)", "edit", "ms"),
    ("app peak memory (RSS)", "peak_memory_mb", "MB"),
]
RATIOS = [
    ("cold index / cat", "cold_index", "cat"),
    ("warm start / rg", "warm_start", "rg"),
    ("first drafts listed / rg", "first_drafts", "rg"),
    ("hugo list drafts / cat", "hugo", "cat"),
]


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "ms":
        return f"{value * 1000:.1f} ms"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:.2f} s"


def table(results: dict[int, dict[str, float | None]]) -> str:
    sizes = sorted(results)
    head = "| work | " + " | ".join(f"{n:,}" for n in sizes) + " |\n"
    head += "|---|" + "---|" * len(sizes) + "\n"
    lines = [head]
    for label, key, unit in ROWS:
        lines.append(f"| {label} | " + " | ".join(fmt(results[n].get(key), unit)
                                                  for n in sizes) + " |\n")
    lines.append("\n| ratio | " + " | ".join(f"{n:,}" for n in sizes) + " |\n")
    lines.append("|---|" + "---|" * len(sizes) + "\n")
    for label, a, b in RATIOS:
        cells = []
        for n in sizes:
            x, y = results[n].get(a), results[n].get(b)
            cells.append(f"{x / y:.2f}x" if x and y else "n/a")
        lines.append(f"| {label} | " + " | ".join(cells) + " |\n")
    return "".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None, help="also write the table here")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    single = singles()
    common = child(VIEWER_CODE.format(singles={k: str(v) for k, v in single.items()}), {})
    with tempfile.TemporaryDirectory() as tmp:
        common.update(child(EDIT_CODE.format(path=str(single["12kb"])),
                            {"DRAFTDECK_STATE_DIR": tmp}))
    results = {}
    for n in sizes:
        print(f"measuring {n:,} articles…", file=sys.stderr, flush=True)
        figures = measure(n, args.runs, single)
        figures.update(common)
        results[n] = figures
        print(json.dumps({str(n): figures}), file=sys.stderr, flush=True)
    text = table(results)
    print(text)
    if args.out:
        args.out.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
