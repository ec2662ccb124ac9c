"""count_words counts exactly what `len(body.split())` counts, without building the list."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.read import corpus
from tui.core.read.corpus import count_words

ALL_SPACES = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]


def test_the_space_tables_are_str_isspace() -> None:
    ascii_spaces = {chr(b) for b in range(128) if corpus._WORD_SHAPE[b] == 0x20}
    assert ascii_spaces == {c for c in ALL_SPACES if ord(c) < 128}
    wide = [c for c in ALL_SPACES if ord(c) >= 128]
    for c in wide:
        data = c.encode("utf-8")
        assert any(data[:1] == lead and spaces.fullmatch(data)
                   for lead, spaces in corpus._UNICODE_SPACES), hex(ord(c))
    # and nothing else matches: every non-space character of those lead bytes is left alone
    for code in range(0x80, 0x4000):
        if not chr(code).isspace() and code < 0xD800:
            data = chr(code).encode("utf-8")
            assert not any(spaces.search(data) for _, spaces in corpus._UNICODE_SPACES)


PIECES = [*ALL_SPACES, "a", "word", "é", "“", "”", "’", "—", "…", "日本", "😀", "\x00", "x\u200b",
          "\ufeff", "\ud800", "-", "#", "\u2027", "\u2030", "\u205e", "\u3001"]
texts = st.one_of(
    st.text(),
    st.lists(st.sampled_from(PIECES), max_size=60).map("".join),
    st.lists(st.sampled_from([" ", "\n", "ab", "c", "\t\t", "\x1c", "\x1f", "z"]), max_size=60)
    .map("".join),
    st.lists(st.sampled_from(["“", "”", "a", " ", "—", "\u2009"]), max_size=200).map("".join),
)


@settings(max_examples=800, deadline=None)
@given(texts)
def test_same_count_as_split(text: str) -> None:
    assert count_words(text) == len(text.split())


@settings(max_examples=300, deadline=None)
@given(texts)
def test_same_count_across_slices(text: str) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(corpus, "_COUNT_STEP", 3)
        assert count_words(text) == len(text.split())
        patch.setattr(corpus, "_COUNT_STEP", 1)
        assert count_words(text) == len(text.split())


def test_large_and_plain_bodies() -> None:
    body = "Harbour light “tide” — it’s… a\u00a0b\u3000c " * 50_000
    assert count_words(body) == len(body.split())
    assert count_words("") == 0 and count_words("   \n") == 0 and count_words("one") == 1
