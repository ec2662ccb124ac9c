"""draftdeck's benchmark: deterministic corpora, floors measured beside each figure, ratios.

    python benchmarks/bench.py                      # 1k, 10k and 50k articles
    python benchmarks/bench.py --sizes 1000,10000 --runs 3

Corpora are generated under benchmarks/corpora/ (git-ignored): articles of 8-14 KB with a front
matter of ~550 B as real sites have, a Hugo-compatible `draft` field and a Hugo site around them,
so `hugo list drafts` can run too. Figures are what users wait for, each run as they run it: the
CLI's `list --status draft --json` (a new process, cold: an empty cache; warm: the cache of the
previous run), the app (cold and warm: process start to the first drafts listed), a search as the
S screen runs it, and the peak RSS of the process and its workers. Each round measures the floors
(`cat` of every file, `rg -l`) right before the figure, so a ratio compares times taken together
on a machine that others share; every figure and ratio is the median of --runs rounds.
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


AUTHORS = ["Jane Doe", "Sam Okafor", "Ines Moreau", "Kenji Sato", "Priya Nair", "Tom Reilly"]


def article(rng: random.Random, i: int, target: int) -> str:
    """One article: a front matter of ~500 B as real sites have (title, WordPress status, Hugo
    draft, dates, slug, author, description, image, Hugo's categories and tags lists), then Key Takeaways, body
    sections and an FAQ."""
    song = " ".join(w.capitalize() for w in rng.sample(WORDS, 2))
    band = "The " + " ".join(w.capitalize() for w in rng.sample(WORDS, 1)) + "s"
    status = rng.choice(STATUSES)
    cats = ["song-meanings", *rng.sample(CATEGORIES[1:], rng.randint(1, 3))]
    tags = rng.sample(WORDS, rng.randint(2, 5))
    year, month, day = rng.randint(18, 25), rng.randint(1, 12), rng.randint(1, 28)
    slug = f"meaning-behind-{song.lower().replace(' ', '-')}-{band.lower().replace(' ', '-')}-{i}"
    head = (
        "---\n"
        f'title: "The Meaning Behind The Song: “{song}” by {band} ({i})"\n'
        f"post_status: {status}\n"
        f"draft: {'true' if status == 'draft' else 'false'}\n"
        f"date: 20{year}-{month:02d}-{day:02d}\n"
        f"lastmod: 20{year}-{month:02d}-{day:02d}T{rng.randint(0, 23):02d}:"
        f"{rng.randint(0, 59):02d}:00+01:00\n"
        f"slug: {slug}\n"
        f"author: {rng.choice(AUTHORS)}\n"
        f"description: {_sentence(rng, rng.randint(12, 18))[:-1]}\n"
        f"featured_image: /wp-content/uploads/20{year}/{month:02d}/{slug}.jpg\n"
        f"weight: {rng.randint(1, 100)}\n"
        "categories:\n" + "".join(f"  - {c}\n" for c in cats)
        + "tags:\n" + "".join(f"  - {t}\n" for t in tags) + "---\n\n"
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
    root = CORPORA / f"v3-{n}"  # v3: the ~500 B front matter, Hugo's category and tag keys
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
    folder = CORPORA / "v3-single"
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


def run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB of the process and every descendant it waited for, stdout)."""
    start = time.perf_counter()
    # As an installed draftdeck runs: with its bytecode cached (pip compiles it at install; a
    # shell that sets PYTHONDONTWRITEBYTECODE would make every run compile draftdeck again).
    environ = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            env={**environ, **(env or {})}, cwd=ROOT)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss / 1024, out.decode("utf-8", "replace")


