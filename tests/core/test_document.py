from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.read.document import DocumentError, split, split_listed


def test_yaml_front_matter_split() -> None:
    doc = split(b"---\ntitle: A\n---\nBody\n")
    assert doc.format == "yaml"
    assert doc.fm_text == "title: A\n"
    assert doc.body == "Body\n"
    assert doc.body_first_line == 4
    assert doc.close_fence == "---"
    assert not doc.bom and doc.newline == "\n"


def test_bom_is_accepted_and_remembered() -> None:
    doc = split(b"\xef\xbb\xbf---\ntitle: A\n---\nBody")
    assert doc.bom and doc.format == "yaml" and doc.fm_text == "title: A\n"


def test_crlf_detected() -> None:
    doc = split(b"---\r\ntitle: A\r\n---\r\nBody\r\n")
    assert doc.newline == "\r\n"
    assert doc.format == "yaml"
    assert doc.body == "Body\r\n"


def test_dot_closing_fence() -> None:
    doc = split(b"---\ntitle: A\n...\nBody\n")
    assert doc.close_fence == "..." and doc.body == "Body\n"


def test_toml_front_matter() -> None:
    doc = split(b'+++\ntitle = "A"\n+++\nBody\n')
    assert doc.format == "toml" and doc.fm_text == 'title = "A"\n'


def test_json_front_matter() -> None:
    doc = split(b'{\n  "title": "A"\n}\n\nBody\n')
    assert doc.format == "json"
    assert doc.body == "\nBody\n"


def test_liquid_start_is_not_json() -> None:
    doc = split(b"{% include x.html %}\nBody\n")
    assert doc.format is None and doc.split_error is None


def test_no_front_matter() -> None:
    doc = split(b"# Title\n\nText\n")
    assert doc.format is None and doc.body == "# Title\n\nText\n"


def test_thematic_break_at_top_loses_no_text() -> None:
    text = "---\n\n# Heading\n\nSome text.\n"
    doc = split(text.encode())
    assert doc.format is None and doc.split_error is None
    assert doc.body == text


def test_two_thematic_breaks_around_prose_are_not_front_matter() -> None:
    text = "---\n\nJust a paragraph of prose.\n\n---\n\nMore.\n"
    doc = split(text.encode())
    assert doc.format is None and doc.body == text


def test_unterminated_front_matter_is_an_error_and_keeps_text() -> None:
    text = "---\ntitle: A\npost_status: draft\n\nBody\n"
    doc = split(text.encode())
    assert doc.split_error is not None and "never closed" in doc.split_error
    assert doc.body == text


def test_invalid_utf8_reports_line() -> None:
    with pytest.raises(DocumentError) as info:
        split(b"---\ntitle: A\n---\nok\nbad \xff here\n")
    assert info.value.line == 5
    assert "UTF-8" in info.value.message


def test_utf16_is_refused_plainly() -> None:
    with pytest.raises(DocumentError, match="UTF-16"):
        split("---\ntitle: A\n---\n".encode("utf-16"))


def test_nul_bytes_refused() -> None:
    with pytest.raises(DocumentError, match="NUL"):
        split(b"---\ntitle: A\n---\n\x00\x00")


def test_png_refused() -> None:
    with pytest.raises(DocumentError, match="image"):
        split(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


_PIECES = st.sampled_from([
    "---", "...", "--- ", "...\t", "+++", "", " ", "title: A", "title: “Curly” é", "\r", "\x00",
    "# Heading", "- item", "body text", "\ufeff", "{", "\u2028", "\x85",
])


@settings(max_examples=600, deadline=None)
@given(st.lists(_PIECES, max_size=10), st.sampled_from(["\n", "\r\n"]),
       st.binary(max_size=3))
def test_the_listing_split_is_the_split_without_the_text(pieces: list[str], newline: str,
                                                         junk: bytes) -> None:
    """The listing's split answers only for files it reads exactly as `split` does."""
    data = newline.join(pieces).encode("utf-8") + junk
    listed = split_listed(data)
    if listed is None:
        return
    assert dataclasses.replace(split(data), text="") == listed


def test_the_listing_split_takes_the_common_file_and_leaves_the_rest() -> None:
    common = "---\ntitle: “A” é\n---\n\nWords here.\n".encode()
    assert split_listed(common) == dataclasses.replace(split(common), text="")
    for other in (b"\xef\xbb\xbf" + common, common.replace(b"\n", b"\r\n"), b"---\n\nx\n---\n",
                  b"---\ntitle: A\n", b"---\ntitle: A\n---\n\xff\n", b"+++\nx = 1\n+++\n"):
        assert split_listed(other) is None
