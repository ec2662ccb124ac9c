"""CLI contract of issue 13: `set` with --field/--unset/--add/--remove/--title/--date and the tag
options, the --where-tag/--where selections, `tags` (report, rename, merge), `fields`, and the
schema checks of `check`. One journal batch per command; `undo` restores the bytes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.test_cli import draftdeck
from tui.cli.main import main

A = ("---\ntitle: First\ndate: 2024-03-02\nweight: 3\ndraft: true\ntags:\n  - Rock\n  - pop\n"
     "params:\n  author: Ann  # who\n---\nBody A\n")
B = "+++\ntitle = \"Second\"\ndate = 2024-01-05T10:00:00Z\ntags = [\"rock\"]\nweight = 1\n+++\nBody B\n"
C = '{\n  "title": "Third",\n  "date": "2023-12-01",\n  "tags": ["jazz"],\n  "weight": "heavy"\n}\nBody C\n'


@pytest.fixture
def folder(write: Callable[..., Path], tmp_path: Path) -> Path:
    write("site/a.md", A)
    write("site/b.md", B)
    write("site/c.md", C)
    return tmp_path / "site"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    got = capsys.readouterr()
    return code, got.out, got.err


def test_field_unset_add_remove_title_date_then_undo(folder: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    f = folder / "a.md"
    before = f.read_bytes()
    code, out, err = run(capsys, "set", str(f), "--field", "weight=4", "--field", "params.author=Bo",
                         "--unset", "draft", "--add", "keywords=alpha", "--add", "keywords=beta",
                         "--remove", "keywords=alpha", "--title", "New title",
                         "--date", "2024-05-01")
    assert code == 0, err
    assert "written" in out
    assert f.read_text() == (
        "---\ntitle: New title\ndate: 2024-05-01\nweight: 4\ntags:\n  - Rock\n  - pop\n"
        "params:\n  author: Bo  # who\nkeywords:\n  - beta\n---\nBody A\n")
    code, out, _ = run(capsys, "undo", str(folder))
    assert code == 0 and "restored" in out
    assert f.read_bytes() == before


def test_tag_options(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = folder / "a.md"
    code, out, err = run(capsys, "set", str(f), "--add-tag", "jazz", "--remove-tag", "POP",
                         "--rename-tag", "rock", "rock music", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report[0]["state"] == "written"
    assert "  - rock music\n  - jazz\n" in f.read_text()


def test_type_rules_refuse_with_the_reason(folder: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    before = {p: p.read_bytes() for p in folder.iterdir()}
    code, out, _ = run(capsys, "set", str(folder / "a.md"), "--field", "weight=heavy")
    assert code == 1
    assert "refused" in out and "'weight' holds a whole number" in out
    code, out, _ = run(capsys, "set", str(folder / "a.md"), "--field", "draft=perhaps", "--json")
    assert code == 1 and "not true or false" in json.loads(out)[0]["error"]
    code, out, _ = run(capsys, "set", str(folder / "b.md"), "--date", "someday")
    assert code == 1 and "not a date" in out
    assert {p: p.read_bytes() for p in folder.iterdir()} == before


def test_dry_run_prints_the_diff(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (folder / "b.md").read_bytes()
    code, out, _ = run(capsys, "set", str(folder / "b.md"), "--date", "2024-06-01", "--dry-run")
    assert code == 0
    assert "-date = 2024-01-05T10:00:00Z" in out and "+date = 2024-06-01T00:00:00Z" in out
    assert (folder / "b.md").read_bytes() == before


def test_where_tag_and_where_field_one_batch(folder: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    code, out, err = run(capsys, "set", "--where-tag", "rock", str(folder), "--field",
                         "series=basics")
    assert code == 0, err
    assert "2 written" in out
    assert "series: basics" in (folder / "a.md").read_text()
    assert 'series = "basics"' in (folder / "b.md").read_text()
    assert (folder / "c.md").read_bytes() == before["c.md"]
    code, out, _ = run(capsys, "undo", str(folder))
    assert "(2 files)" in out
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    # --where KEY=VALUE (list items and any case), KEY= (lacks it)
    code, out, _ = run(capsys, "set", "--where", "tags=JAZZ", str(folder), "--field", "x=1",
                       "--dry-run")
    assert "would write c.md" in out and "a.md" not in out
    code, out, _ = run(capsys, "set", "--where", "params.author=", str(folder), "--unset",
                       "weight", "--dry-run")
    assert "b.md" in out and "c.md" in out and "a.md" not in out
    code, out, _ = run(capsys, "set", "--where", "weight=3", "--where-status", "draft",
                       str(folder), "--unset", "weight", "--dry-run")
    assert "would write a.md" in out and "1 would change" in out


def test_usage_errors(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "set", str(folder / "a.md"), "--field", "novalue")[0] == 2
    assert run(capsys, "set", str(folder / "a.md"), "--add", "=x")[0] == 2
    assert run(capsys, "set", str(folder / "a.md"))[0] == 2
    assert run(capsys, "set", "--where", "a=b", str(folder), str(folder))[0] == 2


def test_tags_report_rename_merge(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "tags", str(folder), "--json")
    tags = {t["name"]: t for t in json.loads(out)}
    assert tags["Rock"]["count"] == 1 and tags["rock"]["count"] == 1
    assert "rock" in tags["Rock"]["near_duplicates"]
    code, out, _ = run(capsys, "tags", str(folder))
    assert "≈" in out
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    code, out, err = run(capsys, "tags", "rename", "rock", "Rock", str(folder))
    assert code == 0, err
    assert '"Rock"' in (folder / "b.md").read_text()
    code, out, _ = run(capsys, "tags", "merge", "Rock", "pop", "jazz", str(folder))
    assert code == 0
    assert '"jazz"' in (folder / "b.md").read_text()
    assert "  - jazz\n" in (folder / "a.md").read_text()
    run(capsys, "undo", str(folder))
    run(capsys, "undo", str(folder))
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_fields_report(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "fields", str(folder), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["articles"] == 3
    fields = {f["key"]: f for f in data["fields"]}
    assert fields["title"]["count"] == 3 and fields["title"]["types"] == {"text": 3}
    assert fields["params.author"]["count"] == 1
    assert fields["weight"]["mixed_types"] is True
    assert fields["weight"]["types"] == {"int": 2, "text": 1}
    assert {"value": "rock", "count": 1} in fields["tags"]["values"]
    code, out, _ = run(capsys, "fields", str(folder))
    assert "weight" in out and "⚠ mixed types" in out and "fields in 3 articles" in out


def test_check_reports_mixed_types_without_a_schema(folder: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(folder))
    assert code == 1
    assert "c.md: 'weight' is text here; 2 of 3 articles have a number" in out


def test_schema_check(folder: Path, write: Callable[..., Path],
                      capsys: pytest.CaptureFixture[str]) -> None:
    write("site/draftdeck.toml", '[fields]\ntags = "tags"\n\n[fields.description]\ntype = "text"\n'
          'required = true\nmax_length = 5\n\n[fields.weight]\ntype = "int"\n\n'
          '[fields.series]\nvalues = ["basics", "advanced"]\n')
    (folder / "a.md").write_text(A.replace("title: First", "title: First\ndescription: too long"
                                           "\nseries: other"))
    code, out, _ = run(capsys, "check", str(folder), "--json")
    assert code == 1
    problems = {e["path"]: [p["message"] for p in e["problems"]] for e in json.loads(out)}
    assert "the required field 'description' is missing" in problems["b.md"]
    assert any("'weight' should be a whole number" in m for m in problems["c.md"])
    assert "'description' has 8 characters; at most 5" in problems["a.md"]
    assert "'series' is 'other', not one of basics, advanced" in problems["a.md"]
    # the schema's type and values apply to edits too
    code, out, _ = run(capsys, "set", str(folder / "b.md"), "--field", "series=nope")
    assert code == 1 and "not one of the values" in out
    code, out, _ = run(capsys, "fields", str(folder), "--json")
    weight = next(f for f in json.loads(out)["fields"] if f["key"] == "weight")
    assert weight["schema"]["type"] == "int"


def test_bad_schema_is_a_usage_error(folder: Path, write: Callable[..., Path],
                                     capsys: pytest.CaptureFixture[str]) -> None:
    write("site/draftdeck.toml", '[fields.x]\ntype = "colour"\n')
    code, _, err = run(capsys, "check", str(folder))
    assert code == 2 and "type must be one of" in err


def test_console_script_set_field(folder: Path) -> None:
    r = draftdeck("set", str(folder / "c.md"), "--field", "weight=light", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)[0]["state"] == "written"
    assert '"weight": "light"' in (folder / "c.md").read_text()


def test_check_takes_a_category_string_as_a_list(write: Callable[..., Path],
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Jekyll's `categories: a b` (and one name as text) is a valid list: not a mixed type."""
    write("jk/_posts/2024-01-01-a.md", "---\ntitle: A\ncategories: interviews instruments\n---\n")
    write("jk/_posts/2024-01-02-b.md", "---\ntitle: B\ncategories: [a, b]\ntags: [x]\n---\n")
    path = write("jk/_posts/2024-01-03-c.md", "---\ntitle: C\ncategories: [a]\ntags: [y]\n---\n")
    code, out, _ = run(capsys, "check", str(path.parent.parent))
    assert code == 0, out


