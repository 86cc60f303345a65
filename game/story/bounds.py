"""Size bounds for values computed from writer text: the operators that can make a value huge, guarded.

Scene text that ``check`` accepted froze the game when shown (``{{ fame ** 99999999 }}``, ``{{ 'x' * 10**9 }}``,
``{{ '%01000000000d' % 1 }}``), and Jinja2 folds constant expressions while *compiling*, so ``steppe check``
itself hung on them. Both the template sandbox and the expression compiler route ``*``, ``**``, ``%`` and
``+`` through these functions, which refuse (with :class:`ValueTooLarge`, a readable reason) any result
longer than :data:`MAX_TEXT` characters or items, or any whole number of more than :data:`MAX_BITS` bits,
*before* computing it.
"""

from __future__ import annotations

import operator
import re
from typing import Any

MAX_TEXT = 100_000  # characters (or list items) any computed value may hold: pages of text
MAX_BITS = 4_096  # about 1,233 decimal digits: far past any story number, far below Python's 4,300-digit limit
_FORMAT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]")


class ValueTooLarge(ValueError):
    """A computed value would exceed the bounds (it is refused before it is computed)."""


def _sized(value: Any) -> bool:
    return isinstance(value, str | list | tuple)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_bits(bits: int) -> None:
    if bits > MAX_BITS:
        raise ValueTooLarge(f"the number would have over {MAX_BITS:,} bits")


def _check_length(length: int) -> None:
    if length > MAX_TEXT:
        raise ValueTooLarge(f"the value would be over {MAX_TEXT:,} characters long")


def mul(left: Any, right: Any) -> Any:
    if _sized(left) and _whole(right):
        _check_length(len(left) * max(right, 0))
    elif _sized(right) and _whole(left):
        _check_length(len(right) * max(left, 0))
    elif _whole(left) and _whole(right):
        _check_bits(left.bit_length() + right.bit_length())
    return left * right


def power(base: Any, exponent: Any) -> Any:
    if _whole(base) and _whole(exponent) and exponent > 0 and abs(base) > 1:
        _check_bits((abs(base).bit_length() - 1) * exponent)
    return base**exponent


def mod(left: Any, right: Any) -> Any:
    if isinstance(left, str):
        # printf-style formatting: a width or precision is an allocation of that many characters
        for width, precision in _FORMAT_SPEC.findall(left):
            for part in (width, precision):
                if part == "*" or (part and int(part) > MAX_TEXT):
                    raise ValueTooLarge(f"a format width or precision over {MAX_TEXT:,} (or '*') is not allowed")
        result = left % right
        _check_length(len(result))
        return result
    return left % right


def add(left: Any, right: Any) -> Any:
    if _sized(left) and _sized(right):
        _check_length(len(left) + len(right))
    return left + right


GUARDED = {"*": mul, "**": power, "%": mod, "+": add}
UNGUARDED = {"-": operator.sub, "/": operator.truediv, "//": operator.floordiv}
