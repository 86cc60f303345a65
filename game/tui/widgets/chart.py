"""A small column chart of one stat over the playthrough, drawn with eighth-blocks."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from game.tui.text import literal

_LEVELS = " ▁▂▃▄▅▆▇█"


def resample(points: list[float], width: int) -> list[float]:
    """Fit the points to ``width`` columns: every point when they fit, else the last value in each bucket."""
    if len(points) <= width:
        return points
    return [points[min(len(points) - 1, round((i + 1) * len(points) / width) - 1)] for i in range(width)]


def columns(points: list[float], width: int, height: int) -> list[str]:
    """The chart as ``height`` text rows (top first); empty when there is nothing to draw.

    Few points are drawn wide (up to 4 columns each) so a short playthrough still reads as a chart.
    """
    if not points or width < 1 or height < 1:
        return []
    data = resample(points, width)
    repeat = max(1, min(4, width // len(data)))
    data = [value for value in data for _ in range(repeat)]
    low, high = min(0.0, min(data)), max(data)
    span = high - low or 1.0
    rows = [[" "] * len(data) for _ in range(height)]
    for x, value in enumerate(data):
        eighths = round((value - low) / span * height * 8)
        for level in range(height):  # level 0 is the bottom row
            fill = min(8, max(0, eighths - level * 8))
            rows[height - 1 - level][x] = _LEVELS[fill]
    return ["".join(r) for r in rows]


class Chart(Widget):
    """A titled column chart: the title with the first and latest values, then the columns."""

    DEFAULT_CSS = """
    Chart { height: auto; }
    """

    def __init__(
        self, title: str, points: list[float], shown: list[str], *, rows: int = 4, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.title = title
        self.points = points
        self.shown = shown  # the first and latest value, formatted in the story's unit
        self.rows = rows

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.rows + 3

    def render(self) -> Content:
        width = max(1, self.content_size.width)
        lines = [literal(self.title, "bold $primary")]
        if self.shown:
            lines.append(literal(f"start {self.shown[0]}  ·  now {self.shown[-1]}"[:width], "dim"))
        else:
            lines.append(literal("nothing yet", "dim"))
        drawn = columns(self.points, width, self.rows)
        lines.extend(Content.styled(line, "$secondary") for line in drawn)
        axis = len(drawn[0]) if drawn else width
        lines.append(Content.styled("▔" * axis, "dim"))
        return Content("\n").join(lines)
