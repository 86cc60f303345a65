"""Rows of (head, text) drawn with a hanging indent: the text wraps under itself, not under the head.

Used for the help screen's keys, the ending's key moments and the journal; redrawn at whatever width it
has. The heads' look is the widget's ``hanging-list--head`` component class (a stylesheet gives each list
its own: ``#help-keys > .hanging-list--head``), read when drawn, so a new theme restyles them; a head may
carry a look of its own on top.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Size
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widget import Widget

from game.tui.text import wrap
from game.tui.widgets.parts_line import PartsLine

# A row's text: a Content, or a PartsLine (a journal entry's changes: broken between changes, not inside one).
RowText = Content | PartsLine


def hanging_lines(
    rows: Sequence[tuple[Content, RowText]], width: int, column: int | None = None, head_look: Style | str = ""
) -> list[Content]:
    column = column if column is not None else max((head.cell_length for head, _ in rows), default=0)
    room = max(10, width - column)
    lines: list[Content] = []
    for head, text in rows:
        shown = head.stylize_before(head_look) if head_look else head
        laid = text.at(room) if isinstance(text, PartsLine) else text
        for index, line in enumerate(wrap(laid, room) or [Content("")]):
            lead = shown.pad_right(column - head.cell_length) if index == 0 else Content(" " * column)
            lines.append(Content.assemble(lead, line))
    return lines


class HangingList(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {"hanging-list--head"}
    DEFAULT_CSS = "HangingList { height: auto; }"

    def __init__(
        self, rows: Sequence[tuple[Content, RowText]] | None = None, *, column: int | None = None, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.rows = list(rows or [])
        self.column = column

    def set_rows(self, rows: Sequence[tuple[Content, RowText]]) -> None:
        self.rows = list(rows)
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(hanging_lines(self.rows, width, self.column))

    def render(self) -> Content:
        look = self.get_visual_style("hanging-list--head", partial=True)
        return Content("\n").join(hanging_lines(self.rows, self.content_size.width or 80, self.column, look))


class HangingLines(Visual):
    """Lines of content (an option list's prompt), each wrapped at whatever width it is drawn with, the
    lines it wraps onto indented under its text: a slot's "musician · scene · week · …" line that does not
    fit wraps under itself, not to column 0. ``plain`` is the text as one string, as a Content's would be."""

    def __init__(self, lines: list[Content], indent: int = 4) -> None:
        self.lines = lines
        self.indent = indent
        self._laid: tuple[int, Content] = (-1, Content(""))

    @property
    def plain(self) -> str:
        return "\n".join(line.plain for line in self.lines)

    def laid_out(self, width: int) -> Content:
        """The lines at ``width``: a line keeps the spaces it starts with; what it wraps onto is indented
        by ``indent`` (or by its own leading spaces, if more)."""
        if self._laid[0] != width:
            out: list[Content] = []
            for line in self.lines:
                if line.cell_length <= width:  # it fits: drawn as it is
                    out.append(line)
                    continue
                lead = len(line.plain) - len(line.plain.lstrip(" "))
                hang = max(lead, self.indent)
                body = line[lead:]
                for index, piece in enumerate(wrap(body, max(10, width - hang)) or [Content("")]):
                    # The first piece keeps the line's own leading spaces (and their look); the rest hang.
                    lead_in = line[:lead] if index == 0 else Content(" " * hang)
                    out.append(Content.assemble(lead_in, piece) if lead_in.plain else piece)
            self._laid = (width, Content("\n").join(out))
        return self._laid[1]

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        return self.laid_out(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max((line.cell_length for line in self.lines), default=0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.laid_out(width).plain.split("\n"))