def shell(cmd: str) -> None:
    subprocess.run(cmd, shell=True, check=False, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def child(code: str, env: dict[str, str]) -> dict[str, float]:
    """Run measuring code in a fresh interpreter; it prints a JSON object of figures, to which
    the peak RSS of the interpreter and its workers is added."""
    _, rss, out = run([sys.executable, "-c", code], env)
    figures = dict(json.loads(out.strip().splitlines()[-1]))
    figures["rss_mb"] = rss
    return figures


APP_CODE = """
import asyncio, json, time, statistics
from pathlib import Path
start = time.perf_counter()
from tui.ui.app import make_app
from tui.ui.widgets.article_list import ArticleList
from tui.ui.widgets.reader import Reader

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
        if not {full!r}:
            print(json.dumps(out))
            return
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
                deadline = time.perf_counter() + 20
                while time.perf_counter() < deadline:
                    views = reader.chunk_views()
                    if (reader._token > token and reader.article is not None
                            and reader.article.abspath == path and reader.first_painted()
                            and views and views[0].chunk is reader.chunks[0]
                            and views[0].region.height > 0):
                        break
                    await asyncio.sleep(0.002)
                else:
                    continue  # not seen in 20 s: left out (the figure says n/a if never)
                times.append(time.perf_counter() - t)
                await asyncio.sleep(1.5)
            if times:
                out["open_" + name] = statistics.median(times)
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

# The S screen: the index is filled once (in the background in the app); each keystroke runs
# one query for the first 101 hits with their snippets; every few seconds the screen checks
# whether files changed (fts_pending) and refreshes only then.
FTS_CODE = """
import json, os, time, statistics
from pathlib import Path
from tui.core.store.index import Index
index = Index(Path({root!r}))
index.refresh()
t = time.perf_counter()
index.refresh_fts()
build = time.perf_counter() - t
index.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
size = sum(os.path.getsize(f"{{index.db_path}}{{s}}") for s in ("", "-wal")
           if os.path.exists(f"{{index.db_path}}{{s}}"))
keys, checks = [], []
for q in ["h", "ha", "harb", "harbour", "harbour l", "harbour light", "orchard", "choir str",
          "mean", "silence morning"]:
    t = time.perf_counter()
    hits = index.search(q, limit=101)
    keys.append(time.perf_counter() - t)
    t = time.perf_counter()
    index.fts_pending()
    checks.append(time.perf_counter() - t)
t = time.perf_counter()
index.refresh_fts()
noop = time.perf_counter() - t
print(json.dumps({{"fts_build": build, "search_key": statistics.median(keys),
                  "search_key_max": max(keys), "fts_check": statistics.median(checks),
                  "fts_refresh_noop": noop, "index_bytes": size}}))
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

DRAFTDECK = str(Path(sys.executable).parent / "draftdeck")


def measure(n: int, runs: int, single: dict[str, Path]) -> dict[str, float | None]:
    root = generate(n)
    posts = root / "content" / "posts"
    corpus_bytes = sum(p.stat().st_size for p in posts.rglob("*.md"))

    def cat() -> float:
        return median_time(lambda: shell(
            f"find {posts} -type f -name '*.md' -print0 | xargs -0 cat > /dev/null"), 1)

    def rg() -> float | None:
        if not shutil.which("rg"):
            return None
        return median_time(lambda: shell(f"rg -l '^post_status: draft' {posts}"), 1)

    samples: dict[str, list[float]] = {}

    def note(key: str, value: float | None) -> None:
        if value is not None:
            samples.setdefault(key, []).append(value)

    def paired(key: str, value: float, floors: dict[str, float | None]) -> None:
        note(key, value)
        for name, floor in floors.items():
            if floor:
                note(f"{key}/{name}", value / floor)

    listing = [DRAFTDECK, "list", str(posts), "--status", "draft", "--json"]
    for r in range(runs):
        print(f"  round {r + 1} of {runs}", file=sys.stderr, flush=True)
        cache = tempfile.mkdtemp(prefix="dd-cache-")
        env = {"DRAFTDECK_CACHE_DIR": cache, "DRAFTDECK_STATE_DIR": cache}
        note("cat", cat())
        note("rg", rg())
        floors = {"cat": cat(), "rg": rg()}
        seconds, rss, out = run(listing, env)
        paired("cli_cold", seconds, floors)
        note("cli_cold_rss", rss)
        note("drafts", len(json.loads(out)))
        floors = {"cat": cat(), "rg": rg()}
        seconds, rss, _ = run(listing, env)
        paired("cli_warm", seconds, floors)
        note("cli_warm_rss", rss)
        if shutil.which("hugo"):
            floors = {"cat": cat()}
            paired("hugo", median_time(lambda: shell(f"hugo list drafts -s {root}"), 1), floors)
        # The app: cold (an empty cache) and warm (the cache the CLI left).
        app_cache = tempfile.mkdtemp(prefix="dd-cache-")
        app_env = {"DRAFTDECK_CACHE_DIR": app_cache, "DRAFTDECK_STATE_DIR": app_cache}
        code = APP_CODE.format(root=str(posts), full=False, singles={})
        floors = {"rg": rg()}
        cold = child(code, app_env)
        paired("app_cold_first", cold["first_drafts"], floors)
        note("app_cold_all", cold["all_listed"])
        note("app_cold_rss", cold["rss_mb"])
        full = r == 0
        code = APP_CODE.format(root=str(posts), full=full,
                               singles={k: str(v) for k, v in single.items()} if full else {})
        floors = {"rg": rg()}
        warm = child(code, env)
        paired("app_warm_first", warm["first_drafts"], floors)
        note("app_warm_all", warm["all_listed"])
        note("app_warm_rss", warm["rss_mb"])
        for key in ("filter_keystroke", "filter_frame", "open_12kb", "open_500kb"):
            note(key, warm.get(key))
        fts = child(FTS_CODE.format(root=str(posts)), env)
        for key in ("fts_build", "search_key", "search_key_max", "fts_check",
                    "fts_refresh_noop"):
            note(key, fts[key])
        note("index_ratio", fts["index_bytes"] / corpus_bytes)
        note("index_mb", fts["index_bytes"] / 1e6)
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(app_cache, ignore_errors=True)
    figures: dict[str, float | None] = {k: statistics.median(v) for k, v in samples.items()}
    figures["corpus_mb"] = corpus_bytes / 1e6
    for key in ("cli_cold_rss", "cli_warm_rss", "app_cold_rss", "app_warm_rss"):
        figures[key] = max(samples[key])  # the peak over the rounds
    return figures


ROWS = [
    ("corpus size", "corpus_mb", "MB"),
    ("cat of every file (floor)", "cat", "s"),
    ("rg -l '^post_status: draft' (floor)", "rg", "s"),
    ("hugo list drafts", "hugo", "s"),
    ("`list --status draft --json`, cold (empty cache)", "cli_cold", "s"),
    ("`list --status draft --json`, warm", "cli_warm", "s"),
    ("app cold: first drafts listed (from process start)", "app_cold_first", "s"),
    ("app cold: whole folder listed", "app_cold_all", "s"),
    ("app warm: first drafts listed (from process start)", "app_warm_first", "s"),
    ("app warm: whole folder listed", "app_warm_all", "s"),
    ("app: filter keystroke (filter the list)", "filter_keystroke", "ms"),
    ("app: redraw the whole screen after it", "filter_frame", "ms"),
    ("app: open 12 KB article", "open_12kb", "ms"),
    ("app: open 500 KB article (first screen)", "open_500kb", "ms"),
    ("Textual MarkdownViewer: 12 KB", "viewer_12kb", "ms"),
    ("Textual MarkdownViewer: 500 KB", "viewer_500kb", "ms"),
    ("search keystroke as S runs it (query, 101 hits + snippets)", "search_key", "ms"),
    ("search keystroke, slowest of 10", "search_key_max", "ms"),
    ("S screen's background check for changed files", "fts_check", "ms"),
    ("full-text refresh when nothing changed", "fts_refresh_noop", "ms"),
    ("full-text index build (once, in the background)", "fts_build", "s"),
    ("index on disk (cache + full text)", "index_mb", "MB"),
    ("status edit (plan, verify, write, journal)", "edit", "ms"),
    ("peak RSS: CLI cold, largest process (workers included)", "cli_cold_rss", "MB"),
    ("peak RSS: app cold, largest process (workers included)", "app_cold_rss", "MB"),
    ("peak RSS: app warm", "app_warm_rss", "MB"),
]
RATIOS = [
    ("cold list / cat", "cli_cold/cat", "x"),
    ("warm list / rg", "cli_warm/rg", "x"),
    ("app cold first drafts / rg", "app_cold_first/rg", "x"),
    ("app warm first drafts / rg", "app_warm_first/rg", "x"),
    ("hugo list drafts / cat", "hugo/cat", "x"),
    ("index on disk / corpus bytes", "index_ratio", "x"),
]


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "ms":
        return f"{value * 1000:.1f} ms"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "x":
        return f"{value:.2f}x"
    return f"{value:.2f} s"


def table(results: dict[int, dict[str, float | None]]) -> str:
    sizes = sorted(results)
    head = "| work | " + " | ".join(f"{n:,}" for n in sizes) + " |\n"
    head += "|---|" + "---|" * len(sizes) + "\n"
    lines = [head]
    for label, key, unit in ROWS:
        lines.append(f"| {label} | " + " | ".join(fmt(results[n].get(key), unit)
                                                  for n in sizes) + " |\n")
    lines.append("\n| ratio (median of the rounds' own ratios) | "
                 + " | ".join(f"{n:,}" for n in sizes) + " |\n")
    lines.append("|---|" + "---|" * len(sizes) + "\n")
    for label, key, unit in RATIOS:
        lines.append(f"| {label} | " + " | ".join(fmt(results[n].get(key), unit)
                                                  for n in sizes) + " |\n")
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
    common.pop("rss_mb", None)
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
