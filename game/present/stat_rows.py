"""Which stats a player sees, and how: a pure description the side panel and the stats screen both draw."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game.engine.effects import Change, visible_changes
from game.story.compiled import Story, VariableSpec
from game.story.units import value_text


@dataclass(frozen=True, slots=True)
class StatRow:
    name: str
    label: str
    kind: str  # bar | balance | value
    shown: str  # the value as text, in the story's unit ("$15,000", "42", "Paris")
    value: float = 0.0
    low: float = 0.0
    high: float = 100.0
    low_label: str = ""
    high_label: str = ""
    help: str = ""


def label_of(spec: VariableSpec) -> str:
    return spec.label or spec.name.replace("_", " ").capitalize()


def format_value(spec: VariableSpec, value: Any) -> str:
    """A value as the player reads it: in the story's unit, "yes"/"no" for flags."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return spec.value_labels.get(value, value)
    return value_text(spec, value)


def change_text(story: Story, change: Change) -> str:
    """A change as the player reads it: the engine's wording, with a text value in the story's label."""
    spec = story.variables.get(change.name)
    if spec is not None and isinstance(change.after, str) and change.after in spec.value_labels:
        return f"{change.label}: {spec.value_labels[change.after]}"
    return change.describe()


def shown_changes(story: Story, changes: list[Change]) -> list[Change]:
    """The changes worth a player's glance: not the story's bookkeeping (hidden variables; a flag that
    remembers a gig was played is not news to the player; a value it wants seen, it shows)."""
    return visible_changes(changes, story.variables)


def stat_rows(
    story: Story, variables: dict[str, Any], *, skip: tuple[str, ...] | None = None, include_hidden: bool = False
) -> list[StatRow]:
    """Every stat worth showing, in the story's declared order. Empty strings and hidden ones are left out,
    and so are those in ``skip`` (by default the story's header variables, which the header line shows)."""
    if skip is None:
        skip = story.presentation.header
    rows: list[StatRow] = []
    for name, spec in story.variables.items():
        if name in skip or (spec.show == "hidden" and not include_hidden):
            continue
        value = variables.get(name, spec.initial)
        if spec.type == "flag" and spec.show == "hidden":
            continue
        if spec.type == "string" and not value:
            continue
        shown = format_value(spec, value)
        numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
        bounded = numeric and spec.min is not None and spec.max is not None and spec.max > spec.min
        kind = "value"
        if bounded and spec.show == "bar":
            kind = "balance" if spec.low_label or spec.high_label else "bar"
        rows.append(
            StatRow(
                name=name,
                label=label_of(spec),
                kind=kind,
                shown=shown,
                value=float(value) if numeric else 0.0,
                low=float(spec.min) if bounded and spec.min is not None else 0.0,
                high=float(spec.max) if bounded and spec.max is not None else 100.0,
                low_label=spec.low_label or "",
                high_label=spec.high_label or "",
                help=spec.help,
            )
        )
    return rows


def header_values(story: Story, variables: dict[str, Any]) -> list[str]:
    """The values of the variables the story puts on its header line (`presentation: header:`), non-empty."""
    shown = []
    for name in story.presentation.header:
        spec = story.variables.get(name)
        value = variables.get(name)
        if spec is not None and value not in (None, "", False):
            shown.append(format_value(spec, value))
    return shown


def calendar_text(story: Story | None, week: Any) -> str:
    """A saved moment as a player thinks of it: "winter 2019" in a dated story, else "week 12"."""
    calendar = story.calendar if story is not None else None
    if calendar is None or calendar.start_year is None or not isinstance(week, int) or isinstance(week, bool):
        return f"week {week}"
    return f"{calendar.season(week)} {calendar.start_year + calendar.year_index(week)}"


def where_and_when(story: Story, variables: dict[str, Any], home: str) -> tuple[str, str]:
    """The header line's values (else the origin's home) and the calendar."""
    return "  ·  ".join(header_values(story, variables)) or home, f"Week {variables.get('week', story.start_week)}"


def compact_stats(story: Story, variables: dict[str, Any]) -> list[str]:
    """Short "Label value" items for one status line (narrow terminals, where the side panel folds): the
    variables the story marks as costs, else every stat it shows as a bar."""
    costs = [spec for spec in story.variables.values() if getattr(spec, "cost", False)]
    chosen = costs or [spec for spec in story.variables.values() if spec.show == "bar"]
    return [f"{label_of(spec)} {format_value(spec, variables.get(spec.name, spec.initial))}" for spec in chosen]
