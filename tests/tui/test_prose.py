"""The scene's Markdown, drawn by our own Prose widget: styles, lists, quotes, wrapping, and literal text."""

from __future__ import annotations

from textual.content import Content

from game.tui.widgets.prose import layout, parse_blocks


def lines(markdown: str, width: int = 40) -> list[Content]:
    return layout(parse_blocks(markdown), width)


def plain(markdown: str, width: int = 40) -> list[str]:
    return [line.plain for line in lines(markdown, width)]


def styles_at(line: Content, text: str) -> set[str]:
    start = line.plain.index(text)
    return {str(span.style) for span in line.spans if span.start <= start < span.end}


def test_paragraphs_are_wrapped_and_separated_by_one_blank_line() -> None:
    text = "The steppe is wide and the road is long, and the bus is late again.\n\nSecond."
    assert plain(text, 30) == [
        "The steppe is wide and the",
        "road is long, and the bus is",
        "late again.",
        "",
        "Second.",
    ]


def test_emphasis_is_styled_and_textual_markup_stays_literal() -> None:
    [line] = lines("A *quiet* and **loud** [b]not markup[/b] `code`")
    assert line.plain == "A quiet and loud [b]not markup[/b] code"
    assert "italic" in styles_at(line, "quiet")
    assert "bold" in styles_at(line, "loud")
    assert styles_at(line, "[b]") == set()


def test_escaped_markdown_from_a_players_name_is_shown_as_typed() -> None:
    # The engine backslash-escapes substituted values; the parser turns them back into the literal text.
    assert plain(r"Welcome, \*\*Aru\*\* \[b\]") == ["Welcome, **Aru** [b]"]


def test_list_items_wrap_under_their_own_text() -> None:
    text = "Terms:\n\n- **Advance:** a large sum, recoupable from your royalties\n- **Royalty:** 18%"
    assert plain(text, 30) == [
        "Terms:",
        "",
        "• Advance: a large sum,",
        "  recoupable from your",
        "  royalties",
        "• Royalty: 18%",
    ]


def test_ordered_lists_keep_their_start_number_and_nested_lists_indent() -> None:
    assert plain("3. three\n4. four\n   - inner") == ["3. three", "4. four", "   ◦ inner"]


def test_quotes_carry_a_bar_on_every_line() -> None:
    assert plain("> Breathe. They are on your side, every one of them.", 24) == [
        "▌ Breathe. They are on",
        "▌ your side, every one",
        "▌ of them.",
    ]


def test_a_rule_spans_the_width_and_headings_are_bold() -> None:
    out = lines("# Kazakh Horizon\n\n---\n\nAfter.", 12)
    assert [line.plain for line in out] == ["Kazakh", "Horizon", "", "─" * 12, "", "After."]
    assert styles_at(out[0], "Kazakh") == {"bold underline $accent"}


def test_very_narrow_widths_drop_the_indent_rather_than_the_text() -> None:
    assert plain("- a list item that is long", 8) == ["• a list", "item", "that is", "long"]


def test_empty_text_draws_nothing() -> None:
    assert plain("") == []


def test_an_amount_and_its_unit_never_end_up_on_two_lines() -> None:
    from game.story.units import amount_text
    from game.tui.widgets.numbered_list import Item, item_label

    money = amount_text(250_000, "", " ₸")
    assert money == "250,000\u00a0₸"
    text = f"The season's keep is {money}. Your *bow hand* shakes."
    for width in range(20, 40):
        lines = [line.plain for line in layout(parse_blocks(text), width)]
        assert any(money in line for line in lines), (width, lines)  # Textual alone broke it at 26 and 27
        assert " ".join(lines).replace("\u00a0", " ") == text.replace("*", "").replace("\u00a0", " ")
    label = item_label(1, Item("pay", f"Pay the studio {money} up front, all of it"), width=30)
    assert any(money in line for line in label.plain.split("\n"))
