"""The "what changed" line shown after a choice: "✓ It worked  ·  +3 Skill  ·  −5 Energy" (a change that
would not fit on the line starts the next one whole: see PartsLine).

It stays until the next choice: opening a dialog, folding the panel or saving leaves it. Each change is
coloured by its delta (a rise in the success colour, a fall in the error colour), never by how its text
happens to begin, so "Savings −50 ₸" is as red as "−5 Energy". The colours are the widget's component
classes, set in the stylesheet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.content import Content
from textual.reactive import reactive
from textual.style import Style
from textual.widgets import Static

from game.engine.effects import Change
from game.tui.text import literal
from game.tui.widgets.parts_line import PartsLine
from game.tui.widgets.restyling import RestylesOnTheme
from game.tui.widgets.sized_ahead import SizedAhead


class ChangeLine(SizedAhead, RestylesOnTheme, Static):
    """Shows what the last choice changed (and how a risky one came out); empty hides it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "change-line--rise",
        "change-line--fall",
        "change-line--set",
        "change-line--success",
        "change-line--failure",
        "change-line--separator",
    }
    DEFAULT_CSS = """
    ChangeLine > .change-line--rise { color: $success; text-style: bold; }
    ChangeLine > .change-line--fall { color: $error; text-style: bold; }
    ChangeLine > .change-line--set { text-style: bold; }
    ChangeLine > .change-line--success { color: $success; text-style: bold; }
    ChangeLine > .change-line--failure { color: $error; text-style: bold; }
    ChangeLine > .change-line--separator { text-style: dim; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.display = False
        self._describe: Callable[[Change], str] | None = None
        self._drawn_with: tuple[Style, ...] = ()  # the looks the line was last drawn with

    def _style(self, name: str) -> Style:
        return Style.from_rich_style(self.get_component_rich_style(f"change-line--{name}", partial=True))

    def content_for(
        self, changes: list[Change], outcome: str | None, describe: Callable[[Change], str] | None = None
    ) -> PartsLine:
        parts: list[Content] = []
        if outcome == "success":
            parts.append(Content.styled("✓ It worked", self._style("success")))
        elif outcome == "failure":
            parts.append(Content.styled("✗ It didn't work out", self._style("failure")))
        for change in changes:
            delta = change.delta
            kind = "set" if delta is None or change.assigned else "rise" if delta > 0 else "fall"
            parts.append(literal((describe or Change.describe)(change)).stylize(self._style(kind)))
        separator = Content.styled("  ·  ", self._style("separator"))
        return PartsLine([(separator, part) for part in parts])

    # What is shown: the changes and how a risky choice came out. A reactive: setting the same news again
    # (a dialog closing, the panel folding) redraws nothing.
    news: reactive[tuple[tuple[Change, ...], str | None]] = reactive(((), None), init=False)

    def show_changes(
        self, changes: list[Change], outcome: str | None = None, describe: Callable[[Change], str] | None = None
    ) -> None:
        self._describe = describe
        self.news = (tuple(changes), outcome)
        if not self.is_mounted:
            self.watch_news(self.news)

    def _looks(self) -> tuple[Style, ...]:
        return tuple(self._style(name.removeprefix("change-line--")) for name in sorted(self.COMPONENT_CLASSES))

    # A new theme: the line is styled when built (see RestylesOnTheme); a hidden line is drawn when shown.
    def drawn_looks(self) -> object | None:
        return self._drawn_with if self.display else None

    def current_looks(self) -> object:
        return self._looks()

    def redraw(self) -> None:
        self.watch_news(self.news)

    def watch_news(self, news: tuple[tuple[Change, ...], str | None]) -> None:
        changes, outcome = news
        self.display = bool(changes or outcome)
        if self.is_mounted:
            self._drawn_with = self._looks()
        self.update(self.content_for(list(changes), outcome, self._describe) if self.display else "")
