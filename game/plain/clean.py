"""Text that reaches the player's terminal: never a control character, so never an escape sequence.

Scene text, names typed by players and fields read from save files all pass through :func:`clean` before
they are printed. Unicode category Cc covers ESC, CSI (U+009B), BEL, backspace and carriage return: any
of them could move the cursor, retitle the window or hide text in a transcript.
"""

from __future__ import annotations

import unicodedata


def clean(text: object) -> str:
    """``text`` without control characters; tabs become a space. Newlines are dropped too (one line)."""
    return "".join(" " if ch == "\t" else ch for ch in str(text) if ch == "\t" or unicodedata.category(ch) != "Cc")


def clean_lines(text: object) -> list[str]:
    """Multi-line text as cleaned lines (line breaks kept as separate lines)."""
    return [clean(line) for line in str(text).splitlines()]
