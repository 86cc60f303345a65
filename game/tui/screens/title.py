"""The title screen: the game's name and its menu. Shown at once, while the story loads in the background."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Static

from game.tui.text import literal
from game.tui.widgets.footer import GameFooter
from game.tui.widgets.numbered_list import Item, NumberedList, digit_bindings

if TYPE_CHECKING:
    from game.tui.app import SteppeApp

HORIZON = "▁▁▂▂▃▄▅▆▇▆▅▄▃▂▂▁▁▁▁▂▃▄▅▄▃▂▁▁▁▁▁▂▂▃▃▂▂▁▁"


def spaced(title: str) -> str:
    """'Steppe to Stage' -> 'S T E P P E   T O   S T A G E' (for wide screens)."""
    return "   ".join(" ".join(word.upper()) for word in title.split())


class TitleScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        *digit_bindings("Pick"),
        Binding("n", "app.new_game", "New game"),
        Binding("l", "app.load", "Load"),
        Binding("g", "app.gallery", "Endings"),
        Binding("question_mark,f1", "app.help", "Help", key_display="?"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, *, with_continue: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.with_continue = with_continue  # decided before the first frame; only ever turned on
        self._name_shown: tuple[str, str] | None = None

    @property
    def steppe(self) -> SteppeApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            yield Static(id="title-name")
            yield Static(HORIZON, id="title-horizon", markup=False)
            yield Static(id="title-tagline")
            with Center():
                # Filled on mount, once the list's styles are known (items given here were labelled twice
                # more before the first frame: plain, then styled, then by refresh_menu).
                yield NumberedList(hanging=False, id="title-menu")
            yield Static(id="title-status")

    def on_mount(self) -> None:
        self.refresh_menu()
        # The key hints come a frame after the rest. Textual reads a widget's own stylesheet the first time
        # one is mounted, and the footer's (with its keys') was a tenth of the time to the title's first
        # frame (30 ms of 280, measured on a pty); the menu and every key work without it.
        self.call_after_refresh(self._add_footer)

    async def _add_footer(self) -> None:
        if self.is_attached and not self.query(GameFooter):
            footer = GameFooter()
            await self.mount(footer)
            # The screen told its keys before the footer was there to hear it: told again, as Textual tells
            # a footer (in the footer's own turn, where its keys are built).
            footer.call_next(footer.bindings_changed, self)

    def on_resize(self) -> None:
        self._show_name()

    def _show_name(self) -> None:
        title = self.steppe.story_title
        width = self.size.width
        shown = spaced(title) if len(spaced(title)) + 4 <= width else title.upper()
        # The story's own tagline, once it is loaded (the line keeps its place until then).
        tagline = self.steppe.tagline or " "
        if (shown, tagline) == self._name_shown:
            return  # Textual sends the same size up to three times while starting: each update is a layout
        self._name_shown = (shown, tagline)
        self.query_one("#title-name", Static).update(literal(shown))
        self.query_one("#title-tagline", Static).update(literal(tagline))

    def menu_items(self) -> list[Item]:
        """The menu. Whether it starts with Continue is decided on the first frame (from a glance at the
        saves folder) and never changes while the screen is up: if the saves turn out to hold nothing to
        resume, Continue stays, locked, so that every other item keeps its number."""
        app = self.steppe
        items: list[Item] = []
        resume = app.resume_summary()
        if resume:
            self.with_continue = True
        if self.with_continue:
            if resume:
                items.append(Item("continue", "Continue", detail=resume))
            elif app.loading:
                items.append(Item("continue", "Continue", detail="looking at your saves…"))
            else:
                items.append(Item("continue", "Continue", False, "no game in progress"))
        items += [
            Item("new", "New game"),
            Item("load", "Load"),
            Item("gallery", "Endings gallery"),
            Item("help", "Help and keys"),
            Item("settings", "Settings"),  # last but Quit: the numbers above it stay those players know
            Item("quit", "Quit"),
        ]
        return items

    def refresh_menu(self) -> None:
        """Rebuild the menu (Continue appears once a save or a game in progress is known) and the status line."""
        self._show_name()
        menu = self.query_one(NumberedList)
        items = self.menu_items()
        if items != menu.items:
            keep = menu.highlighted_item_key()
            menu.set_items(items)
            menu.highlight_key(keep)
        menu.focus()
        text, tone = self.steppe.status_line()
        status = self.query_one("#title-status", Static)
        status.update(literal(text))
        status.set_class(tone == "loading", "-loading")
        status.set_class(tone == "error", "-error")

    def action_pick(self, number: int) -> None:
        self.query_one(NumberedList).pick(number)

    async def on_numbered_list_picked(self, event: NumberedList.Picked) -> None:
        event.stop()
        actions = {
            "continue": "continue_game",
            "new": "new_game",
            "load": "load",
            "gallery": "gallery",
            "help": "help",
            "settings": "settings",
            "quit": "quit",
        }
        await self.app.run_action(f"app.{actions[event.item.key]}")
