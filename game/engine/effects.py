"""Applying an effects block to the variables, and describing what changed ("+3 Fame", "−5,000 ₸")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from game.story.compiled import EffectsSpec, VariableSpec
from game.story.templates import format_money


@dataclass(frozen=True, slots=True)
class Change:
    """One variable's change from a choice or a scene, for the "what changed" line."""

    name: str
    label: str
    before: Any
    after: Any
    unit: str = "none"
    low_label: str | None = None  # a two-sided stat reads as a move toward one side: "6 toward Tradition"
    high_label: str | None = None

    def describe(self) -> str:
        """A short phrase a player reads at a glance: '+3 Fame', '−5,000 ₸', 'City: Paris'."""
        if isinstance(self.after, bool):
            return f"{self.label}: {'yes' if self.after else 'no'}"
        if isinstance(self.after, (int, float)) and isinstance(self.before, (int, float)):
            delta = self.after - self.before
            if self.unit == "tenge":
                sign = "+" if delta > 0 else ""
                amount = format_money(delta)
                return f"{sign}{amount}" if self.name == "money" else f"{self.label} {sign}{amount}"
            sign = "+" if delta > 0 else "−"
            magnitude = abs(delta)
            shown = f"{magnitude:g}" if isinstance(magnitude, float) else str(magnitude)
            if self.low_label and self.high_label:
                return f"{shown} toward {self.high_label if delta > 0 else self.low_label}"
            suffix = "%" if self.unit == "percent" else ""
            if self.name == "week":
                return f"+{shown} week{'s' if magnitude != 1 else ''}"
            return f"{sign}{shown}{suffix} {self.label}"
        return f"{self.label}: {self.after}"


def merge_changes(changes: list[Change]) -> list[Change]:
    """One entry per variable (first before, last after), in order of first change; net-zero ones dropped.

    A choice's effects, a risky outcome and the next scene's entry effects can all touch the same stat: the
    player should read "+8 Energy", not "+5 Energy · +3 Energy".
    """
    merged: dict[str, Change] = {}
    for change in changes:
        first = merged.get(change.name)
        merged[change.name] = (
            change
            if first is None
            else Change(
                change.name, change.label, first.before, change.after, change.unit, change.low_label, change.high_label
            )
        )
    return [c for c in merged.values() if c.before != c.after]


class RandomSource(Protocol):
    """What effects need of a random generator (a ``random.Random``, or the engine's lazily seeded one)."""

    def randint(self, low: int, high: int) -> int: ...


class EffectError(RuntimeError):
    """An effect produced a value that does not fit (a calc giving text for a number, say)."""


_NUMERIC = ("number", "counter")


def _fit(spec: VariableSpec, value: Any) -> Any:
    kind = spec.type
    if kind == "number" or kind == "counter":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise EffectError(f"'{spec.name}' is a number but got {value!r}")
        if kind == "counter":
            value = round(value)
        return spec.clamp(value)
    if kind == "flag":
        return bool(value)
    if not isinstance(value, str):
        value = str(value)
    if spec.values and value not in spec.values:
        raise EffectError(f"'{value}' is not one of {spec.name}'s values")
    return value


def _assign(
    name: str, value: Any, variables: dict[str, Any], specs: dict[str, VariableSpec], changes: list[Change] | None
) -> None:
    spec = specs[name]
    before = variables[name]
    # A whole number for a number or counter is what most effects give: _fit would only clamp it.
    after = spec.clamp(value) if type(value) is int and spec.type in _NUMERIC else _fit(spec, value)
    if after != before or type(after) is not type(before):
        variables[name] = after
        if changes is not None and after != before:
            changes.append(Change(name, spec.label, before, after, spec.unit, spec.low_label, spec.high_label))


def apply_effects(
    effects: EffectsSpec,
    variables: dict[str, Any],
    specs: dict[str, VariableSpec],
    rng: RandomSource,
    env: dict[str, Any],
    changes: list[Change] | None,
) -> None:
    """Apply in the documented order: set, calc, add, fair, roll, weeks. Appends to ``changes`` (unless it
    is None: a caller that shows no changes need not build them)."""
    for name, value in effects.set:
        _assign(name, value, variables, specs, changes)
    for name, expr in effects.calc:
        _assign(name, expr.evaluate(variables, env), variables, specs, changes)
    for name, amount in effects.add:
        _assign(name, variables[name] + amount, variables, specs, changes)
    for name, percent in effects.fair:
        spec = specs[name]
        current = variables[name]
        if percent >= 0:
            target = current + (spec.max - current) * percent / 100  # type: ignore[operator]
        else:
            target = current - (current - spec.min) * -percent / 100  # type: ignore[operator]
        _assign(name, round(target) if isinstance(current, int) else target, variables, specs, changes)
    for name, low, high in effects.roll:
        _assign(name, variables[name] + rng.randint(low, high), variables, specs, changes)
    if effects.weeks:
        before = variables["week"]
        variables["week"] = before + effects.weeks
        if changes is not None:
            changes.append(Change("week", "Week", before, variables["week"], "weeks"))
