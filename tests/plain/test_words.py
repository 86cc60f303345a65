"""The plain game's words and paragraphs: changes, odds, locks and stats in words; Markdown as plain text."""

from __future__ import annotations

from game.engine.effects import Change
from game.engine.game import ChoiceView
from game.plain.prose import to_lines, wrap
from game.plain.words import change_in_words, choice_line, odds_in_words, stat_lines
from game.story.loader import load_story

from .conftest import MINI


def test_changes_are_said_in_words_with_the_storys_labels_and_units() -> None:
    story = load_story(MINI)
    assert change_in_words(story, Change("fame", "Fame", 10, 13)) == "Fame rose by 3"
    money = story.variables["money"]
    fell = Change("money", "Money", 9000, 4000, money.unit, None, None, money.prefix, money.suffix)
    assert change_in_words(story, fell) == "Money fell by 5,000\u00a0₸"
    assert change_in_words(story, Change("week", "Week", 3, 5, "weeks")) == "2 weeks passed"
    assert change_in_words(story, Change("week", "Week", 3, 4, "weeks")) == "1 week passed"
    assert change_in_words(story, Change("city", "City", "Almaty", "Paris")) == "City is now Paris"
    assert change_in_words(story, Change("met", "Met", False, True)) == "Met: yes"
    lean = Change("style", "Style", 0, -6, "none", "Tradition", "Innovation")
    assert change_in_words(story, lean) == "Style moved 6 toward Tradition"


def test_choices_say_their_locks_and_odds() -> None:
    assert choice_line(1, ChoiceView("a", "Go", True)) == "1. Go"
    locked = ChoiceView("b", "Be rich", False, "You need 5,000 ₸")
    assert choice_line(2, locked) == "2. Be rich (locked: You need 5,000 ₸)"
    risky = ChoiceView("c", "Audition", True, odds=45)
    assert choice_line(3, risky) == "3. Audition (risky: 45% chance it works, a gamble)"
    assert choice_line(4, ChoiceView("d", "Name it", True, input_prompt="Name?")) == "4. Name it (you type a name)"
    assert odds_in_words(90).endswith("very likely") and odds_in_words(5).endswith("a long shot")
    # Text from the story or a player never carries a control character out.
    assert choice_line(5, ChoiceView("e", "\x1b[2JWipe", True)) == "5. [2JWipe"


def test_stats_in_words() -> None:
    story = load_story(MINI)
    variables = {**{n: s.initial for n, s in story.variables.items()}, "fame": 42, "money": 15000}
    lines = stat_lines(story, variables)
    assert "Fame: 42 of 100" in lines and "Money: 15,000\u00a0₸" in lines


def test_markdown_becomes_plain_wrapped_paragraphs() -> None:
    text = (
        "You are **Ana \\*x\\*** in *Almaty*, where the wind off the steppe never quite stops blowing.\n\n"
        "- one\n- two, a longer item that has to wrap onto the next line\n\n> A quote\n\n---\n\n<b>raw</b>"
    )
    assert to_lines(text, 40) == [
        "You are Ana *x* in Almaty, where the",
        "wind off the steppe never quite stops",
        "blowing.",
        "",
        "- one",
        "- two, a longer item that has to wrap",
        "  onto the next line",
        "",
        "> A quote",
        "",
        "* * *",
        "",
        "<b>raw</b>",
    ]


def test_plain_text_keeps_its_stars_and_loses_its_controls() -> None:
    assert wrap("*band* <i>\x1b[31m", 40) == ["*band* <i>[31m"]
    assert wrap("a b c d e f g h i j k l m n o p q r s t u v w x y z", 20, "  ") == [
        "a b c d e f g h i j",
        "  k l m n o p q r s",
        "  t u v w x y z",
    ]
