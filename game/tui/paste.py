"""Bracketed paste that keeps its text in order, whatever control characters it holds.

Textual's terminal parser (8.x) reads an ESC inside a bracketed paste as the start of an escape sequence:
the sequence leaves the paste and comes out as separate key presses, *before* the paste itself, so pasting
"Zz␛[31mRed" typed "^[31mRed" and then pasted "Zz". Here the terminal's input is cleaned before Textual
parses it: between the paste's start and end markers, control characters are dropped (line breaks and
tabs become spaces), so the paste arrives whole and in order, and nothing in it reaches the terminal.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from textual._xterm_parser import BRACKETED_PASTE_END, BRACKETED_PASTE_START, XTermParser
from textual.message import Message


def _clean(text: str) -> str:
    return "".join(" " if ch in "\n\r\t" else ch for ch in text if ch in "\n\r\t" or unicodedata.category(ch) != "Cc")


class CleanPasteParser(XTermParser):
    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self._in_paste = False
        self._held = ""  # the end of a read that may be the start of the paste's end marker

    def feed(self, data: str) -> Iterable[Message]:
        return super().feed(self.clean(data))

    def clean(self, data: str) -> str:
        """``data`` with the inside of every bracketed paste cleaned (state kept across reads)."""
        data, self._held = self._held + data, ""
        out: list[str] = []
        index = 0
        while index < len(data):
            if not self._in_paste:
                start = data.find(BRACKETED_PASTE_START, index)
                if start < 0:
                    rest = data[index:]
                    # A start marker split across reads: hold back "␛[2", "␛[20"... (never a lone ESC,
                    # which is the Escape key and must not wait for the next read).
                    keep = next(
                        (
                            n
                            for n in range(len(BRACKETED_PASTE_START) - 1, 2, -1)
                            if rest.endswith(BRACKETED_PASTE_START[:n])
                        ),
                        0,
                    )
                    out.append(rest[: len(rest) - keep])
                    self._held = rest[len(rest) - keep :]
                    break
                out.append(data[index : start + len(BRACKETED_PASTE_START)])
                index = start + len(BRACKETED_PASTE_START)
                self._in_paste = True
                continue
            end = data.find(BRACKETED_PASTE_END, index)
            if end < 0:
                rest = data[index:]
                # Keep back what could be the first characters of the end marker, split across reads.
                keep = next(
                    (n for n in range(len(BRACKETED_PASTE_END) - 1, 0, -1) if rest.endswith(BRACKETED_PASTE_END[:n])),
                    0,
                )
                out.append(_clean(rest[: len(rest) - keep]))
                self._held = rest[len(rest) - keep :]
                break
            out.append(_clean(data[index:end]) + BRACKETED_PASTE_END)
            index = end + len(BRACKETED_PASTE_END)
            self._in_paste = False
        return "".join(out)


def install() -> None:
    """Have Textual's Linux/macOS driver read input through :class:`CleanPasteParser` (a no-op elsewhere)."""
    try:
        from textual.drivers import linux_driver
    except ImportError:  # Windows: another driver, which does not parse escape sequences this way
        return
    linux_driver.XTermParser = CleanPasteParser  # type: ignore[misc]
