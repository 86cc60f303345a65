"""What the cursor is in, read from the text around it (which is usually mid-edit and not valid YAML).

The parent keys come from indentation alone: walking up from the cursor's line, the nearest line that is
less indented and ends in `key:` is the parent, and a `- ` item marker less indented than the current
threshold is a list item. That is how block YAML nests, and it does not need the file to parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dash>(?:- +)?)(?P<key>[A-Za-z_][\w$]*)\s*:(?:\s|$)(?P<value>.*)$")
_ITEM_LINE = re.compile(r"^(?P<indent> *)- +")
_CALL_FIRST = re.compile(r"""\b(visited|chose|succeeded|available)\s*\(\s*["'](\w*)$""")
_CALL_SECOND = re.compile(r"""\b(chose|succeeded)\s*\(\s*["'](\w+)["']\s*,\s*["'](\w*)$""")


@dataclass(slots=True)
class Context:
    parents: list[str] = field(default_factory=list)  # parent keys, "[]" for list items
    key: str | None = None  # the key whose value the cursor is in
    value: str = ""  # that value, up to the cursor
    typing_key: bool = False  # the cursor is where a key goes
    word: str = ""  # the identifier being typed (the part before the cursor)
    call: tuple[str, int, str] | None = None  # (function, argument number 1 or 2, first argument)
    in_template: bool = False  # inside an unclosed {{ or {% on this line


def _shape(line: str) -> tuple[int, int, str | None, str] | None:
    """(dash column or -1, key column, key or None, value) of a non-blank, non-comment line."""
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return None
    match = _KEY_LINE.match(line)
    if match:
        indent = len(match.group("indent"))
        dash = match.group("dash")
        return (indent if dash else -1), indent + len(dash), match.group("key"), match.group("value")
    item = _ITEM_LINE.match(line)
    if item:
        return len(item.group("indent")), item.end(), None, line[item.end() :]
    return -1, len(line) - len(line.lstrip(" ")), None, stripped


def parents_of(lines: list[str], line: int, key_col: int) -> list[str]:
    """The keys enclosing a key written at column ``key_col`` of ``line`` (outermost first)."""
    found: list[str] = []
    threshold = key_col
    for number in range(line - 1, -1, -1):
        if threshold <= 0:
            break
        shape = _shape(lines[number])
        if shape is None:
            continue
        dash, col, key, value = shape
        opens = key is not None and (not value.strip() or value.strip()[:1] in ("|", ">", "#"))
        if key is not None and col < threshold and opens:
            found.append(key)
            threshold = col
            if dash >= 0:
                found.append("[]")
                threshold = dash
        elif dash >= 0 and dash < threshold:
            found.append("[]")
            threshold = dash
        elif key is None and dash < 0 and col < threshold:
            # A continuation line (folded text) less indented than us: nothing that opens a block.
            continue
    found.reverse()
    return found


def cursor_context(lines: list[str], line: int, col: int) -> Context:
    text = lines[line] if 0 <= line < len(lines) else ""
    before = text[:col]
    ctx = Context()
    word = re.search(r"[\w$]*$", before)
    ctx.word = word.group(0) if word else ""
    second = _CALL_SECOND.search(before)
    first = _CALL_FIRST.search(before)
    if second:
        ctx.call = (second.group(1), 2, second.group(2))
    elif first:
        ctx.call = (first.group(1), 1, "")
    opened = max(before.rfind("{{"), before.rfind("{%"))
    ctx.in_template = opened >= 0 and opened > max(before.rfind("}}"), before.rfind("%}"))
    match = _KEY_LINE.match(before)
    if match and match.end("key") < len(before):
        key_col = len(match.group("indent")) + len(match.group("dash"))
        ctx.key = match.group("key")
        ctx.value = match.group("value")
        ctx.parents = parents_of(lines, line, key_col)
        if match.group("dash"):
            ctx.parents.append("[]")
        return ctx
    key_typed = re.match(r"^(?P<indent> *)(?P<dash>(?:- +)?)(?P<word>[\w$]*)$", before)
    if key_typed:
        ctx.typing_key = True
        key_col = len(key_typed.group("indent")) + len(key_typed.group("dash"))
        ctx.parents = parents_of(lines, line, key_col)
        if key_typed.group("dash"):
            ctx.parents.append("[]")
        return ctx
    # Inside a value that spans lines (block text, a folded condition) or a list item's value.
    indent = len(text) - len(text.lstrip(" "))
    ctx.parents = parents_of(lines, line, indent + 1)
    item = _ITEM_LINE.match(before)
    if item:
        ctx.value = before[item.end() :]
    return ctx
