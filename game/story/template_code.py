"""Story templates compiled straight to one Python expression, without Jinja2's runtime.

Jinja2 renders a template through a generated generator function, a fresh ``Context`` and a join, and
compiling one costs its code generator and a ``compile`` of the module it writes: for the short texts
of a story (a title with ``{{ city }}``, a page of ``{% if %}``/``{% elif %}``) that is most of the cost
of showing a scene. Story text uses a small part of the language (output, ``if``/``elif``/``else``, and
the expressions :meth:`_Writer.expression` knows); for a template made only of that part, this module
writes one Python expression that gives the same text, and compiles it.

It gives exactly what Jinja2 would, by doing what Jinja2's generated code does: names read from the
context, Python's own comparisons, ``and``/``or``/``not`` and truth tests, the sandbox's guarded
operators (``+``, ``*``, ``**``, ``%``, see :mod:`game.story.bounds`) called as the sandbox calls them,
the environment's filters and tests called with the arguments Jinja2 passes, and the environment's
``finalize`` before ``str`` on every value written out. Anything else (a loop, ``{% set %}``, an
attribute, a filter that wants the evaluation context) is left to Jinja2: :func:`compile_direct`
returns None. And a render that fails here (an unknown name, a division by zero, a value too large) is
never reported from here: the caller renders with Jinja2 instead, which raises its own error, the one
a writer has always seen.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import nodes
from jinja2.environment import Environment

try:  # how Jinja2 itself tells which filters take the context or the environment (a private name)
    from jinja2.utils import _PassArg
except ImportError:  # pragma: no cover - a Jinja2 without it: every template is left to Jinja2
    _PassArg = None  # type: ignore[assignment,misc]

Render = Callable[[Mapping[str, Any]], str]
# A filter that takes the context (Jinja2's pass_context), written as (value, the context's dict) -> text:
# what it reads of the context must be a plain lookup, which only its author can promise.
ContextFilter = Callable[[Any, Mapping[str, Any]], Any]

_COMPARE = {"eq": "==", "ne": "!=", "gt": ">", "gteq": ">=", "lt": "<", "lteq": "<=", "in": "in", "notin": "not in"}
# Jinja2 writes these as Python's own operators, except those the sandbox intercepts (our sandbox: +, *,
# ** and %, see game.story.bounds), which it calls through the environment's call_binop.
_BINOPS = {
    nodes.Add: "+", nodes.Sub: "-", nodes.Mul: "*", nodes.Div: "/", nodes.FloorDiv: "//", nodes.Pow: "**",
    nodes.Mod: "%",
}  # fmt: skip


class _Unsupported(Exception):
    """The template uses something this module does not write: Jinja2 renders it."""


class _Writer:
    """Writes one template's expression; values it cannot write into the source (text, numbers, filter
    functions) go into a table the expression reads as ``K[i]``."""

    def __init__(self, environment: Environment, context_filters: Mapping[str, ContextFilter]) -> None:
        self.environment = environment
        self.context_filters = context_filters
        self.constants: list[Any] = []
        self.intercepted: frozenset[str] = getattr(environment, "intercepted_binops", frozenset())

    def constant(self, value: Any) -> str:
        self.constants.append(value)
        return f"K[{len(self.constants) - 1}]"

    # -- statements: each gives an expression whose value is the text it writes ----------------------
    def body(self, body: list[nodes.Node]) -> str:
        pieces: list[str] = []
        for node in body:
            if isinstance(node, nodes.Output):
                for child in node.nodes:
                    if isinstance(child, nodes.TemplateData):
                        if child.data:
                            pieces.append(self.constant(child.data))
                    else:
                        pieces.append(f"S({self.expression(child)})")
            elif isinstance(node, nodes.If):
                pieces.append(self.branches(node))
            else:
                raise _Unsupported(type(node).__name__)
        if not pieces:
            return "''"
        if len(pieces) == 1:
            return pieces[0]
        return f"''.join(({', '.join(pieces)},))"

    def branches(self, node: nodes.If) -> str:
        # `a if t1 else b if t2 else c`: Python's conditional is right-associative, so an elif chain
        # needs no nesting of its own.
        parts = [f"({self.body(node.body)}) if ({self.expression(node.test)}) else"]
        for elif_ in node.elif_:
            parts.append(f"({self.body(elif_.body)}) if ({self.expression(elif_.test)}) else")
        parts.append(f"({self.body(node.else_)})")
        return f"({' '.join(parts)})"

    # -- expressions ----------------------------------------------------------------------------------
    def expression(self, node: nodes.Node) -> str:
        if isinstance(node, nodes.Name):
            if node.ctx != "load" or not node.name.isidentifier():
                raise _Unsupported("name")
            return f"c[{node.name!r}]"
        if isinstance(node, nodes.Const):
            return self.constant(node.value)
        if isinstance(node, (nodes.List, nodes.Tuple)):
            items = "".join(f"{self.expression(item)}, " for item in node.items)
            return f"[{items}]" if isinstance(node, nodes.List) else f"({items})"
        if isinstance(node, nodes.Compare):
            text = self.expression(node.expr)
            for operand in node.ops:
                text += f" {_COMPARE[operand.op]} {self.expression(operand.expr)}"
            return f"({text})"
        if isinstance(node, nodes.And):
            return f"({self.expression(node.left)} and {self.expression(node.right)})"
        if isinstance(node, nodes.Or):
            return f"({self.expression(node.left)} or {self.expression(node.right)})"
        if isinstance(node, nodes.Not):
            return f"(not {self.expression(node.node)})"
        if isinstance(node, (nodes.Neg, nodes.Pos)):
            if getattr(self.environment, "intercepted_unops", ()):
                raise _Unsupported("intercepted unary operator")
            sign = "-" if isinstance(node, nodes.Neg) else "+"
            return f"({sign}{self.expression(node.node)})"
        if type(node) in _BINOPS:
            return self.binop(node)  # type: ignore[arg-type]
        if isinstance(node, nodes.Concat):
            # Jinja2's str_join: each part as str, joined.
            return f"''.join([{''.join(f'str({self.expression(part)}), ' for part in node.nodes)}])"
        if isinstance(node, nodes.CondExpr):
            if node.expr2 is None:
                raise _Unsupported("if-expression without else")  # Jinja2's undefined value
            test, then, otherwise = (self.expression(n) for n in (node.test, node.expr1, node.expr2))
            return f"({then} if {test} else {otherwise})"
        if isinstance(node, nodes.Filter):
            if node.node is None:
                raise _Unsupported("filter block")
            return self.call_with(node, self.environment.filters.get(node.name), node.name)
        if isinstance(node, nodes.Test):
            return self.call_with(node, self.environment.tests.get(node.name), None)
        if isinstance(node, nodes.Call):
            # The sandbox's call: a plain callable from the context, called with the arguments.
            if node.kwargs or node.dyn_args is not None or node.dyn_kwargs is not None:
                raise _Unsupported("call with keywords")
            if not isinstance(node.node, nodes.Name):
                raise _Unsupported("call of an expression")
            args = "".join(f"{self.expression(arg)}, " for arg in node.args)
            return f"C({self.expression(node.node)})({args})"
        raise _Unsupported(type(node).__name__)

    def binop(self, node: nodes.BinExpr) -> str:
        left, right = self.expression(node.left), self.expression(node.right)
        operator = _BINOPS[type(node)]
        if operator in self.intercepted:
            return f"B({operator!r}, {left}, {right})"
        return f"({left} {operator} {right})"

    def call_with(self, node: nodes.Filter | nodes.Test, function: Any, filter_name: str | None) -> str:
        if function is None:
            raise _Unsupported("unknown filter or test")
        if node.dyn_args is not None or node.dyn_kwargs is not None:
            raise _Unsupported("dynamic arguments")
        value = self.expression(node.node)  # type: ignore[arg-type]
        args = "".join(f", {self.expression(arg)}" for arg in node.args)
        args += "".join(f", {kw.key}={self.expression(kw.value)}" for kw in node.kwargs)
        passed = _PassArg.from_obj(function)
        if passed is _PassArg.context and filter_name is not None and filter_name in self.context_filters:
            return f"{self.constant(self.context_filters[filter_name])}({value}, c{args})"
        if passed is _PassArg.environment:
            return f"{self.constant(function)}(E, {value}{args})"
        if passed is not None:
            raise _Unsupported("a filter that reads the context")
        return f"{self.constant(function)}({value}{args})"


def _callable(function: Any) -> Any:
    """What the sandbox's ``call`` checks before calling: a callable it would refuse is refused."""
    if not callable(function) or getattr(function, "unsafe_callable", False) or getattr(function, "alters_data", False):
        raise TypeError("not a callable the sandbox allows")
    if _PassArg.from_obj(function) is not None:
        raise TypeError("a context function")  # Jinja2 would pass it the context: let it
    return function


