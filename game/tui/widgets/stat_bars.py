"""Stats drawn as text: bars for bounded stats, a balance for two-sided ones, plain values for the rest.

Drawn at whatever width the widget has, so the panel stays right when the terminal is resized.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from game.tui.stat_rows import StatRow
from game.tui.text import literal
from game.tui.widgets.strip_cache import StripCache

FULL, EMPTY, TRACK, MARK, MIDDLE = "█", "░", "─", "●", "┼"
_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(row: StatRow, width: int) -> Content:
    """``██████▌░░░░░░░`` filled in proportion, with eighth-blocks for the last cell."""
    width = max(4, width)
    span = row.high - row.low or 1.0
    fraction = min(1.0, max(0.0, (row.value - row.low) / span))
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    filled = FULL * full + (_EIGHTHS[part] if part and full < width else "")
    rest = EMPTY * (width - len(filled))
    return Content.assemble(Content.styled(filled, "$primary"), Content.styled(rest, "$panel-lighten-2"))


def balance(row: StatRow, width: int) -> Content:
    """``Tradition ──┼──●── Innovation`` as two lines: the track with a marker, then the two labels."""
    width = max(5, width)
    span = row.high - row.low or 1.0
    fraction = min(1.0, max(0.0, (row.value - row.low) / span))
    cells = [TRACK] * width
    cells[width // 2] = MIDDLE
    marker = min(width - 1, round(fraction * (width - 1)))
    track = Content.assemble(
        Content.styled("".join(cells[:marker]), "$panel-lighten-2"),
        Content.styled(MARK, "bold $accent"),
        Content.styled("".join(cells[marker + 1 :]), "$panel-lighten-2"),
    )
    low, high = row.low_label, row.high_label
    gap = max(1, width - len(low) - len(high))
    labels = literal(f"{low}{' ' * gap}{high}"[: max(width, len(low) + 1 + len(high))], "dim")
    return Content("\n").join([track, labels])


def fits(row: StatRow, width: int) -> bool:
    """Whether the label and the value share one line at ``width``."""
    return len(row.label) + 1 + len(row.shown) <= width


def line_count(rows: list[StatRow], width: int) -> int:
    """How many lines :func:`stat_lines` draws at ``width``."""
    count = 0
    for row in rows:
        if row.kind == "balance":
            count += 3
        else:
            count += (1 if fits(row, width) else 2) + (1 if row.kind == "bar" else 0)
    return count


def stat_lines(rows: list[StatRow], width: int) -> Content:
    """Every row: a label line with its value at the right, then its bar or balance when it has one."""
    lines: list[Content] = []
    for row in rows:
        if row.kind == "balance":
            lines.append(literal(row.label[:width], "bold"))
            lines.append(balance(row, width))
            continue
        shown, label = row.shown, row.label
        if fits(row, width):
            space = max(1, width - len(label) - len(shown))
            lines.append(Content.assemble(literal(label, "bold"), " " * space, literal(shown)))
        else:  # never cut a label or a value: the value goes under its label, at the right
            lines.append(literal(label, "bold"))
            lines.append(literal(shown.rjust(width)))
        if row.kind == "bar":
            lines.append(bar(row, width))
    return Content("\n").join(lines)


class StatBars(Widget):
    """A block of stats that redraws itself at its current width."""

    # Lines are laid out to the width by hand, so Textual's own wrapping is skipped (it was most of a redraw).
    DEFAULT_CSS = """
    StatBars { height: auto; text-wrap: nowrap; text-overflow: clip; }
    """

    def __init__(self, rows: list[StatRow] | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[StatRow] = rows or []
        self._strips = StripCache()

    def set_rows(self, rows: list[StatRow]) -> None:
        if rows == self.rows:
            return  # a choice that changed no shown stat costs no redraw
        self.rows = rows
        self._strips.clear()
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return line_count(self.rows, width or 20)

    def render(self) -> Content:
        return stat_lines(self.rows, self.content_size.width or 20)

    def render_line(self, y: int) -> Strip:
        return self._strips.line(self, y)
