from __future__ import annotations

from datetime import date

import pytest

from tui.core.read.frontmatter_parse import FrontMatterError, parse, same_data

BOMB = "".join(
    f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join([f"*{chr(96 + i)}"] * 9 if i else ['"lol"'] * 9)
    + "]\n"
    for i in range(10)
)


def test_mapping_parses() -> None:
    parsed = parse("title: A\ndate: 2024-03-02\ntags: [a, b]\n", "yaml")
    assert parsed.data == {"title": "A", "date": date(2024, 3, 2), "tags": ["a", "b"]}


def test_list_front_matter_is_an_error() -> None:
    with pytest.raises(FrontMatterError, match="a list, not a mapping"):
        parse("- a\n- b\n", "yaml")


def test_scalar_front_matter_is_an_error() -> None:
    with pytest.raises(FrontMatterError, match="text value, not a mapping"):
        parse("just words\n", "yaml")


def test_empty_front_matter_is_an_empty_mapping() -> None:
    assert parse("", "yaml").data == {}
    assert parse("# only a comment\n", "yaml").data == {}


def test_invalid_yaml_has_a_line() -> None:
    with pytest.raises(FrontMatterError) as info:
        parse("title: A\nbad: [unclosed\nx: 1\n", "yaml")
    assert info.value.line is not None and info.value.line >= 2


def test_python_tags_are_refused_and_not_run(tmp_path) -> None:  # type: ignore[no-untyped-def]
    marker = tmp_path / "ran"
    text = f"x: !!python/object/apply:os.system ['touch {marker}']\n"
    with pytest.raises(FrontMatterError, match="not allowed"):
        parse(text, "yaml")
    assert not marker.exists()


def test_alias_bomb_is_refused() -> None:
    with pytest.raises(FrontMatterError, match="alias"):
        parse(BOMB, "yaml")


def test_self_referencing_alias_is_refused() -> None:
    with pytest.raises(FrontMatterError, match="itself"):
        parse("a: &a [*a]\n", "yaml")


def test_deep_nesting_is_refused() -> None:
    with pytest.raises(FrontMatterError):
        parse("a: " + "[" * 10000 + "]" * 10000 + "\n", "yaml")


def test_small_alias_use_is_fine() -> None:
    parsed = parse("base: &b [x]\nother: *b\n", "yaml")
    assert parsed.data["other"] == ["x"]


def test_duplicate_keys_warn() -> None:
    parsed = parse("title: A\ntitle: B\n", "yaml")
    assert parsed.data["title"] == "B"
    assert any("more than once" in w for w in parsed.warnings)


def test_tab_indentation_is_a_precise_error() -> None:
    with pytest.raises(FrontMatterError, match="tab") as info:
        parse("taxonomy:\n\tcategory: x\n", "yaml")
    assert info.value.line == 2


def test_toml_and_json() -> None:
    assert parse('title = "A"\ndraft = true\n', "toml").data == {"title": "A", "draft": True}
    assert parse('{"title": "A"}', "json").data == {"title": "A"}
    with pytest.raises(FrontMatterError, match="TOML"):
        parse("title = \n", "toml")
    with pytest.raises(FrontMatterError, match="not a mapping"):
        parse("[1, 2]", "json")


def test_yaml11_values_are_read_as_yaml11() -> None:
    data = parse("a: NO\nb: 01234\n", "yaml").data
    assert data == {"a": False, "b": 668}


def test_same_data_is_strict_about_types() -> None:
    assert same_data({"a": [1]}, {"a": [1]})
    assert not same_data({"a": True}, {"a": 1})
    assert same_data(float("nan"), float("nan"))
    assert same_data({"a": 1, "b": 2}, {"b": 2, "a": 1})
    assert not same_data({"a": 1}, {"a": 1, "b": None})


def test_a_date_that_cannot_be_is_an_error_not_a_crash() -> None:
    with pytest.raises(FrontMatterError, match="day is out of range") as info:
        parse("title: A\ndate: 2024-02-30\n", "yaml")
    assert info.value.line == 2
