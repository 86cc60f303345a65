"""Plain words for the parser's and the validator's complaints, with the fix.

PyYAML says "did not find expected '-' indicator" and pydantic says "input should be a valid integer"; a
writer needs "this line is indented differently from the list it is in" and "'forty' is not a number".
Each message quotes the writer's own value as YAML shows it (``yes``, never Python's ``True``).
"""

from __future__ import annotations

from typing import Any

# (what PyYAML's message contains, the sentence a writer reads); the first that matches is used.
_LIST = "this line is indented differently from the list it is in: line it up with the keys above it"
_BLOCK = "this line is indented differently from the lines around it: line it up with its neighbours"
_COLON = "a ':' YAML did not expect: quote text that contains ': ', or check the indentation"
_YAML: tuple[tuple[str, str], ...] = (
    ("expected '-' indicator", _LIST),
    ("expected <block end>", _BLOCK),
    ("could not find expected ':'", "a line without 'key:' where a key was expected (indent continued text, or use |)"),
    ("mapping values are not allowed", _COLON),
    ("found unexpected end of stream", "a quote is opened and never closed"),
    ("while scanning a quoted scalar", "a quote is opened and never closed"),
    ("expected ',' or ']'", "a [ list ] is not closed, or an item in it needs quotes"),
    ("expected ',' or '}'", "a { mapping } is not closed, or a value in it needs quotes"),
    ("found undefined alias", "*name used without an &name anchor before it"),
    ("found character '@'", "a value cannot start with @ or `: put it in quotes"),
    ("found character '`'", "a value cannot start with @ or `: put it in quotes"),
)  # fmt: skip


def yaml_message(message: str, line_text: str) -> str:
    """The E001 message for PyYAML's ``message`` about a line whose text is ``line_text``."""
    if "\t" in line_text and ("cannot start any token" in message or "tab" in message or line_text.startswith("\t")):
        return "a tab character: YAML indents with spaces only (replace the tab with spaces)"
    for needle, sentence in _YAML:
        if needle in message:
            return sentence
    if "\t" in line_text:
        return f"{message} (this line has a tab: YAML indents with spaces only)"
    return message


def shown(value: Any, yaml_word: str | None = None) -> str:
    """A value as the writer wrote it."""
    if yaml_word is not None:
        return yaml_word
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f"'{value}'" if len(value) <= 40 else f"'{value[:37]}...'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


def value_message(field: str, problem: Any, yaml_word: str | None = None) -> str:
    """The E102 message for one pydantic error about the value of key ``field``."""
    kind = problem["type"]
    ctx = problem.get("ctx") or {}
    value = shown(problem.get("input"), yaml_word)
    bare = f" (YAML 1.1 reads the bare word {yaml_word} as {'true' if problem.get('input') else 'false'}: quote it)"
    word = bare if yaml_word is not None else ""
    if kind in ("int_type", "int_parsing", "float_type", "float_parsing"):
        return f"{field}: {value} is not a number{word}"
    if kind == "int_from_float":
        return f"{field}: {value} is not a whole number"
    if kind == "string_type":
        hint = word or (
            " (put it in quotes to make it text)" if not isinstance(problem.get("input"), dict | list) else ""
        )
        return f"{field}: {value} is not text{hint}"
    if kind == "bool_type":
        return f"{field}: {value} is not true or false"
    if kind == "literal_error":
        return f"{field}: {value} is not one of {ctx.get('expected', 'the allowed words')}{word}"
    if kind == "string_pattern_mismatch":
        return f"{field}: {value} is not an id: use letters, digits and _, not starting with a digit"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        limit = next(iter(ctx.values()), "")
        words = {"greater_than": "more than", "greater_than_equal": "at least", "less_than": "less than"}
        return f"{field}: {value} must be {words.get(kind, 'at most')} {limit}"
    if kind in ("string_too_short", "too_short"):
        return f"{field}: {value} is too short (at least {ctx.get('min_length', 1)})"
    if kind in ("string_too_long", "too_long"):
        return f"{field}: {value} is too long (at most {ctx.get('max_length', '?')})"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{field}: {value} should be a mapping of keys (key: value lines, or {{key: value}})"
    if kind == "list_type":
        return f"{field}: {value} should be a list ([a, b] or lines starting with '- ')"
    return f"{field}: {str(problem.get('msg', 'invalid value')).lower()}{word}"
