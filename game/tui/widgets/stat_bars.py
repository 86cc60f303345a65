"""Stats drawn as text: bars for bounded stats, a balance for two-sided ones, plain values for the rest.

Drawn at whatever width the widget has, so the panel stays right when the terminal is resized. The
colours are the widget's component classes (set in its DEFAULT_CSS, restyled by any stylesheet); drawn
without a widget (tests, measuring), the lines are plain.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

from game.present.stat_rows import StatRow
from game.tui.text import literal
from game.tui.widgets.sized_ahead import SizedAhead
from game.tui.widgets.strip_cache import StripCache

FULL, EMPTY, TRACK, MARK, MIDDLE = "█", "░", "─", "●", "┼"
PARTS = ("label", "filled", "track", "mark", "ends")  # what each line is made of: one style each
Look = Mapping[str, Style | str]
PLAIN: Look = dict.fromkeys(PARTS, "")
_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(row: StatRow, width: int, look: Look = PLAIN) -> Content:
    """``██████▌░░░░░░░`` filled in proportion, with eighth-blocks for the last cell."""
    width = max(4, width)
    span = row.high - row.low or 1.0
    fraction = min(1.0, max(0.0, (row.value - row.low) / span))
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    filled = FULL * full + (_EIGHTHS[part] if part and full < width else "")
    rest = EMPTY * (width - len(filled))
    return Content.assemble(Content.styled(filled, look["filled"]), Content.styled(rest, look["track"]))


def balance(row: StatRow, width: int, look: Look = PLAIN) -> Content:
    """``Tradition ──┼──●── Innovation`` as two lines: the track with a marker, then the two labels."""
    width = max(5, width)
    span = row.high - row.low or 1.0
    fraction = min(1.0, max(0.0, (row.value - row.low) / span))
    cells = [TRACK] * width
    cells[width // 2] = MIDDLE
    marker = min(width - 1, round(fraction * (width - 1)))
    track = Content.assemble(
        Content.styled("".join(cells[:marker]), look["track"]),
        Content.styled(MARK, look["mark"]),
        Content.styled("".join(cells[marker + 1 :]), look["track"]),
    )
    low, high = row.low_label, row.high_label
    gap = max(1, width - len(low) - len(high))
    labels = literal(f"{low}{' ' * gap}{high}"[: max(width, len(low) + 1 + len(high))]).stylize(look["ends"])
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


def stat_lines(rows: list[StatRow], width: int, look: Look = PLAIN) -> Content:
    """Every row: a label line with its value at the right, then its bar or balance when it has one."""
    lines: list[Content] = []
    for row in rows:
        if row.kind == "balance":
            lines.append(literal(row.label[:width]).stylize(look["label"]))
            lines.append(balance(row, width, look))
            continue
        shown, label = row.shown, row.label
        if fits(row, width):
            space = max(1, width - len(label) - len(shown))
            lines.append(Content.assemble(literal(label).stylize(look["label"]), " " * space, literal(shown)))
        else:  # never cut a label or a value: the value goes under its label, at the right
            lines.append(literal(label).stylize(look["label"]))
            lines.append(literal(shown.rjust(width)))
        if row.kind == "bar":
            lines.append(bar(row, width, look))
    return Content("\n").join(lines)


class StatBars(SizedAhead, Widget):
    """A block of stats that redraws itself at its current width."""

    # Lines are laid out to the width by hand, so Textual's own wrapping is skipped (it was most of a redraw).
    COMPONENT_CLASSES: ClassVar[set[str]] = {f"stat-bars--{part}" for part in PARTS}
    DEFAULT_CSS = """
    StatBars { height: auto; text-wrap: nowrap; text-overflow: clip; }
    StatBars > .stat-bars--label { text-style: bold; }
    StatBars > .stat-bars--filled { color: $primary; }
    StatBars > .stat-bars--track { color: $panel-lighten-2; }
    StatBars > .stat-bars--mark { color: $accent; text-style: bold; }
    StatBars > .stat-bars--ends { text-style: dim; }
    """

    # The stats shown. A reactive compared by value: a choice that changed no shown stat costs no redraw.
    rows: reactive[list[StatRow]] = reactive(list, layout=True, init=False)

    def __init__(self, rows: list[StatRow] | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._strips = StripCache()
        self.set_reactive(StatBars.rows, rows or [])

    def set_rows(self, rows: list[StatRow]) -> None:
        self.rows = rows

    def watch_rows(self) -> None:
        self._strips.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()  # a new theme: the cached lines hold the old colours

    def look(self) -> Look:
        return {part: self.get_visual_style(f"stat-bars--{part}", partial=True) for part in PARTS}

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return line_count(self.rows, width or 20)

    def render(self) -> Content:
        return stat_lines(self.rows, self.content_size.width or 20, self.look())

    def render_line(self, y: int) -> Strip:
        return self._strips.line(self, y)
