"""Every game action: keys, menus and the command palette all come here, so they reach the same code."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from game.tui.playing import Playing
from game.tui.safety import shielded

if TYPE_CHECKING:
    from game.engine.session import Session
    from game.saves.store import LoadResult, SlotInfo


class GameActions(Playing):
    @shielded("New game failed")
    def action_new_game(self) -> None:
        from game.tui.screens.dialogs import Confirm
        from game.tui.screens.new_game import NewGameScreen

        if not self._story_ready("new_game"):
            return
        story = self.story
        assert story is not None

        def choose_musician(go: bool | None = True) -> None:
            if go:
                self._pop_to_title()
                self.push_screen(NewGameScreen(story))

        session = self.session
        if session is None or session.game.ended or not session.turns or not session.saving_allowed:
            choose_musician()
            return
        # The game in progress lives on only in the rotating autosaves: say so before starting another.
        self.push_screen(
            Confirm(
                f"Start a new game? {session.musician()}'s game stays in the autosaves only for the next few "
                "choices; save it to a named slot (Ctrl+S) to keep it.",
                yes="New game",
                no="Back",
            ),
            choose_musician,
        )

    @shielded("Continue failed")
    def action_continue_game(self) -> None:
        if not self._story_ready("continue_game"):
            return
        if self.session is not None and not self.session.game.ended:
            self.show_game()
        elif self.latest is not None and self.store is not None:
            self.settle_saves()
            self._use_load(self.store.load(self.latest.slot, self.story))
        else:
            self.notify("There is nothing to continue yet: start a new game.", timeout=3)

    @shielded("Going back failed")
    def action_to_title(self) -> None:
        self._pop_to_title()
        self._refresh_title()

    def _need_session(self) -> Session | None:
        if self.session is None:
            self.notify("Start or load a game first.", timeout=3)
        return self.session

    @shielded("Saving failed")
    def action_save(self) -> None:
        from game.tui.screens.slots import SlotsScreen

        session = self._need_session()
        if session is None or self.store is None or self.story is None:
            return
        if not session.saving_allowed:
            self.notify("A debug start is not saved.", severity="warning", timeout=3)
            return
        if self._slots_open():
            return
        self.settle_saves()

        def saved(info: SlotInfo | LoadResult | None) -> None:
            if info is not None:
                self.notify(f"Saved: “{getattr(info, 'display', '')}”", timeout=3, markup=False)

        self.push_screen(
            SlotsScreen(self.store, self.story, "save", game=session.game, play_seconds=session.play_seconds()), saved
        )

    @shielded("Loading failed")
    def action_load(self) -> None:
        from game.tui.screens.slots import SlotsScreen

        if not self._story_ready("load") or self.store is None or self.story is None:
            return
        if self._slots_open():
            return
        self.settle_saves()

        def loaded(result: LoadResult | SlotInfo | None) -> None:
            if result is not None:
                self._use_load(result)  # type: ignore[arg-type]

        self.push_screen(SlotsScreen(self.store, self.story, "load"), loaded)

    def _slots_open(self) -> bool:
        from game.tui.screens.slots import SlotsScreen

        return any(isinstance(s, SlotsScreen) for s in self.screen_stack)

    @shielded("Quick save failed")
    def action_quicksave(self) -> None:
        from game.saves.store import SaveError

        session = self._need_session()
        if session is None or self.store is None:
            return
        if not session.saving_allowed:
            self.notify("A debug start is not saved.", severity="warning", timeout=3)
            return
        self.settle_saves()
        try:
            self.store.quicksave(session.game, session.play_seconds())
        except (SaveError, OSError) as err:
            self.notify(f"Quick save failed: {err}", severity="error", timeout=8, markup=False)
            return
        self.notify("Quick saved (F9 loads it).", timeout=2)

    @shielded("Quick load failed")
    def action_quickload(self) -> None:
        if not self._story_ready("quickload") or self.store is None:
            return
        self.settle_saves()
        result = self.store.quickload(self.story)
        if result.game is None:
            self.notify(f"No quick save to load: {result.error}", severity="warning", timeout=4, markup=False)
            return
        self._use_load(result)
        self.notify("Quick loaded.", timeout=2)

    @shielded("Undo failed")
    def action_undo(self) -> None:
        session = self._need_session()
        if session is None:
            return
        if not session.turns:
            self.notify("Nothing to undo yet.", timeout=2)
            return
        try:
            last = session.history().records[-1].choice_text
            session.undo(1)
        except Exception as err:  # noqa: BLE001
            self.show_error("Undo failed", str(err))
            return
        self.last_changes = ([], None)
        self.autosave()
        self.show_game()
        self.notify(f"Took back: {last}", timeout=3, markup=False)

    def _journal(self) -> Screen:
        from game.tui.screens.journal import JournalScreen

        assert self.session is not None
        current = self.guarded_view()
        return JournalScreen(self.session, current.title if current else self.session.game.state.scene)

    @shielded("The journal could not be shown")
    def action_journal(self) -> None:
        from game.tui.screens.journal import JournalScreen

        if self._need_session() is None or isinstance(self.screen, JournalScreen):
            return
        self.push_screen(self._journal())

    @shielded("The stats could not be shown")
    def action_stats(self) -> None:
        from game.tui.screens.stats import StatsScreen

        if self._need_session() is None or isinstance(self.screen, StatsScreen):
            return
        assert self.session is not None
        self.push_screen(StatsScreen(self.session))

    @shielded("The stats could not be shown")
    def action_switch_to_stats(self) -> None:
        from game.tui.screens.stats import StatsScreen

        if self.session is not None:
            self.switch_screen(StatsScreen(self.session))

    @shielded("The journal could not be shown")
    def action_switch_to_journal(self) -> None:

        if self.session is not None:
            self.switch_screen(self._journal())

    @shielded("The menu could not be shown")
    def action_game_menu(self) -> None:
        from game.tui.screens.menu import GameMenu

        if not isinstance(self.screen, GameMenu):
            self.push_screen(GameMenu())

    @shielded("The settings could not be shown")
    def action_settings(self) -> None:
        from game.tui.screens.menu import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())

    def settings_changed(self) -> None:
        """A setting changed: the scene under the dialog takes it at once (panel, text width)."""
        from game.tui.screens.scene import SceneScreen

        for screen in self.screen_stack:
            if isinstance(screen, SceneScreen) and screen.is_mounted:
                screen.apply_settings()

    @shielded("Help could not be shown")
    def action_help(self) -> None:
        from game.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    @shielded("The gallery could not be shown")
    def action_gallery(self) -> None:
        from game.tui.screens.gallery import GalleryScreen

        if isinstance(self.screen, GalleryScreen):
            return
        if self.gallery is None:
            if self._story_ready("gallery"):
                self.notify("The gallery is not available.", timeout=3)
            return
        problem = (
            f"The gallery file is damaged ({self.gallery.damaged}); it is kept aside."
            if getattr(self.gallery, "damaged", None)
            else None
        )
        self.push_screen(GalleryScreen(self.story, self.gallery.entries(), self.seen, problem))
