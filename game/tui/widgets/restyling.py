"""Redrawing what was styled when it was built, when the theme changes.

Some widgets bake their component classes' looks into what they show (``Content`` styled as it is built,
parsed prose, pre-rendered rows), so a new theme leaves them in the old colours until they are built again.
Textual calls ``notify_style_update`` *before* it refreshes the component classes' styles, so the looks are
compared a moment later, and the thing is built again only if they changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.widget import Widget

    _Base = Widget
else:
    _Base = object  # a mixin: the class it is mixed into is the Widget (or Screen)


class RestylesOnTheme(_Base):
    """Mix in before the Textual base (``class StatusLine(RestylesOnTheme, Static)``) and say what the thing
    was drawn with, what the looks are now, and how to draw it again."""

    def drawn_looks(self) -> object | None:
        """The looks it was last drawn with; None while there is nothing drawn (nothing to compare)."""
        raise NotImplementedError

    def current_looks(self) -> object:
        raise NotImplementedError

    def redraw(self) -> None:
        raise NotImplementedError

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self.is_mounted and self.drawn_looks() is not None:
            self.call_later(self._restyle)

    def _restyle(self) -> None:
        drawn = self.drawn_looks()
        if drawn is not None and self.current_looks() != drawn:
            self.redraw()
