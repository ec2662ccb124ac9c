"""The YAML fast path gives exactly the guarded safe loader's values, or declines.

Compared on every front matter the test suite holds (string constants of every test module, the
sample content, the hostile corpus) and on a grammar fuzz of YAML's traps. Where the fast path
answers, the guarded loader must give the same mapping (same key order, same types: bool vs str,
int vs float, date vs datetime, the same time zone) and no warnings.
"""

from __future__ import annotations

import ast
import datetime as dt
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.read import fast_yaml
from tui.core.read.document import DocumentError, split
from tui.core.read.frontmatter_parse import FrontMatterError, parse, parse_guarded

TESTS = Path(__file__).resolve().parent.parent
SAMPLE = TESTS.parent / "sample_content"


def identical(a: Any, b: Any) -> bool:
    """Equal values of the same types, mappings in the same order, NaN equal to NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(identical(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(identical(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, dt.datetime):
        return a == b and a.utcoffset() == b.utcoffset()
    return bool(a == b)


def agree(text: str) -> bool:
    """True when the fast path answered (and agreed); False when it declined."""
    fast = fast_yaml.load(text)
    if fast is None:
        return False
    try:
        reference = parse_guarded(text, "yaml")
    except (FrontMatterError, ValueError) as exc:  # pragma: no cover - a failure to report
        pytest.fail(f"fast path answered {fast!r} where the loader refuses ({exc}): {text!r}")
    assert identical(fast, reference.data), (text, fast, reference.data)
    assert reference.warnings == [], (text, reference.warnings)
    assert identical(parse(text, "yaml").data, reference.data)
    return True


def _strings_of_tests() -> list[str]:
    found: list[str] = []
    for module in sorted(TESTS.rglob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value:
                found.append(node.value)
    return found


def _front_matters(data: bytes) -> list[str]:
    try:
        doc = split(data)
    except DocumentError:
        return []
    return [doc.fm_text] if doc.format == "yaml" else []


def fixture_texts(tmp: Path) -> list[str]:
    texts: list[str] = []
    for value in _strings_of_tests():
        texts.append(value)  # front matter given to parse() directly
        texts.extend(_front_matters(value.encode("utf-8", "surrogatepass")))
    for path in sorted(SAMPLE.rglob("*.md")):
        texts.extend(_front_matters(path.read_bytes()))
    from tests.hostile.corpus import build

    folder = tmp / "hostile"
    build(folder, large=False)
    for path in sorted(folder.rglob("*.md")):
        if path.is_file() and not path.is_symlink():
            texts.extend(_front_matters(path.read_bytes()))
    return list(dict.fromkeys(texts))


def test_every_fixture_front_matter_agrees(tmp_path: Path) -> None:
    texts = fixture_texts(tmp_path)
    answered = sum(agree(text) for text in texts)
    # The path is taken for the plain front matters of the fixtures, not only declined.
    assert answered >= 50, answered
    samples = [fm for p in sorted(SAMPLE.rglob("*.md")) for fm in _front_matters(p.read_bytes())]
    assert sum(fast_yaml.load(fm) is not None for fm in samples) >= len(samples) // 2


REAL = """\
title: "The Meaning Behind The Song: “Harbour Light” by The Tides (12)"
post_status: draft
draft: true
date: 2021-03-04
slug: the-meaning-behind-the-song-harbour-light
description: It's a song about leaving, 100% honest
featured_image: https://example.org/uploads/2021/03/harbour-light.jpg#top
taxonomy:
  category:
    - song-meanings
    - 'indie rock'
  post_tag:
  - harbour
  - "light"
lastmod: 2021-05-06T10:00:00+01:00
weight: 10
# a comment line

