"""A plain-text progress bar on stderr for long tool runs (no Textual: these are headless commands)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 30


class ProgressBar:
    """Redraws one line with ``\\r``; only when the stream is a terminal, at most ten times a second."""

    def __init__(self, label: str, stream: TextIO | None = None, force: bool = False) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = force or self.stream.isatty()
        self._last = 0.0
        self._drawn = False
        self._pending: tuple[int, int, str] | None = None

    def update(self, done: int, total: int, note: str = "") -> None:
        if not self.enabled:
            return
        self._pending = (done, total, note)
        now = time.monotonic()
        if self._drawn and now - self._last < 0.1:
            return  # redrawing faster than the eye reads only slows the run down
        self._last = now
        self._draw(done, total, note)
        self._pending = None

    def _draw(self, done: int, total: int, note: str) -> None:
        share = done / total if total else 1.0
        filled = int(WIDTH * share)
        bar = "#" * filled + "-" * (WIDTH - filled)
        self.stream.write(f"\r{self.label} [{bar}] {done}/{total} {note}".rstrip() + " ")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self._pending is not None:
            self._draw(*self._pending)  # the final state, even if the last update was skipped
            self._pending = None
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False
