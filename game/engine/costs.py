"""What a choice will cost, worked out from its effects before it is taken ("−10 Energy · 1 week").

The costs are never written by hand: the choice's effects are applied to a copy of the variables, with a
roll taken at both ends of its range, so a conditional effect shows the branch that applies now and a roll
shows a range. A risky choice's outcomes count only where both would cost the same (which one comes is
unknown until rolled). Only variables the story marks `cost: true` are shown, and the weeks a choice takes
when the calendar says `cost: true`; only what goes down is a cost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from game.engine.effects import apply_effects, separate_effect
from game.story.compiled import DATE_VARIABLES, ChoiceSpec, EffectsSpec, Story, VariableSpec
from game.story.units import span_text

WEEK = "week"


@dataclass(frozen=True, slots=True)
class Cost:
    """What a choice takes of one variable (or of time, as ``week``): ``low``..``high``, both positive."""

    name: str
    label: str
    low: float
    high: float
    text: str  # ready to show: "−10 Energy", "−5,000–8,000 ₸ Money", "2 weeks"


class _End:
    """A stand-in generator that always rolls one end of the range."""

    def __init__(self, high: bool) -> None:
        self.high = high

    def randint(self, low: int, high: int) -> int:
        return high if self.high else low


def _number(value: float) -> str:
    value = abs(value)
    return f"{round(value):,}" if float(value).is_integer() else f"{value:,.1f}"


def time_text(weeks: float, weeks_per_year: int) -> str:
    """A span of the calendar as a person says it: '1 week', '2 months', '6 years, 3 months'."""
    return span_text(weeks, weeks_per_year)


def _text(spec: VariableSpec | None, low: float, high: float, weeks_per_year: int) -> str:
    span = _number(low) if low == high else f"{_number(low)}–{_number(high)}"
    if spec is None:  # time
        if low == high:
            return time_text(low, weeks_per_year)
        return f"{time_text(low, weeks_per_year)}–{time_text(high, weeks_per_year)}"
    prefix, suffix = getattr(spec, "prefix", ""), getattr(spec, "suffix", "")
    if spec.unit == "percent":
        suffix = "%"
    return f"−{prefix}{span}{suffix} {spec.label}"


def _after(
    blocks: tuple[EffectsSpec, ...],
    variables: dict[str, Any],
    story: Story,
    env: dict[str, Any],
    clock: Callable[[dict[str, Any]], None] | None,
    high: bool,
) -> dict[str, Any] | None:
    copy = dict(variables)
    rng = _End(high)
    try:
        for block in blocks:
            if block.active:
                apply_effects(block, copy, story.variables, rng, env, None, clock)
    except Exception:  # noqa: BLE001 - a failing effect shows no cost; choosing reports it
        return None
    return copy


def _after_separately(
    blocks: tuple[EffectsSpec, ...], variables: dict[str, Any], story: Story, names: tuple[str, ...], high: bool
) -> dict[str, Any] | None:
    """What ``_after`` gives for ``names``, for blocks that are all separable: each name on its own."""
    rng = _End(high)
    specs = story.variables
    after: dict[str, Any] = {}
    try:
        for name in names:
            value = variables[name]
            if name == WEEK:
                value += sum(block.weeks for block in blocks if block.active)
            else:
                spec = specs[name]
                for block in blocks:
                    if block.active:
                        value = separate_effect(block, name, value, spec, rng)
            after[name] = value
    except Exception:  # noqa: BLE001 - as _after: a failing effect shows no cost
        return None
    return after


# The calendar's built-ins follow `week` (the clock sets them): a cost on one of them is worked out the
# long way, with the clock.
_FOLLOW_WEEK = frozenset((*DATE_VARIABLES, "age"))


def _separable(names: tuple[str, ...], blocks: tuple[EffectsSpec, ...]) -> bool:
    return all(block.separable for block in blocks) and _FOLLOW_WEEK.isdisjoint(names)


def cost_names(story: Story) -> tuple[str, ...]:
    """The variables shown as costs (and `week` for time), worked out once per story: asked per choice."""
    names = story.derived.get("cost-names")
    if names is None:
        found = [n for n, spec in story.variables.items() if spec.cost]
        names = story.derived["cost-names"] = (*found, WEEK) if story.calendar.cost else tuple(found)
    return names  # type: ignore[no-any-return]


def choice_costs(
    choice: ChoiceSpec,
    variables: dict[str, Any],
    story: Story,
    env: dict[str, Any],
    clock: Callable[[dict[str, Any]], None] | None = None,
) -> tuple[Cost, ...]:
    """The costs of taking ``choice`` now (empty when the story marks nothing as a cost)."""
    names = cost_names(story)
    if not names:
        return ()
    outcomes = [o.effects for o in (choice.success, choice.failure) if o is not None]
    paths = [(choice.effects, o) for o in outcomes] if outcomes else [(choice.effects,)]
    # Each path at both ends of its rolls; a variable counts where every path agrees on its range.
    ranges: dict[str, set[tuple[float, float]]] = {name: set() for name in names}
    for blocks in paths:
        # Without a roll both ends are the same state: work it out once (this runs for every choice shown).
        rolled = any(block.rolls for block in blocks)
        if _separable(names, blocks):
            low_end = _after_separately(blocks, variables, story, names, high=False)
            high_end = _after_separately(blocks, variables, story, names, high=True) if rolled else low_end
        else:
            low_end = _after(blocks, variables, story, env, clock, high=False)
            high_end = _after(blocks, variables, story, env, clock, high=True) if rolled else low_end
        if low_end is None or high_end is None:
            return ()
        for name in names:
            before = variables[name]
            taken = sorted((before - low_end[name], before - high_end[name]))
            if name == WEEK:
                taken = sorted(-t for t in taken)
            ranges[name].add((taken[0], taken[1]))
    found = []
    for name in names:
        spans = ranges[name]
        if len(spans) != 1:
            continue  # the outcomes differ: unknown until rolled
        low, high = next(iter(spans))
        if high <= 0 or low < 0:
            continue  # nothing taken (or a gain, or a range that may go either way)
        spec = None if name == WEEK else story.variables[name]
        label = "Weeks" if spec is None else spec.label
        found.append(Cost(name, label, low, high, _text(spec, low, high, story.calendar.weeks_per_year)))
    return tuple(found)


def costs_text(costs: tuple[Cost, ...]) -> str:
    return " · ".join(cost.text for cost in costs)
