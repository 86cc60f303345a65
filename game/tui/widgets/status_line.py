"""The scene's status line: where and when ("Almaty  ·  dombra  ·  Chapter 2: Youth · 1998 · age 14"), and,
while the side panel is folded away, the stats the player must not lose sight of (the story's costs).
Where the whole does not fit its width, each part that would not fit starts a line of its own, rather
than the line breaking inside a part ("Chapter 1: Childhood · 2012" and then "· age 7" alone).

A reactive: the scene screen sets what it shows, and the line redraws itself when that changed (a choice
that left the musician where and when they were, with the same energy, redraws nothing). Its looks are its
component classes; a new theme restyles it.
"""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content
from textual.reactive import reactive
from textual.style import Style
from textual.widgets import Static

from game.tui.text import literal
from game.tui.widgets.parts_line import PartsLine
from game.tui.widgets.restyling import RestylesOnTheme
from game.tui.widgets.sized_ahead import SizedAhead

# Where, when, and the compact stats ("Energy 70", empty while the panel shows them).
Status = tuple[str, str, tuple[str, ...]]


class StatusLine(SizedAhead, RestylesOnTheme, Static):
    COMPONENT_CLASSES: ClassVar[set[str]] = {"status-line--separator", "status-line--stats"}
    DEFAULT_CSS = """
    StatusLine > .status-line--separator { text-style: dim; }
    StatusLine > .status-line--stats { text-style: dim; }
    """

    status: reactive[Status] = reactive(("", "", ()), init=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._drawn_with: tuple[Style, Style] | None = None

    def _looks(self) -> tuple[Style, Style]:
        separator, stats = (
            self.get_visual_style(f"status-line--{part}", partial=True) for part in ("separator", "stats")
        )
        return separator, stats

    def content_for(self, status: Status) -> PartsLine:
        where, when, stats = status
        separator, stats_look = self._looks() if self.is_mounted else (Style(), Style())
        between = Content("  ·  ")
        return PartsLine(
            [
                (between, literal(where)),
                (between, literal(when)),
                (Content.styled("  ·  ", separator), literal(" · ".join(stats)).stylize(stats_look)),
            ]
        )

    def watch_status(self, status: Status) -> None:
        if self.is_mounted:
            self._drawn_with = self._looks()
        self.update(self.content_for(status))

    # A new theme: the line is styled when built (see RestylesOnTheme).
    def drawn_looks(self) -> object | None:
        return self._drawn_with

    def current_looks(self) -> object:
        return self._looks()

    def redraw(self) -> None:
        self.watch_status(self.status)
