"""Showing text that came from a player or a save: always as plain content, never as markup.

Textual parses markup in Static, Button and OptionList labels, and ``escape()`` does not make player text
safe (a tag starting with a space or ``$`` gets through). So anything a player typed or a save held is put
in as :class:`Content` (plain text, no parsing) or as a variable of ``Content.from_markup``, and control
characters are stripped so no escape sequence reaches the terminal.
"""

from __future__ import annotations

import unicodedata

from textual.content import Content


def strip_controls(text: object) -> str:
    """Drop control characters (Unicode category Cc: ESC, BEL, NUL, newlines) from one-line text."""
    return "".join(" " if ch in "\n\t" else ch for ch in str(text) if ch in "\n\t" or unicodedata.category(ch) != "Cc")


def literal(text: object, style: str = "") -> Content:
    """Plain content exactly as typed (controls stripped): ``[b]x`` stays ``[b]x``."""
    cleaned = strip_controls(text)
    return Content.styled(cleaned, style) if style else Content(cleaned)


def markup(template: str, **values: object) -> Content:
    """Our own markup with values put in as plain text: ``markup("[b]$name[/b]", name=typed)``."""
    return Content.from_markup(template, **{k: strip_controls(v) for k, v in values.items()})
