"""The side panel: who you are, where and when, and every stat (bars for bounded ones).

Folds away on narrow terminals (the scene screen toggles it with a key).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.engine.session import Session
from game.tui.stat_rows import stat_rows, where_and_when
from game.tui.text import literal, markup
from game.tui.widgets.stat_bars import StatBars


class SidePanel(VerticalScroll, can_focus=False):
    def compose(self) -> ComposeResult:
        yield Static(id="who")
        yield StatBars(id="panel-stats")

    def show(self, session: Session, when: str = "") -> None:
        """Draw the panel; ``when`` is the scene's place in the life ("Chapter 2: Youth · 1998 · age 14"),
        shown instead of the week when the story has one."""
        story, variables = session.story, session.game.variables
        origin = story.origins[session.start.origin]
        where, week = where_and_when(story, variables, origin.home)
        who = markup("[b $primary]$name[/]", name=session.musician())
        lines = [who, literal(where), literal(when or week, "dim")]
        if session.start.is_debug:
            lines.append(literal("debug start: not saved", "italic $warning"))
        self.query_one("#who", Static).update(Content("\n").join(lines))
        self.query_one(StatBars).set_rows(stat_rows(story, variables))
