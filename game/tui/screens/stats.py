"""Stats: every stat, and small charts of the stats the story charts over the playthrough."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from game.present.stat_rows import calendar_text, format_value, label_of, stat_rows
from game.tui.text import literal
from game.tui.widgets.chart import Chart, Series, chart_scale
from game.tui.widgets.footer import GameFooter
from game.tui.widgets.stat_bars import StatBars

if TYPE_CHECKING:
    from game.engine.session import Session
    from game.story.compiled import Story


def charted(story: Story) -> list[str]:
    """The stats the story charts (`presentation: charted:`); else its first numeric stats, so any story
    gets a chart."""
    names = [n for n in story.presentation.charted if n in story.variables][:2]
    if len(names) < 2:
        names += [
            n
            for n, s in story.variables.items()
            if s.type in ("number", "counter") and n not in names and s.show != "hidden"
        ][: 2 - len(names)]
    return names


def series_of(session: Session, name: str) -> Series:
    """One stat over the playthrough, as its chart shows it."""
    spec = session.story.variables[name]
    points = session.history().series(name)

    def shown(value: float) -> str:
        return format_value(spec, int(value) if float(value).is_integer() else value)

    scale = chart_scale(points, spec.min, spec.max)
    return Series(
        f"{label_of(spec)} over time",
        tuple(points),
        tuple(shown(p) for p in (points[0], points[-1])) if points else (),
        scale=scale,
        scale_labels=(shown(scale[0]), shown(scale[1])),
    )


class StatsScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,s,q", "app.pop_screen", "Back"),
        Binding("j", "app.switch_to_journal", "Journal"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        session = self.session
        yield Static(id="stats-heading")
        with VerticalScroll(id="stats-box"):
            with Horizontal(id="stats-charts"):
                for name in charted(session.story):
                    yield Chart(id=f"chart-{name}")
            yield StatBars(stat_rows(session.story, session.game.variables, skip=()), id="stats-all")
        yield GameFooter()

    def on_mount(self) -> None:
        session = self.session
        turns, week = len(session.turns), session.game.variables.get("week", "")
        when = calendar_text(session.story, week)
        heading = f"{session.musician()}  ·  {when}  ·  {turns} choice{'s' if turns != 1 else ''} made"
        self.query_one("#stats-heading", Static).update(literal(heading))
        for name in charted(session.story):
            self.query_one(f"#chart-{name}", Chart).series = series_of(session, name)
        self.query_one("#stats-box", VerticalScroll).focus()
