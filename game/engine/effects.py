"""Applying an effects block to the variables, and describing what changed ("+3 Fame", "−5,000 ₸")."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import CodeType
from typing import Any, Protocol

from game.story.compiled import EffectsSpec, VariableSpec
from game.story.expressions import Expression
from game.story.memo import BoundedMemo
from game.story.units import number_text, span_text, value_text, weeks_text


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
    prefix: str = ""  # the story's unit around the number: "$", " ₸", "%"
    suffix: str = ""
    assigned: bool = False  # set to a value (set:, calc:) rather than moved by an amount: show the value
    per_year: int = 0  # for the calendar: its weeks a year, so years read as years ("2 years, 4 months")

    @property
    def delta(self) -> float | None:
        """How much a number moved (None for text and flags): what colours the change, not its wording."""
        numeric = (int, float)
        if isinstance(self.after, bool) or not isinstance(self.after, numeric):
            return None
        if isinstance(self.before, bool) or not isinstance(self.before, numeric):
            return None
        return self.after - self.before

    def describe(self) -> str:
        """A short phrase a player reads at a glance: '+3 Fame', '−5,000 ₸ Money', 'City: Paris'."""
        if isinstance(self.after, bool):
            return f"{self.label}: {'yes' if self.after else 'no'}"
        delta = self.delta
        if delta is None:
            return f"{self.label}: {self.after}"
        if self.name == "week":
            if self.per_year and abs(delta) >= 8:
                return f"{span_text(delta, self.per_year)} passed"
            return weeks_text(delta, signed=True)
        if self.assigned:
            return f"{self.label}: {value_text(self, self.after)}"
        if self.low_label and self.high_label:
            return f"{number_text(delta)} toward {self.high_label if delta > 0 else self.low_label}"
        return f"{value_text(self, delta, signed=True)} {self.label}"


def visible_changes(changes: Iterable[Change], specs: Mapping[str, VariableSpec]) -> list[Change]:
    """The changes a player is told about: not the story's own bookkeeping (a variable it marks
    ``show: hidden``, such as the week the bills were paid or a flag that remembers a gig). The calendar,
    a built-in, is always told."""
    return [c for c in changes if (spec := specs.get(c.name)) is None or spec.show != "hidden"]


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
                change.name,
                change.label,
                first.before,
                change.after,
                change.unit,
                change.low_label,
                change.high_label,
                change.prefix,
                change.suffix,
                first.assigned and change.assigned,
            )
        )
    return [c for c in merged.values() if c.before != c.after]


class RandomSource(Protocol):
    """What effects need of a random generator (a ``random.Random``, or the engine's lazily seeded one)."""

    def randint(self, low: int, high: int) -> int: ...


# An effects block compiled for apply_effects's path without changes (see _compile_quiet).
_Quiet = Callable[[dict[str, Any], RandomSource, dict[str, Any], Callable[[dict[str, Any]], None] | None], None]


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


def fitted(spec: VariableSpec, value: Any) -> Any:
    """``value`` as ``spec``'s variable would hold it (clamped, rounded); EffectError if it cannot."""
    # A whole number for a number or counter is what most effects give: _fit would only clamp it.
    return spec.clamp(value) if type(value) is int and spec.type in _NUMERIC else _fit(spec, value)


def _fair_goal(spec: VariableSpec, current: Any, percent: float) -> Any:
    """`fair:`: ``percent`` of the way from ``current`` to the variable's max (to its min when negative)."""
    if percent >= 0:
        goal = current + (spec.max - current) * percent / 100  # type: ignore[operator]
    else:
        goal = current - (current - spec.min) * -percent / 100  # type: ignore[operator]
    return round(goal) if isinstance(current, int) else goal


def separate_effect(effects: EffectsSpec, name: str, value: Any, spec: VariableSpec, rng: RandomSource) -> Any:
    """What a :attr:`~EffectsSpec.separable` block leaves in ``name``, given its ``value`` before: the
    block's steps for that one variable, in apply_effects's order (set, add, fair, roll)."""
    for target, given in effects.set:
        if target == name:
            value = fitted(spec, given)
    for target, amount in effects.add:
        if target == name:
            value = fitted(spec, value + amount)
    for target, percent in effects.fair:
        if target == name:
            value = fitted(spec, _fair_goal(spec, value, percent))
    for target, low, high in effects.roll:
        if target == name:
            value = fitted(spec, value + rng.randint(low, high))
    return value


def _assign(
    name: str,
    value: Any,
    variables: dict[str, Any],
    specs: dict[str, VariableSpec],
    changes: list[Change] | None,
    assigned: bool = False,
) -> None:
    spec = specs[name]
    before = variables[name]
    after = fitted(spec, value)
    if after != before or type(after) is not type(before):
        variables[name] = after
        if changes is not None and after != before:
            changes.append(
                Change(
                    name,
                    spec.label,
                    before,
                    after,
                    spec.unit,
                    spec.low_label,
                    spec.high_label,
                    spec.prefix,
                    spec.suffix,
                    assigned,
                )
            )


def _until_age(
    until: Expression | int,
    variables: dict[str, Any],
    env: dict[str, Any],
    changes: list[Change] | None,
    clock: Callable[[dict[str, Any]], None] | None,
) -> None:
    """Move the calendar on to the first week the musician is ``until`` years old (never back)."""
    age = until if isinstance(until, int) else until.evaluate(variables, env)
    calendar, age_at_start = getattr(clock, "calendar", None), getattr(clock, "age_at_start", None)
    if calendar is None or age_at_start is None:
        raise EffectError("until_age: the story gives no age to count from")
    if isinstance(age, bool) or not isinstance(age, (int, float)):
        raise EffectError(f"until_age: an age is a number, not {age!r}")
    years = calendar.year_index(calendar.start_week) + (int(age) - age_at_start)
    target = years * calendar.weeks_per_year + 1  # the first week of the year that age is reached
    before = variables["week"]
    if target <= before:
        return
    variables["week"] = target
    if changes is not None:
        changes.append(Change("week", "Week", before, target, "weeks", per_year=calendar.weeks_per_year))
    if clock is not None:
        clock(variables)


def apply_effects(
    effects: EffectsSpec,
    variables: dict[str, Any],
    specs: dict[str, VariableSpec],
    rng: RandomSource,
    env: dict[str, Any],
    changes: list[Change] | None,
    clock: Callable[[dict[str, Any]], None] | None = None,
) -> None:
    """Apply in the documented order: set, calc, add, fair, roll, weeks, then the `if:` branch. Appends to
    ``changes`` (unless it is None: a caller that shows no changes need not build them). ``clock`` brings
    the built-ins that follow the calendar (year, age...) up to date when time moves; the branch's condition
    sees them, and every value the block's own parts gave."""
    if changes is None:
        quiet = effects.quiet
        if quiet is None or quiet[0] is not specs:
            quiet = effects.quiet = (specs, _compile_quiet(effects, specs))
        if quiet[1] is not None:
            quiet[1](variables, rng, env, clock)
            return
    for name, value in effects.set:
        _assign(name, value, variables, specs, changes, True)
    for name, expr in effects.calc:
        _assign(name, expr.evaluate(variables, env), variables, specs, changes, True)
    for name, amount in effects.add:
        _assign(name, variables[name] + amount, variables, specs, changes)
    for name, percent in effects.fair:
        _assign(name, _fair_goal(specs[name], variables[name], percent), variables, specs, changes)
    for name, low, high in effects.roll:
        _assign(name, variables[name] + rng.randint(low, high), variables, specs, changes)
    if effects.weeks:
        before = variables["week"]
        variables["week"] = before + effects.weeks
        if changes is not None:
            per_year = getattr(clock, "weeks_per_year", 0)  # a dated story's clock knows its year
            changes.append(Change("week", "Week", before, variables["week"], "weeks", per_year=per_year))
        if clock is not None:
            clock(variables)
    if effects.until_age is not None:
        _until_age(effects.until_age, variables, env, changes, clock)
    branch = effects.branch
    if branch is not None:
        condition, then, otherwise = branch
        chosen = then if condition.evaluate(variables, env) else otherwise
        if chosen.active:
            apply_effects(chosen, variables, specs, rng, env, changes, clock)


# -- the same, compiled: a playtest applies effects a hundred thousand times a second and shows no changes ----


class _NotCompiled(Exception):
    """A block :func:`_compile_quiet` leaves to :func:`apply_effects`'s loop."""


# Compiled code by source: the source names no variable and holds no value (both are read from the block's
# own table, ``k0``, ``k1``...), so blocks of one shape ("add to two numbers, then a week") share one
# compile, the costly part (a story has a few thousand blocks and a few hundred shapes).
_SHAPES: BoundedMemo[str, CodeType] = BoundedMemo(10_000)


def _compile_quiet(effects: EffectsSpec, specs: dict[str, VariableSpec]) -> _Quiet | None:
    """``effects`` as one function ``(variables, rng, env, clock)`` that does exactly what
    :func:`apply_effects` does when it records no changes: the same steps in the same order, through the
    same functions (fitted, _fair_goal, _until_age), with the loops over empty parts and the lookups of
    each variable's spec done once, here. None when a part names no declared variable."""
    scope: dict[str, Any] = {
        "__builtins__": {},
        "type": type,
        "int": int,
        "eval": eval,
        "_fit": _fit,
        "_until": _until_age,
    }
    lines = ["def apply(v, rng, env, clock):"]

    def value(item: Any) -> str:
        scope[f"k{len(scope)}"] = item
        return f"k{len(scope) - 1}"

    def assign(name: str, computed: str) -> None:
        # _assign without the change, in its order: the value worked out, fitted, then compared with the
        # value before (kept when equal and of the same type).
        spec = specs.get(name)
        if spec is None:
            raise _NotCompiled(name)
        key = value(name)
        lines.append(f"    x = {computed}")
        if spec.type in _NUMERIC:  # fitted(), written out: a whole number is only clamped
            lines.append(f"    x = {value(spec.clamp)}(x) if type(x) is int else _fit({value(spec)}, x)")
        else:
            lines.append(f"    x = _fit({value(spec)}, x)")
        lines.append(f"    b = v[{key}]")
        lines.append(f"    if x != b or type(x) is not type(b): v[{key}] = x")

    try:
        for name, given in effects.set:
            assign(name, value(given))
        for name, expression in effects.calc:
            assign(name, f"eval({value(expression.code)}, env, v)")
        for name, amount in effects.add:
            assign(name, f"v[{value(name)}] + {value(amount)}")
        for name, percent in effects.fair:
            spec = specs.get(name)
            assign(name, f"{value(_fair_goal)}({value(spec)}, v[{value(name)}], {value(percent)})")
        for name, low, high in effects.roll:
            assign(name, f"v[{value(name)}] + rng.randint({value(low)}, {value(high)})")
    except _NotCompiled:
        return None
    if effects.weeks:
        lines.append(f"    v['week'] = v['week'] + {value(effects.weeks)}")
        lines.append("    if clock is not None: clock(v)")
    if effects.until_age is not None:
        lines.append(f"    _until({value(effects.until_age)}, v, env, None, clock)")
    if effects.branch is not None:
        condition, then, otherwise = effects.branch
        apply = value(apply_effects)
        lines.append(f"    chosen = {value(then)} if eval({value(condition.code)}, env, v) else {value(otherwise)}")
        lines.append(f"    if chosen.active: {apply}(chosen, v, {value(specs)}, rng, env, None, clock)")
    lines.append("    return None")
    source = "\n".join(lines)
    exec(_SHAPES.get(source, lambda: compile(source, "<effects>", "exec")), scope)  # noqa: S102 - see _SHAPES
    return scope["apply"]  # type: ignore[no-any-return]
