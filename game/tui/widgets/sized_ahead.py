"""Widgets that need no second layout pass when a layout pass gives them a new size.

When a layout pass gives a widget a new size, Textual sets its ``virtual_size``, a reactive that asks for
another layout pass; for these widgets that pass, a frame or two later, found nothing to move and drew the
same cells again. Traced on a real terminal, every scene change was drawn twice, 25-35 ms apart. The scene
screen works out the heights of its column (title, text box, change line, choices) from their content
before anything is laid out (``SceneScreen._fit_text``), and whether the text and the choices scroll; the
side panel's lines only grow or shrink inside a column of fixed width. So these widgets take their new
virtual size without asking for a pass. Where it matters, it still happens: a scrollbar that must come or
go is shown or hidden by Textual either way, and that asks for its own pass.

``_size_updated`` is Textual's own hook for this (``ScrollView`` overrides it too); the Textual version is
pinned, and tests/tui/test_scene_layout.py fails if a scene change takes a second layout pass or frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import Vertical, VerticalScroll
from textual.scrollbar import ScrollBar
from textual.widgets import Static

if TYPE_CHECKING:
    from textual.geometry import Size
    from textual.widget import Widget

    _Base = Widget
else:
    _Base = object  # a mixin: the class it is mixed into is the Widget


class SizedAhead(_Base):
    """Mix in before the Textual base: a new size from a layout pass asks for no second pass."""

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        return super()._size_updated(size, virtual_size, container_size, layout=False)


class SteadyScrollBar(SizedAhead, ScrollBar):
    """A scrollbar: what it draws follows the box it scrolls, never its own virtual size."""


class SteadyScrollbars(_Base):
    """Mix in before a scrolling Textual base: its vertical scrollbar is a :class:`SteadyScrollBar`. When a
    scene's text or choices scroll, their scrollbar is laid out at each new height like any widget, and
    would ask for the second pass itself. Made as Textual's ``Widget.vertical_scrollbar`` makes it."""

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        if self._vertical_scrollbar is None:
            bar = SteadyScrollBar(vertical=True, name="vertical", thickness=self.scrollbar_size_vertical)
            bar.display = False
            self._vertical_scrollbar = bar
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar


class SceneColumn(SizedAhead, Vertical):
    """The scene's main column (title to choices): what it holds adds up to a new height in most scenes."""


class TextBox(SteadyScrollbars, SizedAhead, VerticalScroll):
    """The scrolling box around a scene's outcome and text."""


class OutcomeLine(SizedAhead, Static):
    """How a risky choice went, above the scene's text."""


class SceneTitle(SizedAhead, Static):
    """The scene's title, above the where-and-when line."""
