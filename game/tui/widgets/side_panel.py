"""The side panel: who you are, where and when, and every stat (bars for bounded ones).

Folds away on narrow terminals (the scene screen toggles it with a key).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from game.engine.session import Session
from game.present.stat_rows import stat_rows, where_and_when
from game.tui.text import literal
from game.tui.widgets.parts_line import PartsLine
from game.tui.widgets.sized_ahead import SizedAhead, SteadyScrollbars
from game.tui.widgets.stat_bars import StatBars

# Who, where, when, and whether this is a writer's debug start: what the panel's first lines show.
Who = tuple[str, str, str, bool]


class WhoLines(SizedAhead, Static):
    """Who, where and when: a line more when the chapter's name wraps."""


class SidePanel(SteadyScrollbars, SizedAhead, VerticalScroll, can_focus=False):
    COMPONENT_CLASSES: ClassVar[set[str]] = {"side-panel--name", "side-panel--when", "side-panel--debug"}
    DEFAULT_CSS = """
    SidePanel > .side-panel--name { color: $primary; text-style: bold; }
    SidePanel > .side-panel--when { text-style: dim; }
    SidePanel > .side-panel--debug { color: $warning; text-style: italic; }
    """

    # A reactive: a choice that left the musician where and when they were redraws none of these lines.
    who: reactive[Who] = reactive(("", "", "", False), init=False)

    def compose(self) -> ComposeResult:
        yield WhoLines(id="who")
        yield StatBars(id="panel-stats")

    def show(self, session: Session, when: str = "") -> None:
        """Draw the panel; ``when`` is the scene's place in the life ("Chapter 2: Youth · 1998 · age 14"),
        shown instead of the week when the story has one."""
        story, variables = session.story, session.game.variables
        origin = story.origins[session.start.origin]
        where, week = where_and_when(story, variables, origin.home)
        self.who = (session.musician(), where, when or week, session.start.is_debug)
        self.query_one(StatBars).set_rows(stat_rows(story, variables))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self.is_mounted and self.who[0]:  # a new theme: the lines hold resolved colours
            self.call_later(self.watch_who, self.who)

    def watch_who(self, who: Who) -> None:
        name, where, when, debug = who
        look = {part: self.get_visual_style(f"side-panel--{part}", partial=True) for part in ("name", "when", "debug")}
        # The scene's place in the life breaks between its parts in the narrow panel, never inside one
        # ("Chapter 2: Youth · 2024" and then "age 19", not "· age 19").
        dim = look["when"]
        lines: list[tuple[Content | None, Content]] = [
            (None, literal(name).stylize(look["name"])),
            (None, literal(where)),
        ]
        for index, part in enumerate(when.split(" · ")):
            lines.append((Content(" · ").stylize(dim) if index else None, literal(part).stylize(dim)))
        if debug:
            lines.append((None, literal("debug start: not saved").stylize(look["debug"])))
        self.query_one("#who", Static).update(PartsLine(lines))
