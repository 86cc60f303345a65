"""A line made of parts ("+3 Skill", "3 years passed"; "Almaty  ·  dombra", "Chapter 1: Childhood · 2012 ·
age 7") that, where it does not fit its width, breaks between parts rather than inside one: word wrapping
alone left "passed" or "· age 7" alone on the next line. A Textual Visual, laid out for the width it is
measured and drawn at, so a widget showing it needs no width of its own to build it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.content import Content
from textual.visual import Visual

from game.tui.text import wrap

if TYPE_CHECKING:
    from textual.css.styles import RulesMap
    from textual.strip import Strip
    from textual.style import Style
    from textual.visual import RenderOptions


class PartsLine(Visual):
    """Parts of a line, each after its separator: all on one line where they fit; else a part that would
    not fit on the line so far starts the next one (without its separator), and only a part wider than
    the whole width wraps inside itself. A part whose separator is None always starts a line."""

    def __init__(self, parts: Sequence[tuple[Content | None, Content]]) -> None:
        self.parts = [(separator, part) for separator, part in parts if part]
        self._laid_out: tuple[int, list[Content]] | None = None

    @property
    def plain(self) -> str:
        """The text on one line (as ``str(content)`` gives a Content's)."""
        return self.at(None).plain

    def __str__(self) -> str:
        return self.plain

    def at(self, width: int | None) -> Content:
        """The parts laid out for ``width`` cells (None: on one line)."""
        return Content("\n").join(self._lines(width))

    def _lines(self, width: int | None) -> list[Content]:
        if self._laid_out is not None and self._laid_out[0] == width:
            return self._laid_out[1]
        lines: list[Content] = []
        for separator, part in self.parts:
            if not lines or separator is None:
                lines.append(part)
                continue
            joined = Content.assemble(lines[-1], separator, part)
            if width is None or joined.cell_length <= width:
                lines[-1] = joined
            else:
                lines.append(part)
        if width is not None:
            self._laid_out = (width, lines)
        return lines

    def _fitted(self, width: int) -> Content:
        """:meth:`at`, with a part wider than the whole width wrapped as the game wraps text (never at a
        no-break space: Textual's own wrapping, left to do it, would break "250,000 ₸" there)."""
        return Content("\n").join(
            piece
            for line in self._lines(width)
            for piece in (wrap(line, width) if line.cell_length > width else [line])
        )

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        return self._fitted(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.at(None).get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return max((part.get_minimal_width(rules) for _separator, part in self.parts), default=1)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self._fitted(width).get_height(rules, width)
