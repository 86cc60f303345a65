"""Rendered lines kept until a widget's content, size or style really changes.

Textual throws a widget's rendered lines away on every refresh, and a new scene refreshes most widgets two
or three times (once for the new content, then again when the layout settles their new sizes). For widgets
whose lines are a pure function of their data and width (the scene's prose, the stat bars) the lines of
the first render are reused: the widget calls :meth:`StripCache.clear` when its data changes, and a change
of size or of style (a new theme) is noticed here.
"""

from __future__ import annotations

from typing import Any

from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widget import Widget


class StripCache:
    def __init__(self) -> None:
        self._key: tuple[Any, ...] | None = None
        self._strips: list[Strip] = []

    def clear(self) -> None:
        self._key = None

    def line(self, widget: Widget, y: int) -> Strip:
        """Line ``y`` of ``widget.render()`` at the widget's size, as Textual's own render_line draws it."""
        style = widget.visual_style
        key = (widget.size, style)
        if key != self._key:
            width, height = widget.size
            # Our widgets render Content (already a Visual); markup=False keeps any plain string literal.
            visual = visualize(widget, widget.render(), markup=False)
            self._strips = Visual.to_strips(widget, visual, width, height, style)
            self._key = key
        if 0 <= y < len(self._strips):
            return self._strips[y]
        return Strip.blank(widget.size.width, style.rich_style)
