"""How far a condition is from true, so a search can climb towards states that make it true.

The exhaustive playtest finds what random play reaches; a condition such as ``energy < 15`` at a scene
that random runs always reach rested, or ``city == "Paris" and fame >= 50`` in summer, needs a search
that knows which of two failed states was *closer*. This is the branch distance of search-based testing
(Korel 1990; Tracey et al. 1998): zero when the condition holds, otherwise a positive number that shrinks as
the state approaches one where it would. ``a >= b`` is ``b - a`` away when it fails; ``x and y`` is the sum
of the two distances, ``x or y`` the smaller; anything else (a flag, ``visited(...)``, a string compared)
is 0 or 1. Each term is scaled into [0, 1) so one far number cannot drown the others in a conjunction.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from typing import Any

from game.story.expressions import Expression, ExpressionError, compile_expression

Evaluate = Callable[[Expression], Any]


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _scaled(gap: float) -> float:
    return gap / (gap + 1.0)


class Distance:
    """The branch distance of one story condition; call it with a way to evaluate its parts."""

    def __init__(self, expression: Expression) -> None:
        self.expression = expression
        self._parts: dict[int, Expression | None] = {}
        try:
            self._tree: ast.expr | None = ast.parse(expression.source.strip(), mode="eval").body
        except SyntaxError:  # the loader accepted it, so this cannot happen; fall back to true/false
            self._tree = None

    def __call__(self, evaluate: Evaluate) -> float:
        if self._tree is None:
            return 0.0 if self._truth(self.expression, evaluate) else 1.0
        return self._distance(self._tree, evaluate)

    # -- parts -------------------------------------------------------------------------------------------
    def _part(self, node: ast.expr) -> Expression | None:
        """The sub-expression at ``node``, compiled (and checked) like any writer's expression, once."""
        key = id(node)
        if key not in self._parts:
            try:
                self._parts[key] = compile_expression(ast.unparse(node), self.expression.names)
            except ExpressionError:
                self._parts[key] = None
        return self._parts[key]

    def _value(self, node: ast.expr, evaluate: Evaluate) -> Any:
        part = self._part(node)
        if part is None:
            raise ValueError("a part that cannot be evaluated alone")
        return evaluate(part)

    @staticmethod
    def _truth(expression: Expression, evaluate: Evaluate) -> bool:
        try:
            return bool(evaluate(expression))
        except Exception:  # noqa: BLE001 - a condition that fails to evaluate is not true
            return False

    def _flag(self, node: ast.expr, evaluate: Evaluate) -> float:
        try:
            return 0.0 if self._value(node, evaluate) else _scaled(1.0)
        except Exception:  # noqa: BLE001 - as above
            return _scaled(1.0)

    # -- the distance --------------------------------------------------------------------------------------
    def _distance(self, node: ast.expr, evaluate: Evaluate) -> float:
        if isinstance(node, ast.BoolOp):
            parts = [self._distance(value, evaluate) for value in node.values]
            return sum(parts) if isinstance(node.op, ast.And) else min(parts)
        if isinstance(node, ast.Compare):
            return self._compare(node, evaluate)
        return self._flag(node, evaluate)

    def _compare(self, node: ast.Compare, evaluate: Evaluate) -> float:
        try:
            values = [self._value(node.left, evaluate)] + [self._value(c, evaluate) for c in node.comparators]
        except Exception:  # noqa: BLE001 - a part that cannot be evaluated: all or nothing
            return self._flag(node, evaluate)
        total = 0.0
        for op, left, right in zip(node.ops, values, values[1:], strict=False):
            total += _scaled(_gap(op, left, right))
        return total


def _gap(op: ast.cmpop, left: Any, right: Any) -> float:
    """How far ``left op right`` is from holding: 0 when it holds."""
    if _number(left) and _number(right):
        if isinstance(op, ast.Lt):
            return 0.0 if left < right else left - right + 1
        if isinstance(op, ast.LtE):
            return 0.0 if left <= right else left - right
        if isinstance(op, ast.Gt):
            return 0.0 if left > right else right - left + 1
        if isinstance(op, ast.GtE):
            return 0.0 if left >= right else right - left
        if isinstance(op, ast.Eq):
            return float(abs(left - right))
    holds = _HOLDS.get(type(op))
    try:
        return 0.0 if holds is not None and holds(left, right) else 1.0
    except TypeError:  # e.g. a number compared with a string: it does not hold
        return 1.0


_HOLDS: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.In: lambda left, right: left in right,
    ast.NotIn: lambda left, right: left not in right,
}