def compile_direct(
    environment: Environment, tree: nodes.Template, context_filters: Mapping[str, ContextFilter] = {}
) -> Render | None:
    """A function giving ``tree``'s text from a context dict, or None when Jinja2 must render it. The
    function raises whenever anything goes wrong: the caller then renders with Jinja2. ``context_filters``
    stand in for the environment's pass_context filters of those names."""
    if _PassArg is None:
        return None
    if environment.finalize is not None and _PassArg.from_obj(environment.finalize) is not None:
        return None  # a finalize that wants the context
    writer = _Writer(environment, context_filters)
    try:
        expression = writer.body(tree.body)
        code = compile(f"lambda c: {expression}", "<story text>", "eval")
    except (_Unsupported, SyntaxError, RecursionError, MemoryError, ValueError):
        return None
    finalize = environment.finalize
    scope: dict[str, Any] = {
        "__builtins__": {},
        "str": str,
        "K": tuple(writer.constants),
        "S": str if finalize is None else (lambda value: str(finalize(value))),
        # The sandbox's own hook for the operators it intercepts (it ignores the context).
        "B": lambda operator, left, right: environment.call_binop(None, operator, left, right),  # type: ignore[attr-defined,arg-type]
        "C": _callable,
        "E": environment,
    }
    return eval(code, scope)  # type: ignore[no-any-return]  # noqa: S307 - written from a checked tree
