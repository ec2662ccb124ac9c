"""What the reader's renderables show: headings, links, embeds, shortcodes, references, safety."""

from __future__ import annotations

from rich.console import Console
from rich.segment import Segment
from rich.style import Style

from tui.core.read.structure import parse_structure
from tui.ui.render import Chunk, chunk_body, links, render_chunk
from tui.ui.widgets.outline import Entry

WIDTH = 70


def _segments(markdown: str, width: int = WIDTH) -> list[list[Segment]]:
    console = Console(width=width, force_terminal=True, color_system="truecolor")
    return console.render_lines(render_chunk(Chunk(0, markdown), "monokai"),
                                console.options.update_width(width), pad=False)


def _lines(markdown: str, width: int = WIDTH) -> list[str]:
    return ["".join(s.text for s in line).rstrip() for line in _segments(markdown, width)]


def _style_of(markdown: str, needle: str, width: int = 200) -> Style:
    """The style of the first segment that holds needle."""
    for line in _segments(markdown, width):
        for seg in line:
            if needle in seg.text:
                return seg.style or Style()
    raise AssertionError(f"{needle!r} not rendered")


def test_heading_levels_look_different() -> None:
    source = "## Tides\n\ntext\n\n### Moorings\n\ntext\n\n#### 1. Casting off\n\ntext\n"
    lines = _lines(source)
    assert lines[0] == "Tides"
    assert set(lines[1]) == {"─"} and len(lines[1]) == WIDTH  # a rule under an h2
    assert "#### 1. Casting off" in lines  # the marker: an h4 is not a list item
    h2, h3, h4 = (_style_of(source, t) for t in ("Tides", "Moorings", "1. Casting off"))
    assert h2.bold and not h2.italic
    assert h3.bold and h3.color is not None and h3.color != h2.color
    assert h4.bold and h4.italic
    assert _style_of(source, "####").dim


def test_h1_has_heavy_rule_and_headings_are_left_aligned() -> None:
    lines = _lines("# Lighthouse keeping\n\nbody\n")
    assert lines[0] == "Lighthouse keeping"
    assert set(lines[1]) == {"━"}


def test_blank_line_between_paragraph_and_heading_inside_a_chunk() -> None:
    lines = _lines("The tide was out.\n\n### Low water\n\nMud for miles.\n")
    assert lines[:3] == ["The tide was out.", "", "Low water"]


def test_links_show_their_text_only() -> None:
    url = "https://example.net/a/rather/long/path/to/the-harbour-masters-log?page=2"
    lines = _lines(f"Read the [harbour log]({url}) before sailing.\n")
    assert lines == ["Read the harbour log before sailing."]
    style = _style_of(f"Read the [harbour log]({url}).", "harbour log")
    assert style.underline and style.color is not None


def test_reference_links_resolve_across_chunks() -> None:
    body = ("Intro with [the charts][charts].\n\n## Later\n\nMore text.\n\n"
            "[charts]: https://example.net/charts\n")
    chunks = chunk_body(body, parse_structure(body, 1), 1)
    assert len(chunks) == 2
    assert "[charts]: https://example.net/charts" in chunks[0].refs
    console = Console(width=WIDTH, force_terminal=False)
    with console.capture() as cap:
        console.print(render_chunk(chunks[0], "monokai"))
    assert "Intro with the charts." in cap.get()
    assert ("the charts", "https://example.net/charts") in links(body)


def test_images_and_embeds_show_placeholders() -> None:
    source = (
        "Before ![A gull on a post](img/gull.jpg) after.\n\n"
        '<img src="/media/quay.png" alt="The quay at noon">\n\n'
        "<figure>\n<img src=\"net.jpg\" alt=\"Nets drying\">\n"
        "<figcaption>Nets, 1962</figcaption>\n</figure>\n\n"
        '<iframe src="https://player.example/v/77" title="Storm footage"></iframe>\n\n'
        '<video controls>\n<source src="clips/waves.mp4" type="video/mp4">\n</video>\n'
    )
    text = "\n".join(_lines(source, 100))
    assert "Before [image: A gull on a post — gull.jpg] after." in text
    assert "[image: The quay at noon — quay.png]" in text
    assert "[image: Nets drying — net.jpg]" in text and "Nets, 1962" in text
    assert "[embed: Storm footage — https://player.example/v/77]" in text
    assert "[video: waves.mp4]" in text
    assert _style_of(source, "[image: The quay").italic


def test_inline_html_is_sensible() -> None:
    source = 'A <b>bold</b> word, <em>leaning</em>, <span class="x">kept</span>,<br>next ' \
             '<img src="i.png" alt="icon"> and an <a href="https://x.example">anchor</a>.'
    lines = _lines(source, 100)
    assert lines == ["A bold word, leaning, kept,",
                     "next [image: icon — i.png] and an anchor."]
    assert _style_of(source, "bold").bold
    assert _style_of(source, "leaning").italic
    assert _style_of(source, "anchor").underline


