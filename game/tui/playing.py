"""The playthrough: starting one (or a writer's debug start), showing it, making a choice, autosaving,
remembering what was seen and recording an ending."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from game.tui.base import SteppeBase
from game.tui.safety import shielded

if TYPE_CHECKING:
    from game.engine.effects import Change
    from game.engine.game import ChoiceResult
    from game.engine.session import Session
    from game.saves.store import LoadResult
    from game.tui.screens.scene import SceneScreen


def last_turn_changes(session: Session) -> tuple[list[Change], str | None]:
    """What the session's last choice changed and how a risky one went, rebuilt from its turn log; nothing
    when there is no turn or the log no longer replays whole on this story."""
    from game.engine.replay import replay

    turns = session.turns
    if not turns:
        return [], None
    last: list[ChoiceResult] = []

    def after(game: object, index: int, result: ChoiceResult) -> None:
        if index == len(turns) - 1:
            last.append(result)

    try:
        done = replay(session.start.begin(session.story), turns, after=after, describe=True)
    except Exception:  # noqa: BLE001 - only a nicety: a story failing at runtime is said when the scene shows
        return [], None
    if done.divergence is not None or not last:
        return [], None
    return list(last[0].changes), last[0].outcome


class Playing(SteppeBase):
    @shielded("The game could not start")
    def start_game(self, origin: str, name: str | None = None) -> None:
        from game.engine.session import Session

        if self.story is None:
            return
        try:
            session = Session.new(self.story, origin, name, self.seed)
        except Exception as err:  # noqa: BLE001
            self.show_error("The game could not start", str(err))
            return
        self.session = session
        self.last_changes = ([], None)
        self.numbering.forget()
        self._remember_seen(session, session.game.state.scene, None, None)
        self.autosave()
        self.show_game()

    @shielded("Debug start failed")
    def start_debug(self) -> None:
        """``steppe play --scene ID --set NAME=VALUE``: jump straight to a scene (a writer's tool)."""
        from game.engine.session import Session

        assert self.story is not None and self.debug_scene is not None
        origin = self.debug_origin or next(iter(self.story.origins), None)
        if origin is None or origin not in self.story.origins:
            known = ", ".join(self.story.origins)
            self.show_error("Debug start failed", f"the story has no origin '{origin}' (it has: {known})")
            return
        try:
            self.session = Session.debug(self.story, origin, self.debug_scene, self.debug_sets, self.seed)
        except Exception as err:  # noqa: BLE001
            self.show_error("Debug start failed", str(err))
            return
        self.notify(f"Debug start at '{self.debug_scene}': this game is not saved.", timeout=4, markup=False)
        self.show_game()

    @shielded("The game could not be shown")
    def show_game(self) -> None:
        """Show the session's current scene (or its ending) on top of the title screen."""
        from game.tui.screens.ending import EndingScreen
        from game.tui.screens.scene import SceneScreen

        if self.session is None:
            return
        self._pop_to_title()
        self.push_screen(EndingScreen() if self.session.game.ended else SceneScreen())

    def _pop_to_title(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    @shielded("That choice could not be made")
    def make_choice(self, choice_id: str, text: str | None = None) -> None:
        from game.tui.screens.scene import SceneScreen

        session = self.session
        if session is None:
            return
        scene_before = session.game.state.scene
        try:
            result = session.choose(choice_id, text)
        except Exception as err:  # noqa: BLE001 - EngineError from the story, or a bug: shown, and the game goes on
            self.show_error("That choice could not be made", str(err))
            return
        self._remember_seen(session, scene_before, choice_id, result.target)
        screen = self.screen
        if session.game.ended or not isinstance(screen, SceneScreen):
            self.last_changes = (result.changes, result.outcome)
            self.autosave()
            self.show_game()
            return
        self.last_changes = (result.changes, result.outcome)
        screen.show_scene(result.outcome_text)
        # The scene was just rendered for the screen: the save takes its title from there.
        self.autosave(screen.view.title if screen.view is not None else None)

    def on_scene_screen_choice_made(self, event: SceneScreen.ChoiceMade) -> None:
        try:
            self.make_choice(event.choice_id, event.text)
        finally:
            event.screen.choice_settled()

    def _remember_seen(self, session: Session, scene_id: str, choice_id: str | None, target: str | None) -> None:
        """Add to what the player has seen across playthroughs (not for a debug start)."""
        if session.saving_allowed and self.seen.mark(scene_id, choice_id, target):
            self._write_seen()

    def _write_seen(self) -> None:
        data, seen = self.seen.snapshot(), self.seen

        def write() -> None:
            seen.write(data)  # failing to record what was seen is not worth interrupting play for

        self.background_saves.submit(write, lambda err: None)

    def autosave(self, scene_title: str | None = None) -> None:
        """Take the autosave now; it is written to disk off the UI thread (see BackgroundSaves)."""
        from game.saves.store import SaveError

        session, store = self.session, self.store
        if session is None or store is None or not session.saving_allowed:
            return
        try:
            pending = store.prepare_autosave(session.game, session.play_seconds(), scene_title=scene_title)
        except (SaveError, OSError) as err:
            self._autosave_failed(err)
            return
        # A finished playthrough is not something to Continue: the title then leads with New game.
        self.latest = None if session.game.ended else pending.info

        def failed(err: Exception) -> None:
            with contextlib.suppress(RuntimeError):  # the app has already closed: nobody to tell
                self.call_from_thread(self._autosave_failed, err)

        self.background_saves.submit(lambda: store.write_autosave(pending), failed)

    def _autosave_failed(self, err: Exception) -> None:
        self.notify(f"Autosave failed: {err}", title="Not saved", severity="error", timeout=8, markup=False)

    def settle_saves(self) -> None:
        """Wait for autosaves still being written, before anything else reads or writes the save folder."""
        self.background_saves.settle()

    def on_unmount(self) -> None:
        self.background_saves.close()

    def record_ending(self) -> str:
        """Remember the ending in the gallery (the saves' rule: once per playthrough, never for a debug
        start), and its text so the gallery can open it again; returns a line saying so."""
        from game.saves.gallery import record_ending

        session = self.session
        if session is None or not session.game.ended:
            return ""
        view = self.guarded_view(quiet=True)
        title = (view.ending_title if view else None) or session.game.scene.ending_title
        line = record_ending(self.gallery, session, title)
        if view is not None and session.saving_allowed:
            ending_id = session.game.scene.ending_id or session.game.state.scene
            self.seen.keep_ending(ending_id, title or ending_id, view.text, session.musician())
            self._write_seen()
        return line

    @shielded("The save could not be loaded")
    def _use_load(self, result: LoadResult) -> None:
        from game.engine.session import Session

        if result.game is None or self.story is None:
            self.show_error("The save could not be loaded", result.error or "unknown problem")
            return
        session = Session.from_game(self.story, result.game, result.play_seconds)
        self.session = session
        # "What changed" described the game left behind; the loaded game's own last turn is what the
        # player needs to pick up its thread (one replay of its log: as cheap as its journal).
        self.last_changes = last_turn_changes(session)
        # The loaded game is now the one being played: an autosave of it makes Continue resume it.
        self.autosave()
        if result.notes:
            self.notify(" ".join(result.notes), title="Loaded", timeout=6, markup=False)
        self.show_game()
