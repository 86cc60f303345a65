"""The in-game menu (Escape during play) and the settings it opens.

As in Ren'Py and ChoiceScript games, Escape opens a menu over the game rather than leaving it: resume,
save, load, settings, help, or back to the title. Settings are kept beside the saves (see
:mod:`game.tui.settings`) and take effect at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from game.tui.settings import TEXT_WIDTHS
from game.tui.text import literal
from game.tui.widgets.numbered_list import Item, NumberedList, digit_bindings

if TYPE_CHECKING:
    from game.tui.app import SteppeApp

MENU: list[tuple[str, str, str]] = [
    ("resume", "Resume", ""),
    ("save", "Save", "save"),
    ("load", "Load", "load"),
    ("settings", "Settings", "settings"),
    ("help", "Help and keys", "help"),
    ("export", "Export career story", "export"),
    ("title", "Title screen", "to_title"),
]


class GameMenu(ModalScreen[None]):
    """Resume, save, load, settings, help, title screen: digits, arrows and Enter, or the mouse."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *digit_bindings("Pick"),
        Binding("escape,q", "dismiss", "Resume"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog menu-dialog"):
            yield Label(literal("Paused"), classes="dialog-title")
            yield NumberedList([Item(key, text) for key, text, _ in MENU], hanging=False, id="menu-list")

    def on_mount(self) -> None:
        self.query_one(NumberedList).focus()

    def action_pick(self, number: int) -> None:
        if not self.query_one(NumberedList).pick(number):
            self.app.bell()

    async def on_numbered_list_picked(self, event: NumberedList.Picked) -> None:
        event.stop()
        action = next(a for key, _, a in MENU if key == event.item.key)
        self.dismiss(None)
        if action:
            # Run by the app, not from this handler: a dialog the action opens (the save list, the export's
            # format) reports back to whoever opened it, and this menu is gone by then.
            self.app.call_later(self.app.run_action, f"app.{action}")


def _panel_word(panel: bool | None) -> str:
    return "folds by itself below 80 columns" if panel is None else "always shown" if panel else "hidden"


class SettingsScreen(ModalScreen[None]):
    """Each row shows a setting's value; picking it moves to the next value. Saved at once."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *digit_bindings("Change"),
        Binding("escape,q", "dismiss", "Done"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")

    @property
    def steppe(self) -> SteppeApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog menu-dialog"):
            yield Label(literal("Settings"), classes="dialog-title")
            yield NumberedList(self.rows(), hanging=False, id="settings-list")
            yield Static(literal("Kept beside your saves; they apply at once."), classes="dialog-hint")

    def rows(self) -> list[Item]:
        settings = self.steppe.settings
        width = f"{settings.text_width} columns" if settings.text_width else "the whole column"
        return [
            Item("theme", "Theme", detail=self.steppe.theme),
            Item("panel", "Side panel", detail=_panel_word(settings.panel)),
            Item("text_width", "Text width", detail=width),
            Item("reduced_motion", "Reduced motion", detail="on" if settings.reduced_motion else "off"),
        ]

    def on_mount(self) -> None:
        self.query_one(NumberedList).focus()

    def action_pick(self, number: int) -> None:
        if not self.query_one(NumberedList).pick(number):
            self.app.bell()

    def on_numbered_list_picked(self, event: NumberedList.Picked) -> None:
        event.stop()
        app, settings = self.steppe, self.steppe.settings
        key = event.item.key
        if key == "theme":
            names = sorted(app.available_themes)
            app.theme = names[(names.index(app.theme) + 1) % len(names)] if app.theme in names else names[0]
        elif key == "panel":
            order: list[bool | None] = [None, True, False]
            settings.panel = order[(order.index(settings.panel) + 1) % len(order)]
        elif key == "text_width":
            settings.text_width = TEXT_WIDTHS[(TEXT_WIDTHS.index(settings.text_width) + 1) % len(TEXT_WIDTHS)]
        elif key == "reduced_motion":
            settings.reduced_motion = not settings.reduced_motion
            app.animation_level = "none" if settings.reduced_motion else "full"
        app.save_settings()  # the theme is saved by the app when it changes; saving again is harmless
        app.settings_changed()
        listing = self.query_one(NumberedList)
        listing.set_items(self.rows(), keep_highlight=True)