toc: yes
"""


def test_a_real_sized_front_matter_takes_the_fast_path() -> None:
    assert agree(REAL)
    data = fast_yaml.load(REAL)
    assert data is not None
    assert data["date"] == dt.date(2021, 3, 4) and type(data["date"]) is dt.date
    assert data["toc"] is True and data["weight"] == 10
    assert data["taxonomy"] == {"category": ["song-meanings", "indie rock"],
                                "post_tag": ["harbour", "light"]}
    assert agree(REAL.replace("\n", "\r\n"))


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: [1, 2]\n", "a: {b: 1}\n", "a: |\n  x\n",
    "a: >\n  x\n", "a: b\n  c\n", "a: b # c\n", "a: 1\na: 2\n", "1: a\n", "yes: a\n",
    "? a\n: b\n", "---\na: 1\n", "a: 1\n...\n", "%YAML 1.1\n---\na: 1\n", "a:\n\t- b\n",
    '"a": 1\n', "a: 'b\n  c'\n", 'a: "b\\n"\n', "<<: {a: 1}\n", "a: =\n", "- a\n",
    "  a: 1\n", "a:\n  b: 1\n c: 2\n", "a: x\x85y\n", "a: x\u2028y\n", "\ufeffa: 1\n",
    "a: 2024-02-30\n", "a:\n  -\n  - b\n", "a: b: c\n", "a: x\x1by\n", "a: 'b' # c\n",
    "a:\n- b\n  c: d\n", "a : b\n", "", "... _: yes\n", "--- a: 1\n",
])
def test_the_fast_path_declines(text: str) -> None:
    assert fast_yaml.load(text) is None


def test_duplicate_keys_still_warn_through_the_guarded_path() -> None:
    assert fast_yaml.load("title: A\ntitle: B\n") is None
    parsed = parse("title: A\ntitle: B\n", "yaml")
    assert parsed.data == {"title": "B"} and parsed.warnings


# -- the fuzz ---------------------------------------------------------------------------------

TRAPS = [
    "yes", "no", "on", "off", "y", "n", "Yes", "NO", "On", "OFF", "True", "false", "TRUE",
    "~", "null", "Null", "NULL", "", ".nan", ".NaN", ".inf", "-.inf", "+.inf", ".Inf",
    "0o17", "017", "08", "0x1F", "0b101", "1_000", "1e3", "1.0e+3", "1.5", "-1", "+1", "0",
    "00", "-0", "1:30", "190:20:30", "1,000", "0.", "-.5", "12:30:45", "3.14_15",
    "2024-03-02", "2024-3-2", "2024-03-02T10:00:00Z", "2024-03-02 10:00:00 +01:00",
    "2024-03-02t10:00:00.5-05:00", "2024-03-02 10:00:00", "2024-02-30", "2024-03-02T25:00:00",
    "10:30", "a: b", "a #b", "a#b", "#x", "- x", "-x", "--", "---", "...", "-", "?x", ":x",
    "http://x.org/a?b=c#d", "C#", "it's", "=", "<<", "!tag", "&a", "*a", "[a]", "{a: 1}",
    "|", "> x", "@x", "`x", "%x", "é", "日本語", "😀", "a  b", "a:", "a:b", "\\n", "x\\",
    "'q'", '"q"', "a,b", "[", "}", "a'b", 'a"b', " lead", "trail ", "  ", "Ⅻ", "٣",
]
PIECES = ["yes", "1", ":", " ", "#", "-", "'", '"', "\\", "a", "é", "0", ".", "e", "_", ",",
          "[", "&", "*", "!", "|", ">", "%", "@", "\t", "\r", "\x85", "\u2028", "\x1b", "~",
          "T", "Z", "+", "2024-01-02", "😀", "\ufeff", "\xa0", "\u3000"]

scalar_text = st.one_of(
    st.sampled_from(TRAPS),
    st.lists(st.sampled_from(PIECES), max_size=5).map("".join),
    st.tuples(st.sampled_from(TRAPS), st.sampled_from(PIECES), st.sampled_from(TRAPS))
    .map("".join),
)


@st.composite
def scalars(draw: st.DrawFn) -> str:
    text = draw(scalar_text)
    style = draw(st.sampled_from(["plain", "plain", "single", "double", "raw-single"]))
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "double":
        return '"' + text + '"'
    if style == "raw-single":
        return "'" + text + "'"
    return text


keys = st.one_of(
    st.sampled_from(["title", "date", "post_status", "draft", "tags", "categories", "a key",
                     "yes", "no", "on", "1", "~", "null", "<<", "=", "a:b", "a#b", "-a", "é",
                     "日付", "key ", " key", "k'", "?k", "title", "2024-01-02", ".nan"]),
    st.text(alphabet="abcxyz _-.é:#'\"", min_size=1, max_size=6),
)


@st.composite
def documents(draw: st.DrawFn, depth: int = 0, indent: int = 0, clean: bool = False) -> list[str]:
    """Front-matter lines from a grammar of what sites write, with traps; `clean` leaves out
    the lines and comments that always send the text to the guarded loader."""
    lines: list[str] = []
    pad = " " * indent
    for _ in range(draw(st.integers(1, 4))):
        key = draw(keys)
        kinds = ["scalar"] * 4 + ["list", "map", "empty"] + ([] if clean else ["junk"])
        kind = draw(st.sampled_from(kinds))
        if kind == "scalar":
            after = draw(st.sampled_from(["", " "] if clean else ["", " ", "  # c"]))
            lines.append(f"{pad}{key}: {draw(scalars())}{after}")
        elif kind == "empty":
            lines.append(f"{pad}{key}:")
        elif kind == "list":
            lines.append(f"{pad}{key}:")
            step = draw(st.sampled_from([0, 2, 2, 4, 1]))
            for _ in range(draw(st.integers(1, 3))):
                lines.append(f"{pad}{' ' * step}- {draw(scalars())}")
        elif kind == "map" and depth < 2:
            lines.append(f"{pad}{key}:")
            step = draw(st.sampled_from([2, 2, 4, 1, 3]))
            lines.extend(draw(documents(depth + 1, indent + step, clean)))
        else:
            lines.append(pad + draw(st.sampled_from([
                "# comment", "", "   ", "  continued", "- item", "---", "...", "? q", "&a x: 1",
                "x: &a 1", "y: *a", "[a, b]", "z: !!int 3", "q: |", "  text"])))
    return lines


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.data())
def test_fuzz_the_fast_path_agrees_with_the_loader(lines: list[str], data: st.DataObject) -> None:
    text = "\n".join(lines) + data.draw(st.sampled_from(["\n", "", "\n\n"]))
    if data.draw(st.booleans()):  # a stray character anywhere
        at = data.draw(st.integers(0, len(text)))
        text = text[:at] + data.draw(st.sampled_from(PIECES + ["\n", " "])) + text[at:]
    agree(text)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(clean=True))
def test_fuzz_clean_documents_agree(lines: list[str]) -> None:
    agree("\n".join(lines) + "\n")


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(TRAPS), st.sampled_from(["plain", "single", "double"]))
def test_fuzz_every_trap_as_a_value_and_a_list_item(trap: str, style: str) -> None:
    value = {"plain": trap, "single": "'" + trap.replace("'", "''") + "'",
             "double": '"' + trap + '"'}[style]
    for text in (f"k: {value}\n", f"k:\n  - {value}\n", f"k:\n- {value}\nz: 1\n",
                 f"{trap}: 1\n", f"m:\n  {trap}: {value}\n"):
        agree(text)
