"""Which stats a player sees, and how: a pure description the side panel and the stats screen both draw."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game.story.compiled import Story, VariableSpec
from game.story.templates import format_money

# Shown in the panel's header lines rather than as stats.
HEADER_VARIABLES = ("city", "instrument")


@dataclass(frozen=True, slots=True)
class StatRow:
    name: str
    label: str
    kind: str  # bar | balance | value
    shown: str  # the value as text ("15,000 ₸", "42", "Paris")
    value: float = 0.0
    low: float = 0.0
    high: float = 100.0
    low_label: str = ""
    high_label: str = ""
    help: str = ""


def label_of(spec: VariableSpec) -> str:
    return spec.label or spec.name.replace("_", " ").capitalize()


def format_value(spec: VariableSpec, value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        if spec.unit == "tenge":
            return format_money(value)
        number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
        if spec.unit == "percent":
            return f"{number}%"
        if spec.unit == "weeks":
            return f"{number} week{'s' if value != 1 else ''}"
        return number
    return str(value)


def stat_rows(
    story: Story, variables: dict[str, Any], *, skip: tuple[str, ...] = HEADER_VARIABLES, include_hidden: bool = False
) -> list[StatRow]:
    """Every stat worth showing, in the story's declared order. Empty strings and hidden ones are left out."""
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


def where_and_when(story: Story, variables: dict[str, Any], home: str) -> tuple[str, str]:
    """The city (the `city` variable when the story has one, else the origin's home) and the week."""
    city = variables.get("city") if "city" in story.variables else None
    return (str(city) if city else home), f"Week {variables.get('week', story.start_week)}"
