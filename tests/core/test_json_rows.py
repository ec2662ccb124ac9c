"""The fast writer of `list --json` rows prints exactly what json.dumps(indent=2) prints, whole
or joined from rows made one at a time (as the index keeps them)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.json_rows import compact_json, join_rows, row_text, rows_text

scalars = st.one_of(st.text(), st.none(), st.booleans(), st.integers(),
                    st.floats(allow_nan=False, allow_infinity=False))
values = st.one_of(scalars, st.lists(scalars, max_size=4))
rows = st.lists(st.dictionaries(st.text(max_size=8), values, max_size=6), max_size=5)


@settings(max_examples=500, deadline=None)
@given(rows)
def test_same_text_as_json_dumps(value: list[dict[str, Any]]) -> None:
    assert rows_text(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_anything_else_is_left_to_json_dumps() -> None:
    for value in ({"a": 1}, [1], [{"a": {"b": 1}}], [{"a": [[1]]}], [{1: "a"}],
                  [{"a": float("nan")}], [{"a": float("inf")}], [{"a": ("t",)}]):
        assert rows_text(value) is None
    text = "é \x85 \u202e \x00 \" \\ 😀"
    assert rows_text([{"t": text, "l": [text]}]) == json.dumps(
        [{"t": text, "l": [text]}], ensure_ascii=False, indent=2)


@settings(max_examples=200, deadline=None)
@given(rows)
def test_rows_made_one_at_a_time_join_to_the_same_text(value: list[dict[str, Any]]) -> None:
    texts = [row_text(row) for row in value]
    assert join_rows(t for t in texts if t is not None) == json.dumps(
        value, ensure_ascii=False, indent=2)


nested = st.recursive(st.one_of(scalars, st.floats(), st.dates().map(lambda d: d)),
                      lambda inner: st.one_of(st.lists(inner, max_size=4),
                                              st.dictionaries(st.text(max_size=6), inner,
                                                              max_size=4)),
                      max_leaves=12)


@settings(max_examples=500, deadline=None)
@given(nested)
def test_compact_json_is_json_dumps(value: Any) -> None:
    """The index's cached rows are written by json's C encoder made once: the same text as
    json.dumps(value, ensure_ascii=False, default=str), NaN, dates (by str) and all."""
    assert compact_json(value) == json.dumps(value, ensure_ascii=False, default=str)
