"""The ending: its title and text, the career in a few lines (key moments, final stats), and what next.
Its look is in ``styles/screens.tcss``.

Reaching an ending records it in the gallery, which lasts across playthroughs.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from game.engine.journal import key_moments
from game.present.stat_rows import stat_rows, where_and_when
from game.tui.safety import shielded
from game.tui.text import literal, markup
from game.tui.widgets.footer import GameFooter
from game.tui.widgets.hanging import HangingList
from game.tui.widgets.numbered_list import Item, NumberedList, digit_bindings
from game.tui.widgets.prose import Prose
from game.tui.widgets.stat_bars import StatBars

if TYPE_CHECKING:
    from game.tui.app import SteppeApp

MENU = [
    Item("new", "Play again"),
    Item("gallery", "Endings gallery"),
    Item("journal", "Read the journal"),
    Item("export", "Export your career story"),
    Item("title", "Title screen"),
]


class EndingScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        *digit_bindings("Pick"),
        Binding("j", "app.journal", "Journal"),
        Binding("s", "app.stats", "Stats"),
        Binding("e", "app.export", "Export", tooltip="export the career story (Markdown or HTML)"),
        Binding("u,ctrl+z", "app.undo", "Undo"),
        Binding("question_mark,f1", "app.help", "Help", key_display="?"),
        Binding("escape", "app.game_menu", "Menu"),
        Binding("pageup", "scroll_text(-1)", show=False, priority=True),
        Binding("pagedown,space", "scroll_text(1)", show=False, priority=True),
    ]

    drawn_at = 0.0  # when the ending was first on screen (0: not yet)

    @property
    def steppe(self) -> SteppeApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="ending-box"):
            yield Static("T H E   E N D", id="ending-kicker", markup=False)
            yield Static(id="ending-title")
            yield Static(id="ending-scene")
            yield Prose(id="ending-text")
            yield Static("Your career", classes="ending-heading", markup=False)
            yield Static(id="ending-summary")
            yield HangingList(id="ending-moments")
            yield Static("Final stats", classes="ending-heading", markup=False)
            yield StatBars(id="ending-stats")
            yield Static(id="ending-gallery")
        yield NumberedList(MENU, id="ending-menu")
        yield GameFooter()

    def on_mount(self) -> None:
        self.drawn_at = 0.0  # keys pressed before the ending was on screen (a burst) pick nothing here
        self.call_after_refresh(self._drawn)
        self.show_ending()
        self.query_one(NumberedList).focus()

    def _drawn(self) -> None:
        self.drawn_at = time.monotonic()

    def accepts_choice_key(self, pressed_at: float) -> bool:
        return self.drawn_at != 0.0 and pressed_at >= self.drawn_at

    @shielded("The ending could not be shown")
    def show_ending(self) -> None:
        app = self.steppe
        session = app.session
        view = app.guarded_view()
        if session is None or view is None:
            return
        game, story = session.game, session.story
        self.query_one("#ending-title", Static).update(literal(view.ending_title or view.title))
        scene_title = self.query_one("#ending-scene", Static)
        scene_title.update(literal(view.title))
        scene_title.display = view.title != (view.ending_title or view.title)
        self.query_one("#ending-text", Prose).update(view.text)
        origin = story.origins[session.start.origin]
        where, week = where_and_when(story, game.variables, origin.home)
        turns = len(session.turns)
        self.query_one("#ending-summary", Static).update(
            markup(
                "$name, $instrument player from $home.\nEnded: $where, $week, after $turns.",
                name=session.musician(),
                instrument=origin.instrument,
                home=origin.home,
                where=where,
                week=view.when or week.lower(),  # "Chapter 6: What remains · 2031 · age 38" when the story dates
                turns=f"{turns} choice{'s' if turns != 1 else ''}",
            )
        )
        moments = key_moments(story, session.history())
        listing = self.query_one("#ending-moments", HangingList)
        listing.set_rows([(Content("• "), literal(m)) for m in moments])  # the bullet's look: #ending-moments
        listing.display = bool(moments)
        self.query_one(StatBars).set_rows(stat_rows(story, game.variables))
        self.query_one("#ending-gallery", Static).update(literal(app.record_ending()))

    def action_pick(self, number: int) -> None:
        self.query_one(NumberedList).pick(number)

    def action_scroll_text(self, direction: int) -> None:
        box = self.query_one("#ending-box", VerticalScroll)
        if direction < 0:
            box.scroll_page_up(animate=False)
        else:
            box.scroll_page_down(animate=False)

    async def on_numbered_list_picked(self, event: NumberedList.Picked) -> None:
        event.stop()
        actions = {
            "new": "new_game",
            "gallery": "gallery",
            "journal": "journal",
            "export": "export",
            "title": "to_title",
        }
        await self.app.run_action(f"app.{actions[event.item.key]}")
