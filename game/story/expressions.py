"""Writer expressions: a whitelisted subset of Python syntax, compiled once at load.

Raw writer text never reaches ``eval``: it is parsed with :mod:`ast`, every node is checked against a
whitelist (no attributes, no subscripts, no calls but a named few, capped length and depth), names are
checked against the declared variables, and only then is the *checked tree* compiled to a code object.
Evaluating the compiled code costs ~0.2 µs, which keeps playtests of thousands of runs cheap.
"""

from __future__ import annotations

import ast
import keyword
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from types import CodeType
from typing import Any

from game.story import bounds
from game.story.memo import BoundedMemo

MAX_LENGTH = 500
MAX_DEPTH = 24
MAX_LIST = 64

# Functions a writer may call. The engine supplies the implementations of the stateful ones.
PURE_FUNCTIONS: dict[str, Callable[..., Any]] = {"min": min, "max": max, "abs": abs, "round": round}
STATE_FUNCTIONS = ("visited", "chose", "available", "succeeded")
FUNCTION_ARITY = {
    "min": (1, 8),
    "max": (1, 8),
    "abs": (1, 1),
    "round": (1, 2),
    "visited": (1, 1),
    "chose": (2, 2),
    "succeeded": (2, 2),
    "available": (1, 1),
}

_ALLOWED_NODES = (
    ast.Expression,
    ast.BoolOp,
    ast.And,
    ast.Or,
    ast.UnaryOp,
    ast.Not,
    ast.USub,
    ast.UAdd,
    ast.BinOp,
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.Div,
    ast.FloorDiv,
    ast.Mod,
    ast.Compare,
    ast.Eq,
    ast.NotEq,
    ast.Lt,
    ast.LtE,
    ast.Gt,
    ast.GtE,
    ast.In,
    ast.NotIn,
    ast.Name,
    ast.Load,
    ast.Constant,
    ast.List,
    ast.Tuple,
    ast.Call,
    ast.IfExp,
)
# Lower-case literals writers coming from YAML reach for.
_ALIASES = {"true": True, "false": False, "null": None}


class ExpressionError(ValueError):
    """A problem with a writer's expression; ``code`` is a diagnostic code, ``col`` is 1-based."""

    def __init__(self, code: str, message: str, col: int = 1) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.col = col


@dataclass(frozen=True, slots=True)
class Expression:
    """A compiled expression, ready to evaluate against a namespace of variable values."""

    source: str
    code: CodeType
    names: frozenset[str]
    calls: tuple[tuple[str, tuple[Any, ...]], ...] = field(default=())

    def evaluate(self, namespace: Mapping[str, Any], functions: dict[str, Any]) -> Any:
        """Evaluate against variable values; ``functions`` is a globals dict from :func:`function_table`."""
        return eval(self.code, functions, namespace)  # noqa: S307 - a checked, compiled tree


def reserved_name_problem(name: str, more_functions: Collection[str] = ()) -> str | None:
    """Why ``name`` cannot be a variable's name, or None. A variable named like a function (``max``) or a
    literal (``true``) would hide it, and every expression or text using it would fail when shown."""
    if name.startswith("_"):
        return f"'{name}': variable names may not start with '_' (kept for the game's own names)"
    if keyword.iskeyword(name) or name.lower() in ("true", "false", "null", "none"):
        return f"'{name}' is a word of the expression language; choose another name"
    if name in PURE_FUNCTIONS or name in STATE_FUNCTIONS or name in more_functions:
        return f"'{name}' is the name of a function; choose another name"
    return None


def function_table(**state_functions: Callable[..., Any]) -> dict[str, Any]:
    """The globals an expression runs with: no builtins, the pure functions, and the stateful ones."""
    table: dict[str, Any] = {"__builtins__": {}}
    table.update(PURE_FUNCTIONS)
    table.update(_GUARDS)
    table.update(state_functions)
    return table


def _col(node: ast.AST) -> int:
    return getattr(node, "col_offset", 0) + 1