def test_unbalanced_inline_html_does_not_break_rendering() -> None:
    assert _lines("one </b> two <i>three") == ["one  two three"]


def test_html_block_without_text_is_shown_as_written_dim() -> None:
    source = '<div class="spacer"></div>\n\n<!-- more -->\n\nAfter.\n'
    lines = _lines(source)
    assert lines == ['<div class="spacer"></div>', "", "<!-- more -->", "", "After."]
    assert _style_of(source, "<!-- more -->").dim


def test_html_block_text_is_shown_and_scripts_are_named() -> None:
    source = '<div class="note">\n<p>Check the <strong>tide table</strong> first.</p>\n</div>\n\n' \
             "<script>alert('x')</script>\n"
    lines = _lines(source)
    assert "Check the tide table first." in lines
    assert "[script]" in lines
    assert not any("alert" in line for line in lines)


def test_shortcodes_show_as_written_dimmed() -> None:
    source = ('{{< youtube "dQw" >}}\n\nSee {{% notice tip %}} and {% include card.html %} '
              "and {{ page.title }} and [g-note]x[/g-note].\n\n"
              '{{<figure src="boat.png">}}\n')
    lines = _lines(source, 200)
    assert lines[0] == '{{< youtube "dQw" >}}'
    assert lines[2] == ("See {{% notice tip %}} and {% include card.html %} and {{ page.title }} "
                        "and [g-note]x[/g-note].")
    assert lines[4] == '{{<figure src="boat.png">}}'
    for code in ("{{% notice tip %}}", "{% include card.html %}", "{{ page.title }}",
                 "[g-note]", '{{<figure src="boat.png">}}'):
        assert _style_of(source, code).dim, code
    assert not _style_of(source, "See").dim


def test_shortcodes_in_code_stay_code() -> None:
    source = "```\n{{< raw >}}\n```\n\nInline `{% tag %}` here.\n"
    text = "\n".join(_lines(source))
    assert "{{< raw >}}" in text and "Inline {% tag %} here." in text
    assert not _style_of(source, "{% tag %}").dim


def test_control_characters_never_reach_the_output() -> None:
    source = ('## Bell\x07 \x1b[31mred\n\n<img src="a\x1b]0;x\x07.png" alt="&#27;[2J">\n\n'
              '{{< x \x1b[1m >}} <b title="\x9b">t</b> [l](\x1b]8;;u)\n')
    for line in _segments(source, 100):
        for seg in line:
            assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in seg.text), seg


def test_markup_in_text_is_not_interpreted() -> None:
    assert _lines("[bold red]not markup[/] and [link=x]y[/link]") == \
        ["[bold red]not markup[/] and [link=x]y[/link]"]


def test_outline_entry_wraps_with_a_hanging_indent() -> None:
    console = Console(width=24, force_terminal=True)
    entry = Entry("Where the river meets the sea at last", 2)
    lines = ["".join(s.text for s in line).rstrip()
             for line in console.render_lines(entry, console.options, pad=False)]
    assert lines[0].startswith("  Where")
    assert all(line.startswith("    ") and line[4] != " " for line in lines[1:])
    assert " ".join(line.strip() for line in lines) == "Where the river meets the sea at last"


def test_bracket_shortcodes_count_only_when_closed() -> None:
    source = '[alert kind="warn"]\nMind the rocks.\n[/alert]\n\nA [plain] word and [g-box] too.\n'
    lines = _lines(source)
    assert lines[:3] == ['[alert kind="warn"]', "Mind the rocks.", "[/alert]"]
    assert _style_of(source, '[alert kind="warn"]').dim
    assert not _style_of(source, "[plain]").dim
    assert _style_of(source, "[g-box]").dim


def test_media_fallback_text_is_not_shown_and_hr_blocks_are_rules() -> None:
    source = ('<video autoplay muted>\n  <source src="clips/bay.mp4" type="video/mp4">\n'
              "  Your browser cannot play this.\n</video>\n\n<hr/>\n\nAfter.\n")
    lines = _lines(source)
    assert lines[0] == "[video: bay.mp4]"
    assert not any("browser" in line for line in lines)
    assert any(set(line) == {"-"} for line in lines) and "<hr/>" not in lines


def test_tab_counts_stay_short_so_the_tab_row_fits() -> None:
    from tui.ui.screens.main import short_count

    assert [short_count(n) for n in (0, 450, 9_999, 13_640, 50_000, 136_400, 1_360_000,
                                     2_000_000)] == [
        "0", "450", "9999", "13.6k", "50k", "136k", "1.4M", "2M"]
