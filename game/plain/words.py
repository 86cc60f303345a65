"""The game's numbers said in words: "Fame rose by 3", "Money fell by 5,000 ₸", "a 60% chance".

The Textual game shows changes as compact badges ("+3 Fame"); read aloud by a screen reader or in a
transcript, a sentence is clearer. Labels and units are the story's own, formatted as the Textual game
formats them (through the stats panel's own ``format_value``, which has no Textual in it).
"""

from __future__ import annotations

from typing import Any

from game.engine.effects import Change
from game.engine.game import ChoiceView
from game.plain.clean import clean
from game.present.stat_rows import StatRow, format_value, header_values, stat_rows
from game.story.compiled import Story
from game.story.units import span_text


def _amount(story: Story, change: Change, magnitude: float) -> str:
    """A change's size in the variable's unit, formatted by the same helper as the stats panel."""
    spec = story.variables.get(change.name)
    if spec is None:
        return f"{magnitude:,g}"
    return format_value(spec, magnitude)


def change_in_words(story: Story, change: Change) -> str:
    """One change as a sentence without its full stop: 'Fame rose by 3', 'City is now Paris'."""
    label = clean(change.label or change.name.replace("_", " ").capitalize())
    after, before = change.after, change.before
    if isinstance(after, bool):
        return f"{label}: {'yes' if after else 'no'}"
    numeric = isinstance(after, (int, float)) and isinstance(before, (int, float)) and not isinstance(before, bool)
    if not numeric:
        return f"{label} is now {clean(after)}" if after != "" else f"{label} was cleared"
    delta = after - before
    magnitude = abs(delta)
    if change.name == "week" and change.per_year and magnitude >= 8:
        return f"{span_text(magnitude, change.per_year)} passed"
    if change.unit == "weeks" or change.name == "week":
        return f"{magnitude:g} week{'s' if magnitude != 1 else ''} passed"
    if change.low_label and change.high_label:
        side = change.high_label if delta > 0 else change.low_label
        return f"{label} moved {magnitude:g} toward {clean(side)}"
    return f"{label} {'rose' if delta > 0 else 'fell'} by {clean(_amount(story, change, magnitude))}"


def changes_in_words(story: Story, changes: list[Change]) -> str:
    """All of a choice's changes as sentences: 'Fame rose by 3. Money fell by 5,000 ₸.'"""
    return " ".join(f"{change_in_words(story, c)}." for c in changes)


def odds_in_words(odds: int) -> str:
    if odds >= 80:
        feel = "very likely"
    elif odds >= 60:
        feel = "likely"
    elif odds >= 40:
        feel = "a gamble"
    elif odds >= 20:
        feel = "unlikely"
    else:
        feel = "a long shot"
    return f"risky: {odds}% chance it works, {feel}"


def choice_line(number: int, choice: ChoiceView) -> str:
    """'2. Audition (risky: 45% chance it works, a gamble)' or '3. Be rich (locked: You need 5,000 ₸)'."""
    text = clean(choice.text)
    if not choice.enabled:
        return f"{number}. {text} (locked: {clean(choice.locked_reason or 'not available yet')})"
    notes = []
    if choice.cost_text:  # what it will take, worked out from its effects before the player commits
        notes.append(f"costs {clean(choice.cost_text)}")
    if choice.odds is not None:
        notes.append(odds_in_words(choice.odds))
    if choice.input_prompt:
        notes.append("you type a name")
    return f"{number}. {text}" + (f" ({'; '.join(notes)})" if notes else "")


def stat_line(row: StatRow) -> str:
    """A stat as the stats screen shows it, in words: 'Fame: 42 of 100', 'Tradition ↔ Innovation: 6
    toward Innovation', 'Money: 15,000 ₸'."""
    label = clean(row.label)
    if row.kind == "bar":
        return f"{label}: {clean(row.shown)} of {row.high:,g}"
    if row.kind == "balance":
        middle = (row.low + row.high) / 2
        lean = row.value - middle
        if lean == 0:
            return f"{label}: balanced"
        side = row.high_label if lean > 0 else row.low_label
        return f"{label}: {abs(lean):g} toward {clean(side)}"
    return f"{label}: {clean(row.shown)}"


def stat_lines(story: Story, variables: dict[str, Any]) -> list[str]:
    return [stat_line(row) for row in stat_rows(story, variables)]


def where(story: Story, variables: dict[str, Any], home: str) -> str:
    """The values the story puts on its header line, in words ("Almaty, tanpura"), else the home town."""
    return ", ".join(clean(v) for v in header_values(story, variables)) or clean(home)


def when(story: Story, variables: dict[str, Any]) -> str:
    """The calendar in words: the year and the musician's age when the story dates its life, else the week."""
    year, age = variables.get("year"), variables.get("age")
    if story.dated or story.aged:
        return ", ".join(
            part for part in (str(year) if year is not None else "", f"age {age}" if age is not None else "") if part
        )
    return f"week {variables.get('week', story.start_week)}"
