"""The Textual app: Steppe to Stage in the terminal. A shell: what it is made of lives beside it.

- :mod:`game.tui.base`: the app's state, settings, errors, the key gate;
- :mod:`game.tui.loading`: the story and the saves read off the UI thread, posted as a typed message;
- :mod:`game.tui.playing`: the playthrough (start, choose, autosave, endings);
- :mod:`game.tui.actions`: every action the keys, menus and the command palette reach;
- :mod:`game.tui.exporting`: the career story written as a document, in a worker;
- :mod:`game.tui.live_reload`: ``--watch``.

The title screen is drawn first; the story loads meanwhile (the first frame must not wait for it).
"""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen

from game.tui.actions import GameActions
from game.tui.commands import GameCommands
from game.tui.exporting import Exporting
from game.tui.live_reload import LiveReload, story_signature
from game.tui.loading import Loading
from game.tui.screens.title import TitleScreen

STYLES = Path(__file__).parent / "styles"

__all__ = ["SteppeApp", "story_signature"]


# The title screen's styles are read before the first frame; the other screens' once it is drawn (parsing
# them, and matching every widget of the title against their rules, was a fifth of the time to the first
# frame). None of the later files has a rule that matches a widget of the title screen.
FIRST_STYLES = ("base.tcss", "title.tcss")
LATER_STYLES = ("new_game.tcss", "scene.tcss", "screens.tcss", "dialogs.tcss")


class SteppeApp(GameActions, Exporting, LiveReload, Loading):
    CSS_PATH: ClassVar[list[str | PurePath]] = [STYLES / name for name in FIRST_STYLES]
    # Only the game's provider: it lists Theme and Quit too, not Textual's key panel (which listed
    # "1-9 Choose" nine times: the game's Help lists every key), screenshots or maximizing.
    COMMANDS: ClassVar[set[Any]] = {GameCommands}
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", show=False, tooltip="save to a named slot"),
        Binding("ctrl+o", "load", "Load", show=False, tooltip="load a save"),
        Binding("f5", "quicksave", "Quick save", show=False, tooltip="quick save (F9 loads it)"),
        Binding("f9", "quickload", "Quick load", show=False, tooltip="quick load"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, tooltip="quit (your game is already saved)"),
    ]

    def get_default_screen(self) -> Screen:
        return TitleScreen(with_continue=self.saves_present, id="title")

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.watch_story:
            self.start_watching()
        # After the first frame: a loading thread started earlier competes with drawing the title screen.
        self.call_after_refresh(self.read_later_styles)
        self.call_after_refresh(self.load_story)

    def read_later_styles(self) -> None:
        """Add the other screens' stylesheets (in the order they always had, after the title's). Widgets
        mounted from now on are styled with them; a screen pushed before this ran (a key pressed within
        the first frame) is restyled now. The title alone needs nothing: no rule of these matches it."""
        paths = [STYLES / name for name in LATER_STYLES]
        if self.css_monitor is not None:  # `textual run --dev` watches these files as well
            self.css_monitor.add_paths(paths)
        for path in paths:
            if not self.stylesheet.has_source(str(path), ""):
                self.stylesheet.read(path)
        if len(self.screen_stack) > 1:
            self.stylesheet.update(self)
