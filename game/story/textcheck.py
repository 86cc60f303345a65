"""Checks of writer text that need exact places: names and function calls inside `{{ }}`/`{% %}`.

Jinja2 gives a line at best, and the loader's marks point at the start of a value (the `|` of a block), so
a problem inside a long text would be reported far from where it is. Here each name and each call is
found at its own line and column in the text, and :func:`file_position` maps that into the file.

Function calls (`visited("x")`, `chose("s", "c")`, `available("p")`) are checked as `when:` checks them:
Jinja2 would happily call them with a misspelt id and the text would silently read "false".
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass

TEMPLATE_BLOCK = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}", re.DOTALL)
STATE_CALLS = {"visited": (1, 1), "chose": (2, 2), "succeeded": (2, 2), "available": (1, 1)}
_TOKEN = re.compile(r"""(["'])(?:\\.|(?!\1).)*\1|[A-Za-z_]\w*|\S""", re.DOTALL)
_CALL = re.compile(r"\b(visited|chose|succeeded|available)\s*\(")
_TAG = re.compile(r"\{%-?\s*(if|for|elif|else|endif|endfor)\b")


@dataclass(frozen=True, slots=True)
class Call:
    """A call of a story function in text; ``line`` and ``col`` are 1-based, in the text."""

    func: str
    args: tuple[str, ...]
    line: int
    col: int
    problem: str = ""  # set when the call itself is malformed (E402)


def _line_col(source: str, offset: int) -> tuple[int, int]:
    line = source.count("\n", 0, offset) + 1
    return line, offset - (source.rfind("\n", 0, offset) + 1) + 1


def blocks(source: str) -> Iterator[tuple[int, str]]:
    """(offset, code) of every `{{ … }}` and `{% … %}` in the text."""
    for block in TEMPLATE_BLOCK.finditer(source):
        group = 1 if block.group(1) is not None else 2
        yield block.start(group), block.group(group)


def name_places(source: str, names: set[str] | frozenset[str]) -> list[tuple[str, int, int]]:
    """The first place (name, line, col) each of ``names`` is read in the text's tags, in text order."""
    found: dict[str, tuple[int, int]] = {}
    for base, code in blocks(source):
        previous = ""
        for token in _TOKEN.finditer(code):
            word = token.group(0)
            if word in names and word not in found and previous not in (".", "|"):
                found[word] = _line_col(source, base + token.start())
            previous = word
    missing = [n for n in names if n not in found]
    for name in missing:  # not in a tag we can read (a broken one): the first whole-word match
        match = re.search(rf"\b{re.escape(name)}\b", source)
        found[name] = _line_col(source, match.start()) if match else (1, 1)
    return sorted(((n, *p) for n, p in found.items()), key=lambda item: (item[1], item[2]))


# Calls found in a text, by text: a re-check after one edit meets the same texts again.
_CALLS: dict[str, tuple[Call, ...]] = {}
_CALLS_LIMIT = 100_000


def calls(source: str) -> list[Call]:
    """Every call of visited/chose/succeeded/available in the text's tags."""
    if "(" not in source:
        return []
    known = _CALLS.get(source)
    if known is None:
        if len(_CALLS) >= _CALLS_LIMIT:
            _CALLS.clear()
        known = _CALLS[source] = tuple(_find_calls(source))
    return list(known)


def _find_calls(source: str) -> list[Call]:
    found: list[Call] = []
    for base, code in blocks(source):
        for match in _CALL.finditer(code):
            func = match.group(1)
            line, col = _line_col(source, base + match.start())
            close = _closing(code, match.end())
            inside = code[match.end() : close] if close is not None else None
            args = _arguments(inside) if inside is not None else None
            low, high = STATE_CALLS[func]
            if args is None:
                found.append(Call(func, (), line, col, f'{func}() takes quoted ids, like {func}("some_id")'))
            elif not low <= len(args) <= high:
                wanted = f"{low}" if low == high else f"{low}..{high}"
                found.append(Call(func, args, line, col, f"{func}() takes {wanted} arguments, got {len(args)}"))
            else:
                found.append(Call(func, args, line, col))
    return found


def _closing(code: str, start: int) -> int | None:
    depth = 1
    quote = ""
    for index in range(start, len(code)):
        char = code[index]
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index
    return None


def _arguments(inside: str) -> tuple[str, ...] | None:
    """The call's arguments when every one is a quoted id, else None."""
    if not inside.strip():
        return ()
    try:
        tree = ast.parse(f"({inside},)", mode="eval")
    except SyntaxError:
        return None
    items = tree.body.elts if isinstance(tree.body, ast.Tuple) else []
    if not all(isinstance(i, ast.Constant) and isinstance(i.value, str) for i in items):
        return None
    return tuple(i.value for i in items)  # type: ignore[attr-defined]


def unclosed_tag(source: str) -> tuple[str, int, int] | None:
    """The `{% if %}` or `{% for %}` that is never closed: (tag, line, col), or None."""
    stack: list[tuple[str, int]] = []
    for match in _TAG.finditer(source):
        tag = match.group(1)
        if tag in ("if", "for"):
            stack.append((tag, match.start()))
        elif tag in ("endif", "endfor") and stack and stack[-1][0] == tag[3:]:
            stack.pop()
    if not stack:
        return None
    tag, offset = stack[-1]
    return (tag, *_line_col(source, offset))


def plain_template_message(message: str, source: str) -> tuple[str, int, int] | None:
    """Jinja2's wording of common mistakes, as a sentence and a place: (message, line, col) or None."""
    if "Unexpected end of template" in message or "unexpected end of template" in message:
        found = unclosed_tag(source)
        if found is not None:
            tag, line, col = found
            return f"{{% {tag} %}} is never closed: add {{% end{tag} %}} where it should end", line, col
        opened = source.rfind("{{")
        if opened >= 0 and "}}" not in source[opened:]:
            return "{{ is never closed: add }}", *_line_col(source, opened)
    return None


def file_position(lines: list[str], mark_line: int, mark_col: int, value: str, line: int, col: int) -> tuple[int, int]:
    """Where line:col of a string value (1-based, in the value) is in the file (1-based), given the mark of the
    value's start. Block scalars (`|`, `>`) start on the next line at their indentation; a one-line value
    starts at its mark (after its quote). Values folded over lines are placed by searching for their text."""
    at = lines[mark_line - 1] if 0 < mark_line <= len(lines) else ""
    opener = at[mark_col - 1 : mark_col]
    if opener in ("|", ">"):
        first = mark_line  # 0-based index of the line after the mark
        while first < len(lines) and not lines[first].strip():
            first += 1
        indent = len(lines[first]) - len(lines[first].lstrip(" ")) if first < len(lines) else 0
        return mark_line + line, indent + col
    if line == 1 and "\n" not in value:
        return mark_line, mark_col + col - 1 + (1 if opener in ("'", '"') else 0)
    wanted = value.splitlines()[line - 1][col - 1 :][:20] if line <= len(value.splitlines()) else ""
    for number in range(mark_line - 1, min(len(lines), mark_line + value.count("\n") + 20)):
        found = lines[number].find(wanted) if wanted else -1
        if found >= 0:
            return number + 1, found + 1
    return mark_line, mark_col
