"""A small column chart of one stat over the playthrough, drawn with eighth-blocks."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import ClassVar

from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from game.tui.text import literal

_LEVELS = " ▁▂▃▄▅▆▇█"


def resample(points: list[float], width: int) -> list[float]:
    """Fit the points to ``width`` columns: every point when they fit, else the last value in each bucket."""
    if len(points) <= width:
        return points
    return [points[min(len(points) - 1, round((i + 1) * len(points) / width) - 1)] for i in range(width)]


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten that is at least ``value`` (100 for 73)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value)


def chart_scale(points: list[float], low: float | None, high: float | None) -> tuple[float, float]:
    """The range a chart spans: from the stat's lower bound (or 0) to its upper bound when that is a
    human-sized range (a 0–100 stat: a change from 0 to 3 stays a sliver), else to a round number above
    the highest value (money bounded at 500 million is charted to, say, 50,000)."""
    bottom = min([low if low is not None else 0.0, *points])
    if high is not None and high - bottom <= 1000:
        return bottom, max([high, *points])
    top = bottom + nice_ceiling((max(points, default=bottom) - bottom) * 1.1)
    return bottom, top


def columns(points: list[float], width: int, height: int, scale: tuple[float, float] | None = None) -> list[str]:
    """The chart as ``height`` text rows (top first); empty when there is nothing to draw.

    Few points are drawn wide (up to 4 columns each) so a short playthrough still reads as a chart.
    """
    if not points or width < 1 or height < 1:
        return []
    data = resample(points, width)
    repeat = max(1, min(4, width // len(data)))
    data = [value for value in data for _ in range(repeat)]
    low, high = scale if scale is not None else (min(0.0, min(data)), max(data))
    span = high - low or 1.0
    rows = [[" "] * len(data) for _ in range(height)]
    for x, value in enumerate(data):
        eighths = round(min(1.0, max(0.0, (value - low) / span)) * height * 8)
        for level in range(height):  # level 0 is the bottom row
            fill = min(8, max(0, eighths - level * 8))
            rows[height - 1 - level][x] = _LEVELS[fill]
    return ["".join(r) for r in rows]


@dataclass(frozen=True)
class Series:
    """What a chart shows: one stat over the playthrough, with its values formatted in the stat's unit."""

    title: str = ""
    points: tuple[float, ...] = ()
    shown: tuple[str, ...] = ()  # the first and latest value
    scale: tuple[float, float] | None = None
    scale_labels: tuple[str, str] = ("", "")  # the bottom and top of the value axis
    rows: int = field(default=4)


class Chart(Widget):
    """A titled column chart: the title with the first and latest values, then the columns between a
    labelled value axis (its top and bottom, in the stat's unit) and a labelled time axis."""

    # Its look is the stylesheet's (a theme or the game's .tcss may restyle it), read back in render().
    COMPONENT_CLASSES: ClassVar[set[str]] = {"chart--title", "chart--axis", "chart--columns"}
    DEFAULT_CSS = """
    Chart { height: auto; }
    Chart > .chart--title { text-style: bold; color: $primary; }
    Chart > .chart--axis { text-style: dim; }
    Chart > .chart--columns { color: $secondary; }
    """

    # What is charted: setting it redraws the chart (and lays it out again if its height changed); the
    # same series again redraws nothing.
    series: reactive[Series] = reactive(Series, layout=True)

    def __init__(self, series: Series | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        if series is not None:
            self.set_reactive(Chart.series, series)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.series.rows + 4

    def render(self) -> Content:
        series = self.series
        width = max(1, self.content_size.width)
        title, dim, bars = (self.get_visual_style(f"chart--{part}") for part in ("title", "axis", "columns"))
        lines = [literal(series.title).stylize(title)]
        if series.shown:
            lines.append(Content.styled(f"start {series.shown[0]}  ·  now {series.shown[-1]}"[:width], dim))
        else:
            lines.append(Content.styled("nothing yet", dim))
        bottom_label, top_label = series.scale_labels
        gutter = max(len(bottom_label), len(top_label)) + 1 if (bottom_label or top_label) else 0
        if gutter * 3 > width:
            gutter = 0
        drawn = columns(list(series.points), width - gutter, series.rows, series.scale)
        for index, line in enumerate(drawn):
            label = top_label if index == 0 else bottom_label if index == len(drawn) - 1 else ""
            axis_label = Content.styled(label.rjust(gutter - 1) + "▕", dim) if gutter else Content("")
            lines.append(Content.assemble(axis_label, Content.styled(line, bars)))
        axis = len(drawn[0]) if drawn else width - gutter
        lines.append(Content.assemble(Content(" " * gutter), Content.styled("▔" * axis, dim)))
        count = len(series.points)
        ends = ("start", f"choice {count - 1}" if count > 1 else "")
        room = max(0, axis - len(ends[0]) - len(ends[1]))
        lines.append(Content.styled(" " * gutter + ends[0] + " " * room + ends[1], dim))
        return Content("\n").join(lines)
