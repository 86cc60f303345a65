"""The story metrics' own definitions: paragraphs, whose text a branch is, and what a leak is."""

from __future__ import annotations

from benchmarks.story_metrics import owned_text, paragraphs


def test_a_paragraph_is_a_blank_line_block_of_at_least_eight_words() -> None:
    text = (
        "One two three four five six seven eight.\n\nToo short here.\n\n"
        "  Nine   words,\nacross two lines, all of them count.  "
    )
    assert list(paragraphs(text)) == [
        "One two three four five six seven eight.",
        "Nine words, across two lines, all of them count.",
    ]


def test_text_inside_an_origin_branch_belongs_to_that_origin_and_elif_branches_to_theirs() -> None:
    source = (
        'Common. {% if origin == "beq" %}Altyn Saz{% elif origin == "roberto" %}the kazan'
        "{% else %}anyone's{% endif %} {% if fame > 3 %}still common{% endif %}"
    )
    pieces = [(owner, text.strip()) for owner, text in owned_text(source) if text.strip()]
    assert pieces == [
        (None, "Common."),
        ("beq", "Altyn Saz"),
        ("roberto", "the kazan"),
        (None, "anyone's"),
        (None, "still common"),
    ]
