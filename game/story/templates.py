"""Scene text: Markdown with Jinja2, compiled once at load in Jinja2's sandbox.

Two environments: one for Markdown (scene text), where every substituted value is escaped so a player's
name like ``**x**`` shows as typed, and one for plain one-line text (titles, choice labels), where values
go in as they are (the TUI shows those as plain content, never markup).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateSyntaxError, meta, nodes, pass_context
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from game.story import bounds
from game.story.memo import BoundedMemo
from game.story.template_code import compile_direct
from game.story.units import amount_text

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&])")


def markdown_escape(value: object) -> str:
    """Backslash-escape Markdown punctuation so substituted text renders literally."""
    return _MD_SPECIAL.sub(r"\\\1", str(value))


# The render context's entry for the story's currency, (prefix, suffix): not a name a template can write.
CURRENCY_KEY = "$currency"


def format_money(value: object, currency: tuple[str, str] | None = None) -> str:
    """15000 -> '15,000' with the currency around it ('$15,000', '15,000 ₸'); a true minus sign."""
    try:
        amount = round(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return str(value)
    prefix, suffix = currency or ("", "")
    return amount_text(amount, prefix, suffix)


def _money_from(value: object, context: Mapping[str, Any] | Context) -> str:
    """An amount in the currency the context holds (all the `money` filter reads of its context; the
    direct renderer of game.story.template_code calls it with the context's dict)."""
    return format_money(value, context.get(CURRENCY_KEY))


@pass_context
def _money_filter(context: Any, value: object) -> str:
    """The `money` text filter: an amount in the currency the story declares."""
    return _money_from(value, context)


def _finalize_markdown(value: object) -> object:
    return markdown_escape(value) if isinstance(value, str) else value


class _BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's sandbox with the operators that can make a value huge guarded (see :mod:`game.story.bounds`).

    Intercepting an operator also stops Jinja2 from folding it into a constant while compiling, which is
    how ``{% for i in [1] %}{{ 'x' * 10**9 }}{% endfor %}`` made ``steppe check`` itself take 17 s and 3.9 GB.
    """

    intercepted_binops = frozenset(bounds.GUARDED)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        return bounds.GUARDED[operator](left, right)


# Jinja2's filters a story may use: the ones that only read or shorten. Left out: those that grow text
# (center, indent, wordwrap, format, replace), reach attributes (attr, map, select..., groupby, dictsort),
# are random (random: a replay must give the same text), or mark text safe (safe, forceescape).
SAFE_FILTERS = frozenset(
    {
        "abs", "capitalize", "count", "d", "default", "e", "escape", "filesizeformat", "first", "float", "int",
        "join", "last", "length", "list", "lower", "max", "min", "reverse", "round", "sort", "string",
        "striptags", "sum", "title", "trim", "truncate", "unique", "upper", "wordcount",
    }
)  # fmt: skip


def _environment(markdown: bool) -> ImmutableSandboxedEnvironment:
    env = _BoundedSandbox(
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=False,
        finalize=_finalize_markdown if markdown else None,
    )
    env.filters = {name: f for name, f in env.filters.items() if name in SAFE_FILTERS}
    env.filters["money"] = _money_filter
    return env


MARKDOWN_ENV = _environment(markdown=True)
PLAIN_ENV = _environment(markdown=False)
TEMPLATE_FUNCTIONS = ("visited", "chose", "available", "succeeded")


class TemplateProblem(ValueError):
    def __init__(self, code: str, message: str, line: int = 1, names: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.names = names  # E502: every unknown name (the loader reports each at its own place)


@dataclass(frozen=True, slots=True)
class Text:
    """Writer text: a literal string, or a compiled template when it has any ``{{``/``{%``."""

    source: str
    render_fn: Callable[[Mapping[str, Any]], str] | None = None

    def render(self, context: Mapping[str, Any]) -> str:
        return self.source if self.render_fn is None else self.render_fn(context)

    @property
    def is_template(self) -> bool:
        return self.render_fn is not None

    def prepare(self) -> None:
        """Compile now what the first render would compile (a template's code waits for its first use)."""
        if isinstance(self.render_fn, _Deferred):
            self.render_fn.prepare()


# Templates made only of these nodes cannot fail in Jinja2's code generator once they parse (given known
# filters and tests), so their Python code can wait until they are first rendered.
_SIMPLE_NODES = (
    nodes.Template,
    nodes.Output,
    nodes.TemplateData,
    nodes.Const,
    nodes.Name,
    nodes.If,
    nodes.Filter,
    nodes.Test,
    nodes.Compare,
    nodes.Operand,
    nodes.And,
    nodes.Or,
    nodes.Not,
    nodes.Neg,
    nodes.Pos,
    nodes.Add,
    nodes.Sub,
    nodes.Mul,
    nodes.Div,
    nodes.FloorDiv,
    nodes.Mod,
    nodes.Pow,
    nodes.Concat,
    nodes.CondExpr,
    nodes.Call,
    nodes.Keyword,
    nodes.Getattr,
    nodes.Getitem,
    nodes.Slice,
    nodes.List,
    nodes.Tuple,
    nodes.Pair,
    nodes.Dict,
)
# Analysed templates by (source, markdown): the names they read, and the compiled text. A story repeats
# many lines ("{{ city }}, week {{ week }}"); a Text is immutable, so one can serve them all.
_ANALYSED: BoundedMemo[tuple[str, bool], tuple[frozenset[str], Text]] = BoundedMemo(100_000)


def _bounded(text: str) -> str:
    """``text``, unless it is over the bound (a loop can still repeat bounded pieces: bound the whole)."""
    if len(text) > bounds.MAX_TEXT:
        raise bounds.ValueTooLarge(f"the text would be over {bounds.MAX_TEXT:,} characters long")
    return text


def _renderer(template: Template) -> Callable[[Mapping[str, Any]], str]:
    """``template.render``, less two copies of the context it makes each time (one to a dict, one merged
    with the environment's globals: most of a short template's cost). Story templates can read only the
    story's names (anything else is an unknown name at load), never a global such as ``range``, so the
    context is passed as it is (``shared=True``) and the text is the same; errors are raised as
    ``render`` raises them."""
    environment = template.environment
    root = template.root_render_func
    new_context = template.new_context

    def render(context: Mapping[str, Any]) -> str:
        if type(context) is not dict:
            context = dict(context)
        try:
            text = environment.concat(root(new_context(context, shared=True)))
        except Exception:  # noqa: BLE001 - raised again, as Template.render does
            environment.handle_exception()
        return _bounded(text)

    return render


_CONTEXT_FILTERS = {"money": _money_from}


def _direct_renderer(
    direct: Callable[[Mapping[str, Any]], str], jinja: Callable[[], Callable[[Mapping[str, Any]], str]]
) -> Callable[[Mapping[str, Any]], str]:
    """``direct`` (see game.story.template_code), bounded as _renderer bounds; whenever it fails, the text
    is rendered by Jinja2 instead, so a failure is reported exactly as Jinja2 reports it."""

    def render(context: Mapping[str, Any]) -> str:
        if type(context) is not dict:
            context = dict(context)
        try:
            text = direct(context)
        except Exception:  # noqa: BLE001 - Jinja2 renders it, and raises its own error
            return jinja()(context)
        return _bounded(text)

    return render


class _Deferred:
    """A template's render function, compiled on first use (parsing it at load already found its errors):
    straight to Python where game.story.template_code can, else by Jinja2 (compiled when first needed)."""

    __slots__ = ("_env", "_jinja", "_render", "_source")

    def __init__(self, env: ImmutableSandboxedEnvironment, source: str) -> None:
        self._env = env
        self._source = source
        self._render: Callable[[Mapping[str, Any]], str] | None = None
        self._jinja: Callable[[Mapping[str, Any]], str] | None = None

    def __call__(self, context: Mapping[str, Any]) -> str:
        render = self._render or self.prepare()
        return render(context)

    def prepare(self) -> Callable[[Mapping[str, Any]], str]:
        if self._render is None:
            tree = self._env.parse(self._source)
            direct = compile_direct(self._env, tree, _CONTEXT_FILTERS)
            if direct is None:  # Jinja2 compiles the tree just parsed
                self._render = self._jinja = _renderer(self._env.from_string(tree))
            else:
                self._render = _direct_renderer(direct, self.jinja)
        return self._render

    def jinja(self) -> Callable[[Mapping[str, Any]], str]:
        """The template's render function by Jinja2 itself."""
        if self._jinja is None:
            self._jinja = _renderer(self._env.from_string(self._source))
        return self._jinja


# Simple templates analysed in earlier runs, by digest of their text: the names each reads (kept on disk
# by the loader through game.story.cache; parsing them with Jinja2 is most of a warm load's cost).
_REMEMBERED: dict[str, list[str]] = {}
_LEARNED: dict[str, list[str]] = {}


def remember_analyses(rows: dict[str, Any]) -> None:
    """Take analyses from an earlier run (a table of digest -> names; anything malformed is skipped)."""
    for digest, names in rows.items():
        if isinstance(names, list) and all(isinstance(n, str) and n.isidentifier() for n in names):
            _REMEMBERED[digest] = names


def learned_analyses() -> dict[str, list[str]]:
    """Analyses made in this process that the remembered table lacks (empty when there is nothing new)."""
    return {d: n for d, n in _LEARNED.items() if d not in _REMEMBERED}


def _digest(source: str, markdown: bool) -> str:
    text = ("markdown\0" if markdown else "plain\0") + source
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


# A tag whose inside has no brace: where it ends is certain (a string literal holding "%}" would need one).
_TAG = re.compile(r"\{\{[^{}]*\}\}|\{%[^{}]*%\}")
# Simple templates' names by skeleton: most texts differ only in their prose, and have few distinct tag
# sequences ({% if origin == "beq" %}…{% elif %}…{% endif %}), so one Jinja2 parse serves them all.
_SKELETONS: BoundedMemo[tuple[str, bool], frozenset[str] | None] = BoundedMemo(100_000)


def skeleton(source: str) -> str | None:
    """The template with its prose reduced to one letter per piece (newlines kept, so lines stay where
    they are): it parses to the same tags and names as the source. None when that is not certain
    (comments, raw blocks, a tag with a brace inside)."""
    if "{#" in source or "raw" in source:
        return None
    parts: list[str] = []
    position = 0
    for match in _TAG.finditer(source):
        prose = source[position : match.start()]
        if "{{" in prose or "{%" in prose:  # a tag the pattern could not match
            return None
        if prose:
            parts.append("x" + "\n" * prose.count("\n"))
        parts.append(match.group())
        position = match.end()
    prose = source[position:]
    if "{{" in prose or "{%" in prose:
        return None
    if prose:
        parts.append("x" + "\n" * prose.count("\n"))
    return "".join(parts)


def _simple_names(tree: nodes.Template, env: ImmutableSandboxedEnvironment) -> frozenset[str] | None:
    """The names a simple template reads (see _SIMPLE_NODES), or None if it is not simple."""
    read: set[str] = set()
    for node in tree.find_all(nodes.Node):
        if not isinstance(node, _SIMPLE_NODES):
            return None
        if isinstance(node, nodes.Name):
            if node.ctx == "load":
                read.add(node.name)
        elif isinstance(node, nodes.Filter):
            if node.name not in env.filters:
                return None
        elif isinstance(node, nodes.Test) and node.name not in env.tests:
            return None
    return frozenset(read)


def _names_by_skeleton(shape: str, markdown: bool) -> frozenset[str] | None:
    env = MARKDOWN_ENV if markdown else PLAIN_ENV
    try:
        tree = env.parse(shape)
        _refuse_unsupported(tree)
    except (TemplateSyntaxError, TemplateProblem, ValueError, OverflowError, MemoryError, RecursionError):
        return None  # the full parse of the source reports it, with the source's own message
    return _simple_names(tree, env)


def _analyse(source: str, markdown: bool) -> tuple[frozenset[str], Text]:
    env = MARKDOWN_ENV if markdown else PLAIN_ENV
    digest = _digest(source, markdown)
    remembered = _REMEMBERED.get(digest)
    if remembered is not None:
        return frozenset(remembered), Text(source, _Deferred(env, source))
    shape = skeleton(source)
    if shape is not None:
        names = _SKELETONS.get((shape, markdown), lambda: _names_by_skeleton(shape, markdown))
        if names is not None:
            _LEARNED[digest] = sorted(names)
            return names, Text(source, _Deferred(env, source))
    try:
        tree = env.parse(source)
    except TemplateSyntaxError as err:
        raise TemplateProblem("E501", f"template: {err.message}", err.lineno or 1) from None
    except (ValueError, OverflowError, MemoryError, RecursionError) as err:
        # a number literal of over 4,300 digits (Python's int-string limit), or nesting Python cannot parse
        raise TemplateProblem("E501", f"template: cannot be read ({_reason(err)})") from None
    _refuse_unsupported(tree)
    read = _simple_names(tree, env)
    if read is not None:
        # Every name such a template reads is one Jinja2 would look up in the context.
        _LEARNED[digest] = sorted(read)
        return read, Text(source, _Deferred(env, source))
    try:
        undeclared = meta.find_undeclared_variables(tree)
        template = env.from_string(tree)
    except TemplateSyntaxError as err:  # an unknown filter or test, found by the code generator
        raise TemplateProblem("E501", f"template: {err.message}", err.lineno or 1) from None
    except (ValueError, OverflowError, MemoryError, RecursionError) as err:  # constant folding gone wrong
        raise TemplateProblem("E501", f"template: cannot be compiled ({_reason(err)})") from None
    return frozenset(undeclared), Text(source, _renderer(template))


def _reason(err: BaseException) -> str:
    if isinstance(err, ValueError) and "integer string conversion" in str(err):
        return "a number of thousands of digits"
    return type(err).__name__ if not str(err) else str(err)[:120]


# Tags that would fail every time the text is shown (there is no loader for other templates), or that
# allow unbounded work (a macro can call itself), and attribute access, which the sandbox refuses at
# render time anyway (``{{ fame.__class__ }}``): refused when the story loads, with a code.
_UNSUPPORTED: dict[type[nodes.Node], str] = {
    nodes.Include: "{% include %} is not supported in story text",
    nodes.Extends: "{% extends %} is not supported in story text",
    nodes.Import: "{% import %} is not supported in story text",
    nodes.FromImport: "{% from ... import %} is not supported in story text",
    nodes.Macro: "{% macro %} is not supported in story text (write the text out, or use {% if %})",
    nodes.CallBlock: "{% call %} is not supported in story text",
    nodes.Getattr: "attribute access ('.{attr}') is not allowed in story text",
}
MAX_LOOP_NESTING = 2


def _refuse_unsupported(tree: nodes.Template) -> None:
    for node in tree.find_all(tuple(_UNSUPPORTED)):
        message = _UNSUPPORTED[type(node)]
        if isinstance(node, nodes.Getattr):
            message = message.format(attr=node.attr)
        raise TemplateProblem("E504", message, node.lineno or 1)
    for node in tree.find_all(nodes.Getitem):
        if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):  # x["__class__"]
            raise TemplateProblem("E504", "attribute access ('[\"...\"]') is not allowed in story text", node.lineno)
    for loop in tree.find_all(nodes.For):
        if any(True for _ in _nested_loops(loop, MAX_LOOP_NESTING)):
            raise TemplateProblem("E504", f"loops nest at most {MAX_LOOP_NESTING} deep in story text", loop.lineno)


def _nested_loops(loop: nodes.For, depth: int) -> Any:
    """Loops ``depth`` levels inside ``loop`` (yields any; empty when the nesting is shallower)."""
    if depth == 0:
        yield loop
        return
    for inner in loop.find_all(nodes.For):
        yield from _nested_loops(inner, depth - 1)


def compile_text(source: str, known: set[str] | frozenset[str], *, markdown: bool) -> Text:
    """Compile writer text, raising :class:`TemplateProblem` for syntax errors and unknown names."""
    if "{" not in source:
        return Text(source)
    read, text = _ANALYSED.get((source, markdown), lambda: _analyse(source, markdown))
    unknown = sorted(read - set(known) - set(TEMPLATE_FUNCTIONS))
    if unknown:
        raise TemplateProblem(
            "E502",
            "unknown name" + ("s " if len(unknown) > 1 else " ") + ", ".join(f"'{n}'" for n in unknown),
            _line_of(source, unknown[0]),
            tuple(unknown),
        )
    return text


def _line_of(source: str, name: str) -> int:
    match = re.search(rf"\b{re.escape(name)}\b", source)
    return source.count("\n", 0, match.start()) + 1 if match else 1


# Markdown problems by text: a re-check after one edit (the language server's) meets the same texts again.
_MARKDOWN_PROBLEMS: BoundedMemo[str, tuple[tuple[int, str], ...]] = BoundedMemo(100_000)


def markdown_problems(source: str) -> list[tuple[int, str]]:
    """Problems the Markdown renderer would show wrongly: unclosed code fences, raw HTML blocks."""
    return list(_MARKDOWN_PROBLEMS.get(source, lambda: tuple(_markdown_problems(source))))


def _markdown_problems(source: str) -> list[tuple[int, str]]:
    problems: list[tuple[int, str]] = []
    fence_line = 0
    for number, line in enumerate(source.splitlines(), start=1):
        stripped = line.lstrip()
        if stripped.startswith("```") or stripped.startswith("~~~"):
            fence_line = 0 if fence_line else number
        elif not fence_line and re.match(r"<(/?[a-zA-Z][a-zA-Z0-9]*)(\s[^>]*)?>", stripped):
            problems.append((number, "raw HTML is not shown in the game; use Markdown"))
    if fence_line:
        problems.append((fence_line, "code fence ``` is never closed"))
    return problems
