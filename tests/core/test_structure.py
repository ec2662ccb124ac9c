from __future__ import annotations

from tui.core.read.structure import parse_structure, scan_headings

ARTICLE = """Intro paragraph.

## Key Takeaways
- **A bold lead-in**, then the rest.  
- **Another point**, one line.

### The Emotional Core: a *subtitle*

Text.

### Main Themes

#### 1. First `sub` theme
Text.

## FAQ

**Q: Is it about a real place?**
A: Yes, mostly.

It runs over two paragraphs.

**Q: Why the repeat?**
A: For effect.

## After
"""


def test_sections_have_levels_plain_titles_and_file_lines() -> None:
    s = parse_structure(ARTICLE, first_line=10)
    got = [(x.level, x.title, x.line) for x in s.sections]
    assert got == [
        (2, "Key Takeaways", 12),
        (3, "The Emotional Core: a subtitle", 16),
        (3, "Main Themes", 20),
        (4, "1. First sub theme", 22),
        (2, "FAQ", 25),
        (2, "After", 35),
    ]


def test_takeaways_are_plain_items() -> None:
    s = parse_structure(ARTICLE)
    assert s.takeaways == ("A bold lead-in, then the rest.", "Another point, one line.")


def test_faq_bold_q_and_multi_paragraph_answers() -> None:
    s = parse_structure(ARTICLE)
    assert [(f.question, f.answer) for f in s.faq] == [
        ("Is it about a real place?", "Yes, mostly.\n\nIt runs over two paragraphs."),
        ("Why the repeat?", "For effect."),
    ]
    assert s.faq_line == 16


def test_faq_question_headings() -> None:
    body = "### Frequently Asked Questions\n\n#### Is it sad?\n\nA little.\n\nMore.\n\n#### Why?\n\nBecause.\n"
    s = parse_structure(body)
    assert [(f.question, f.answer) for f in s.faq] == [
        ("Is it sad?", "A little.\n\nMore."), ("Why?", "Because.")]


def test_faq_plain_q_a_and_bold_questions() -> None:
    body = "# faqs\n\nQ: One?\nA: Yes.\n\nQ: Two?\nA: No.\n"
    assert [(f.question, f.answer) for f in parse_structure(body).faq] == [
        ("One?", "Yes."), ("Two?", "No.")]
    body = "## FAQ\n\n**How long?**\nSix weeks.\n\n**What wood?**\nAny.\n"
    assert [(f.question, f.answer) for f in parse_structure(body).faq] == [
        ("How long?", "Six weeks."), ("What wood?", "Any.")]


def test_faq_bold_prefix_only_and_missing_answer() -> None:
    body = "## FAQ\n\n**Q:** Is it?\n**A:** It is.\n\n**Q: Empty?**\n"
    assert [(f.question, f.answer) for f in parse_structure(body).faq] == [
        ("Is it?", "It is."), ("Empty?", "")]


def test_no_faq_no_takeaways() -> None:
    s = parse_structure("Just text.\n")
    assert s.sections == () and s.faq == () and s.takeaways == ()


def test_faq_ends_at_next_heading_of_same_level() -> None:
    body = "## FAQ\n\n**Q: A?**\nA: B.\n\n## Next\n\nNot an answer.\n"
    assert parse_structure(body).faq[0].answer == "B."


def test_scan_headings_skips_code() -> None:
    body = "# One\n\n```\n# not a heading\n```\n\n## Two ##\n"
    assert [(s.level, s.title, s.line) for s in scan_headings(body)] == [(1, "One", 1), (2, "Two", 7)]


def test_large_body_outline_and_faq_without_full_parse() -> None:
    filler = "".join(f"### Part {i}\n\n" + "Words in a paragraph. " * 30 + "\n\n" for i in range(600))
    body = ("Intro.\n\n## Key Takeaways\n- **One**, first.\n- Two.\n\n" + filler
            + "## FAQ\n\n**Q: Big?**\nA: Yes.\n\n#### Sub-question?\n\nAlso yes.\n")
    assert len(body) > 200_000
    s = parse_structure(body, first_line=5)
    assert len(s.sections) == 600 + 3
    assert s.sections[0].title == "Key Takeaways" and s.sections[0].line == 7
    assert s.takeaways == ("One, first.", "Two.")
    assert [(f.question, f.answer) for f in s.faq] == [("Big?", "Yes."),
                                                        ("Sub-question?", "Also yes.")]
    faq_line = next(x.line for x in s.sections if x.title == "FAQ")
    assert s.faq_line == faq_line and s.faq[0].line == faq_line + 2
