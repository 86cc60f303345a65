"""Showing text that came from a player or a save: always as plain content, never as markup.

Textual parses markup in Static, Button and OptionList labels, and ``escape()`` does not make player text
safe (a tag starting with a space or ``$`` gets through). So anything a player typed or a save held is put
in as :class:`Content` (plain text, no parsing) or as a variable of ``Content.from_markup``, and control
characters are stripped so no escape sequence reaches the terminal.
"""

from __future__ import annotations

from textual.content import Content

from game.story.units import NO_BREAK

# Unicode category Cc is exactly U+0000–001F and U+007F–009F: one table, applied in C (a character-by-
# character category lookup was a visible part of drawing every list).
_CONTROLS = {code: None for code in (*range(0x20), *range(0x7F, 0xA0))} | {ord("\n"): " ", ord("\t"): " "}


def strip_controls(text: object) -> str:
    """Drop control characters (Unicode category Cc: ESC, BEL, NUL, newlines) from one-line text."""
    return str(text).translate(_CONTROLS)


def literal(text: object, style: str = "") -> Content:
    """Plain content exactly as typed (controls stripped): ``[b]x`` stays ``[b]x``."""
    cleaned = strip_controls(text)
    return Content.styled(cleaned, style) if style else Content(cleaned)


def markup(template: str, **values: object) -> Content:
    """Our own markup with values put in as plain text: ``markup("[b]$name[/b]", name=typed)``."""
    return Content.from_markup(template, **{k: strip_controls(v) for k, v in values.items()})


# Textual wraps at any white space, the no-break space between an amount and its unit included ("250,000"
# at a line's end, "₸." on the next). While a text is wrapped, each no-break space is held as a one-cell
# character it does not break at, and given back after.
_HELD = "\ue000"  # a private-use character; a text that holds one already is wrapped as it is


def wrap(content: Content, width: int) -> list[Content]:
    """``content.wrap(width)``, never breaking a line at a no-break space."""
    text = content.plain
    if NO_BREAK not in text or _HELD in text:
        return content.wrap(width)
    held = Content(text.replace(NO_BREAK, _HELD), list(content.spans))
    return [Content(line.plain.replace(_HELD, NO_BREAK), list(line.spans)) for line in held.wrap(width)]
