"""Lines in, lines out: the only place the plain game touches standard input and output.

When standard input is not a terminal (a file, a pipe, a test) the answer typed is echoed after the
prompt, so the output reads as a transcript: "> 2". End of input raises :class:`EndOfInput`, which the
game turns into a clean exit (its last choice is already autosaved).
"""

from __future__ import annotations

import shutil
import sys
from typing import TextIO

from game.plain.clean import clean, clean_lines

MAX_WIDTH = 100  # long lines are tiring to read, and a screen reader does not care about width
MAX_ANSWER = 1000  # characters of one answer that are looked at (a pasted novel is not an answer)


class EndOfInput(Exception):
    """Standard input ended (Ctrl+D, or the end of a piped file)."""


class Terminal:
    def __init__(self, stdin: TextIO | None = None, stdout: TextIO | None = None, *, echo: bool | None = None) -> None:
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        if echo is None:
            try:
                echo = not self.stdin.isatty()
            except (AttributeError, ValueError):
                echo = True
        self.echo = echo
        columns = shutil.get_terminal_size((80, 24)).columns
        self.width = max(40, min(MAX_WIDTH, columns - 1))

    def say(self, text: object = "") -> None:
        """Print text (several lines if it has line breaks), control characters removed."""
        lines = clean_lines(text) or [""]
        self.stdout.write("\n".join(lines) + "\n")
        self.stdout.flush()

    def lines(self, lines: list[str]) -> None:
        for line in lines:
            self.say(line)

    def ask(self, prompt: str = "> ") -> str:
        """Show the prompt, read one line; the answer comes back stripped and without control characters."""
        self.stdout.write(clean(prompt))
        self.stdout.flush()
        raw = self.stdin.readline()
        if raw == "":
            if self.echo:
                self.stdout.write("\n")
            raise EndOfInput
        answer = clean(raw[:MAX_ANSWER]).strip()
        if self.echo:
            self.stdout.write(answer + "\n")
        self.stdout.flush()
        return answer
