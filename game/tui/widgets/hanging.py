"""Rows of (head, text) drawn with a hanging indent: the text wraps under itself, not under the head.

Used for the help screen's keys and the ending's key moments; redrawn at whatever width it has.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget


def hanging_lines(rows: list[tuple[Content, Content]], width: int, column: int | None = None) -> list[Content]:
    column = column if column is not None else max((head.cell_length for head, _ in rows), default=0)
    room = max(10, width - column)
    lines: list[Content] = []
    for head, text in rows:
        for index, line in enumerate(text.wrap(room) or [Content("")]):
            lead = head.pad_right(column - head.cell_length) if index == 0 else Content(" " * column)
            lines.append(Content.assemble(lead, line))
    return lines


class HangingList(Widget):
    DEFAULT_CSS = "HangingList { height: auto; }"

    def __init__(
        self, rows: list[tuple[Content, Content]] | None = None, *, column: int | None = None, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.rows = rows or []
        self.column = column

    def set_rows(self, rows: list[tuple[Content, Content]]) -> None:
        self.rows = rows
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(hanging_lines(self.rows, width, self.column))

    def render(self) -> Content:
        return Content("\n").join(hanging_lines(self.rows, self.content_size.width or 80, self.column))