def _check(
    node: ast.AST, depth: int, known: Collection[str], names: set[str], calls: list[tuple[str, tuple[Any, ...]]]
) -> None:
    if depth > MAX_DEPTH:
        raise ExpressionError("E404", f"expression nests deeper than {MAX_DEPTH} levels", _col(node))
    if isinstance(node, ast.Attribute):
        raise ExpressionError("E403", f"attribute access '.{node.attr}' is not allowed", _col(node))
    if isinstance(node, ast.Subscript):
        raise ExpressionError("E403", "indexing with [...] is not allowed", _col(node))
    if isinstance(
        node,
        (
            ast.Lambda,
            ast.NamedExpr,
            ast.ListComp,
            ast.GeneratorExp,
            ast.DictComp,
            ast.SetComp,
            ast.Dict,
            ast.Set,
            ast.JoinedStr,
            ast.Starred,
            ast.Await,
        ),
    ):
        raise ExpressionError("E403", f"'{type(node).__name__}' is not allowed in an expression", _col(node))
    if not isinstance(node, _ALLOWED_NODES):
        raise ExpressionError("E403", f"'{type(node).__name__}' is not allowed in an expression", _col(node))
    if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float, str, bool)):
        raise ExpressionError("E403", f"the constant {node.value!r} is not allowed", _col(node))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        # "x" * 10**9 would allocate without bound: forbid repeating strings and lists.
        for side in (node.left, node.right):
            if isinstance(side, (ast.List, ast.Tuple)) or (
                isinstance(side, ast.Constant) and isinstance(side.value, str)
            ):
                raise ExpressionError("E403", "repeating strings or lists with * is not allowed", _col(node))
    if isinstance(node, (ast.List, ast.Tuple)) and len(node.elts) > MAX_LIST:
        raise ExpressionError("E404", f"a list may hold at most {MAX_LIST} items", _col(node))
    if isinstance(node, ast.Name):
        if node.id in _ALIASES:
            return
        if node.id in PURE_FUNCTIONS or node.id in STATE_FUNCTIONS:
            raise ExpressionError("E403", f"'{node.id}' is a function: call it as {node.id}(...)", _col(node))
        if node.id not in known:
            raise ExpressionError("E401", f"unknown variable '{node.id}'", _col(node))
        names.add(node.id)
        return
    if isinstance(node, ast.Call):
        func = node.func
        if not isinstance(func, ast.Name) or func.id not in FUNCTION_ARITY:
            shown = func.id if isinstance(func, ast.Name) else type(func).__name__
            allowed = ", ".join(sorted(FUNCTION_ARITY))
            raise ExpressionError("E403", f"calling '{shown}' is not allowed (only {allowed})", _col(node))
        if node.keywords:
            raise ExpressionError("E403", "keyword arguments are not allowed", _col(node))
        low, high = FUNCTION_ARITY[func.id]
        if not low <= len(node.args) <= high:
            raise ExpressionError(
                "E402", f"{func.id}() takes {low}..{high} arguments, got {len(node.args)}", _col(node)
            )
        if func.id in STATE_FUNCTIONS:
            if not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args):
                raise ExpressionError("E402", f'{func.id}() takes quoted ids, like {func.id}("some_id")', _col(node))
            calls.append((func.id, tuple(a.value for a in node.args)))  # type: ignore[attr-defined]
        for arg in node.args:
            _check(arg, depth + 1, known, names, calls)
        return
    for child in ast.iter_child_nodes(node):
        _check(child, depth + 1, known, names, calls)


# ``*`` and ``%`` can allocate without bound on values only known at play time (``name * 2000000000``,
# ``'%01000000000d' % 1``): the compiled code calls these bounded versions instead (see game.story.bounds).
# The names cannot clash with a writer's: they start with "_", which no variable name may.
_GUARD_NAMES = {ast.Mult: "_bounded_mul", ast.Mod: "_bounded_mod"}
_GUARDS: dict[str, Callable[..., Any]] = {"_bounded_mul": bounds.mul, "_bounded_mod": bounds.mod}


class _Rename(ast.NodeTransformer):
    """Turn ``true``/``false`` into constants so the compiled code needs no extra names, and the operators
    that can make a value huge into calls of their bounded versions."""

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if node.id in _ALIASES:
            return ast.copy_location(ast.Constant(_ALIASES[node.id]), node)
        return node

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        guard = _GUARD_NAMES.get(type(node.op))
        if guard is None:
            return node
        call = ast.Call(ast.Name(guard, ast.Load()), [node.left, node.right], [])
        return ast.copy_location(call, node)


# Compiled expressions by (source, declared names): stories repeat their conditions ("energy > 0 and
# week < 70" guards a dozen choices), and an Expression is immutable, so one can serve them all.
_COMPILED: BoundedMemo[tuple[object, frozenset[str]], Expression] = BoundedMemo(100_000)


def compile_expression(source: object, known: Collection[str]) -> Expression:
    """Check and compile ``source``; raise :class:`ExpressionError` with a code and column."""
    if not isinstance(known, frozenset) or not isinstance(source, str):
        return _compile_expression(source, known)
    return _COMPILED.get((source, known), lambda: _compile_expression(source, known))


def _compile_expression(source: object, known: Collection[str]) -> Expression:
    if isinstance(source, (bool, int, float)):
        source = str(source).lower() if isinstance(source, bool) else str(source)
    if not isinstance(source, str):
        raise ExpressionError("E402", "an expression must be text")
    text = source.strip()
    if not text:
        raise ExpressionError("E402", "the expression is empty")
    if len(text) > MAX_LENGTH:
        raise ExpressionError("E404", f"expression is longer than {MAX_LENGTH} characters")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as err:
        raise ExpressionError("E402", f"cannot read the expression: {err.msg}", err.offset or 1) from None
    except (RecursionError, MemoryError, ValueError):
        raise ExpressionError("E404", "expression is too deeply nested") from None
    names: set[str] = set()
    calls: list[tuple[str, tuple[Any, ...]]] = []
    _check(tree, 0, known, names, calls)
    tree = ast.fix_missing_locations(_Rename().visit(tree))
    code = compile(tree, "<expression>", "eval")
    return Expression(text, code, frozenset(names), tuple(calls))


def compile_tuple(expressions: Sequence[Expression | None]) -> CodeType:
    """One code object giving every expression's value as a tuple (None counts as true).

    The engine asks a pool's members' conditions together on every turn; a single ``eval`` of the tuple
    costs a fraction of one ``eval`` per member. The sources were checked when they were compiled, and are
    parsed and renamed exactly as :func:`compile_expression` did, so each item means what it meant alone.
    """
    items: list[ast.expr] = []
    for expression in expressions:
        if expression is None:
            items.append(ast.Constant(True))
        else:
            tree = _Rename().visit(ast.parse(expression.source, mode="eval"))
            items.append(tree.body)
    tree = ast.fix_missing_locations(ast.Expression(ast.Tuple(items, ast.Load())))
    return compile(tree, "<expressions>", "eval")
