"""Scene text: Markdown with Jinja2, compiled once at load in Jinja2's sandbox.

Two environments: one for Markdown (scene text), where every substituted value is escaped so a player's
name like ``**x**`` shows as typed, and one for plain one-line text (titles, choice labels), where values
go in as they are (the TUI shows those as plain content, never markup).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, meta
from jinja2.sandbox import ImmutableSandboxedEnvironment

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&])")


def markdown_escape(value: object) -> str:
    """Backslash-escape Markdown punctuation so substituted text renders literally."""
    return _MD_SPECIAL.sub(r"\\\1", str(value))


def format_money(value: object) -> str:
    """15000 -> '15,000 ₸'; negative amounts get a true minus sign."""
    try:
        amount = round(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    sign = "−" if amount < 0 else ""
    return f"{sign}{abs(amount):,} ₸"


def _finalize_markdown(value: object) -> object:
    return markdown_escape(value) if isinstance(value, str) else value


def _environment(markdown: bool) -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=False,
        finalize=_finalize_markdown if markdown else None,
    )
    env.filters["money"] = format_money
    return env


MARKDOWN_ENV = _environment(markdown=True)
PLAIN_ENV = _environment(markdown=False)
TEMPLATE_FUNCTIONS = ("visited", "chose", "available")


class TemplateProblem(ValueError):
    def __init__(self, code: str, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line


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


def compile_text(source: str, known: set[str] | frozenset[str], *, markdown: bool) -> Text:
    """Compile writer text, raising :class:`TemplateProblem` for syntax errors and unknown names."""
    if "{" not in source:
        return Text(source)
    env = MARKDOWN_ENV if markdown else PLAIN_ENV
    try:
        tree = env.parse(source)
    except TemplateSyntaxError as err:
        raise TemplateProblem("E501", f"template: {err.message}", err.lineno or 1) from None
    unknown = sorted(meta.find_undeclared_variables(tree) - set(known) - set(TEMPLATE_FUNCTIONS))
    if unknown:
        raise TemplateProblem("E502", "unknown name" + ("s " if len(unknown) > 1 else " ")
                              + ", ".join(f"'{n}'" for n in unknown), _line_of(source, unknown[0]))
    template = env.from_string(tree)
    return Text(source, template.render)


def _line_of(source: str, name: str) -> int:
    match = re.search(rf"\b{re.escape(name)}\b", source)
    return source.count("\n", 0, match.start()) + 1 if match else 1


def markdown_problems(source: str) -> list[tuple[int, str]]:
    """Problems the Markdown renderer would show wrongly: unclosed code fences, raw HTML blocks."""
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