def test_check_takes_a_quoted_date_as_a_date(write: Callable[..., Path],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    write("d/a.md", "---\ntitle: A\ndate: 2024-01-05\n---\n")
    write("d/b.md", "---\ntitle: B\ndate: 2024-01-06\n---\n")
    path = write("d/c.md", '---\ntitle: C\ndate: "2024-01-07"\n---\n')
    code, out, _ = run(capsys, "check", str(path.parent))
    assert code == 0, out


def test_tags_merge_joins_a_case_only_near_duplicate(write: Callable[..., Path],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    a = write("m/a.md", "---\ntitle: A\ntags: [Rust, web]\n---\n")
    write("m/b.md", "---\ntitle: B\ntags: [rust]\n---\n")
    code, out, _ = run(capsys, "tags", "merge", "Rust", "rust", str(a.parent))
    assert code == 0 and "1 written" in out
    assert "tags: [rust, web]" in a.read_text()


def test_add_to_the_title_is_refused(write: Callable[..., Path],
                                     capsys: pytest.CaptureFixture[str]) -> None:
    a = write("t/a.md", "---\ntitle: A plain title\n---\n")
    before = a.read_bytes()
    code, out, _ = run(capsys, "set", str(a), "--add", "title=x")
    assert code == 1 and "the title" in out
    assert a.read_bytes() == before


def test_a_schema_date_refuses_a_time(write: Callable[..., Path],
                                      capsys: pytest.CaptureFixture[str]) -> None:
    write("s/draftdeck.toml", '[fields.date]\ntype = "date"\n')
    a = write("s/a.md", "---\ntitle: A\ndate: 2024-03-02\n---\n")
    before = a.read_bytes()
    code, out, _ = run(capsys, "set", str(a), "--field", "date=2024-01-01T10:00")
    assert code == 1 and "has a time" in out and a.read_bytes() == before
    code, out, _ = run(capsys, "set", str(a), "--field", "date=2024-01-01")
    assert code == 0 and "date: 2024-01-01\n" in a.read_text()
