"""How numbers read to the player, in whatever currency or unit the story declares.

The story says what goes around a number (``unit: {prefix: "$"}``, ``{suffix: " ₸"}``, ``percent``,
``weeks``); this module only knows how to write a number with those around it, so no code names a
currency or a variable.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

# Between a number and a unit written apart from it ("1,200 ₸", "12 km"): a no-break space, so text never
# breaks a line between the amount and what it counts.
NO_BREAK = "\u00a0"

# The first edition's `unit: tenge`, kept loading: it is exactly a " ₸" suffix.
LEGACY_UNITS = {"tenge": ("", " ₸")}
PERCENT = ("", "%")


def number_text(value: float) -> str:
    """1234.0 -> '1,234'; 2.5 -> '2.5': whole numbers without a decimal point, thousands grouped."""
    if float(value).is_integer():
        return f"{abs(round(value)):,}"
    return f"{abs(value):,.1f}"


def amount_text(value: Any, prefix: str = "", suffix: str = "", *, signed: bool = False) -> str:
    """A number with the story's prefix and suffix: '$1,200', '−1,200 ₸', '+40%' (with ``signed``). The
    space a suffix begins with (or a prefix ends with) is a no-break space: the amount and its unit stay on
    one line.

    The sign goes before the prefix ("−$5", not "$−5"), and is a true minus sign. Anything that is not a
    number is shown as it is.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    sign = "−" if value < 0 else "+" if signed and value > 0 else ""
    if prefix.endswith(" "):
        prefix = prefix[:-1] + NO_BREAK
    if suffix.startswith(" "):
        suffix = NO_BREAK + suffix[1:]
    return f"{sign}{prefix}{number_text(value)}{suffix}"


def weeks_text(value: float, *, signed: bool = False) -> str:
    sign = "+" if signed and value > 0 else "−" if value < 0 else ""
    return f"{sign}{number_text(value)} week{'s' if abs(value) != 1 else ''}"


def span_text(weeks: float, weeks_per_year: int) -> str:
    """A span of the calendar as a person says it: '1 week', '2 months', '6 years, 3 months'."""
    weeks = abs(weeks)
    if weeks < 8:
        return f"{number_text(weeks)} week{'' if weeks == 1 else 's'}"
    years, months = divmod(round(weeks * 12 / weeks_per_year), 12)
    parts = [f"{years} year{'' if years == 1 else 's'}"] if years else []
    parts += [f"{months} month{'' if months == 1 else 's'}"] if months else []
    return ", ".join(parts)


class _Affixes(Protocol):
    @property
    def prefix(self) -> str: ...
    @property
    def suffix(self) -> str: ...


def resolve_unit(unit: str | _Affixes, currency: _Affixes | None) -> tuple[str, str, str]:
    """A declared unit as (kind, prefix, suffix); kind is currency, amount, percent, weeks or none."""
    if not isinstance(unit, str):
        return "amount", unit.prefix, unit.suffix
    if unit == "currency":
        return ("currency", currency.prefix, currency.suffix) if currency else ("currency", "", "")
    if unit in LEGACY_UNITS:
        # A story that declares its currency shows it; one from the first edition keeps its suffix.
        return ("currency", currency.prefix, currency.suffix) if currency else ("currency", *LEGACY_UNITS[unit])
    if unit == "percent":
        return ("percent", *PERCENT)
    return unit, "", ""


class _Spec(_Affixes, Protocol):
    @property
    def unit(self) -> str: ...


def legacy_currency(variables: Mapping[str, _Spec]) -> tuple[str, str] | None:
    """The currency of a story that declares none: that of its first currency variable (`unit: tenge`)."""
    for spec in variables.values():
        if spec.unit == "currency" and (spec.prefix or spec.suffix):
            return spec.prefix, spec.suffix
    return None


def value_text(spec: _Spec, value: Any, *, signed: bool = False) -> str:
    """A variable's value (or, with ``signed``, a change in it) in the story's unit."""
    if spec.unit == "weeks" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return weeks_text(value, signed=signed)
    return amount_text(value, spec.prefix, spec.suffix, signed=signed)
