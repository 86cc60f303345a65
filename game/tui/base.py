"""The app's state and the services every part of it uses: settings, errors, the title's lines, the key
gate. The game, its actions, loading and live reload build on this (see :mod:`game.tui.app`).

Nothing that goes wrong at runtime ends the app: engine errors, save errors and story errors are shown
in the app (a notification or an error dialog), never as a traceback over the player's terminal.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App

from game.tui.background_saves import BackgroundSaves
from game.tui.first_look import has_saves, saves_folder
from game.tui.numbering import StableNumbers
from game.tui.screens.title import TitleScreen
from game.tui.seen import Seen
from game.tui.settings import Settings, load_settings, save_settings
from game.tui.theme import DEFAULT_THEME, STEPPE_THEME

if TYPE_CHECKING:
    from textual.notifications import Notify

    from game.engine.effects import Change
    from game.engine.game import SceneView
    from game.engine.session import Session
    from game.saves.gallery import Gallery
    from game.saves.store import SaveStore, SlotInfo
    from game.story.compiled import Story
    from game.story.diagnostics import Diagnostic

CHOOSING_KEYS = frozenset({*(str(n) for n in range(1, 10)), "enter"})


class SteppeBase(App[int]):
    TITLE = "Steppe to Stage"

    def __init__(
        self,
        story_dir: str | os.PathLike[str] | None = None,
        saves_dir: str | os.PathLike[str] | None = None,
        *,
        watch: bool = False,
        debug_scene: str | None = None,
        debug_sets: dict[str, str] | None = None,
        debug_origin: str | None = None,
        seed: int | None = None,
        calm: bool = False,
    ) -> None:
        super().__init__()
        from game.story.bundled import bundled_story_dir
        from game.tui.paste import install

        install()  # pasted text keeps its order whatever control characters it holds (see game.tui.paste)

        self.story_dir = Path(story_dir) if story_dir else bundled_story_dir()
        self.saves_dir = Path(saves_dir) if saves_dir else None
        self.saves_folder = saves_folder(saves_dir)
        # Read before the first frame: the theme is needed before the stylesheet, and whether the title
        # offers Continue must be known before its menu is numbered (both are a glance at the folder).
        self.settings: Settings = load_settings(self.saves_folder)
        self.saves_present = has_saves(self.saves_folder)
        self.watch_story = watch
        self.debug_scene = debug_scene
        self.debug_sets = dict(debug_sets or {})
        self.debug_origin = debug_origin
        self.seed = seed  # fixed in tests, so risky choices come out the same every run
        self.cursor_blink = not calm
        if calm or self.settings.reduced_motion:
            self.animation_level = "none"
        self.story: Story | None = None
        self.diagnostics: list[Diagnostic] = []
        self.loading = True
        self.session: Session | None = None
        self.store: SaveStore | None = None
        self.gallery: Gallery | None = None
        self.latest: SlotInfo | None = None
        self.background_saves = BackgroundSaves()
        self._after_load: str | None = None
        self._signature: tuple[tuple[str, int, int], ...] = ()
        self._changing: tuple[tuple[str, int, int], ...] | None = None  # seen at the last poll, not yet settled
        self._reloading = False
        # What the last choice changed, shown until the next choice (whatever is opened or closed meanwhile).
        self.last_changes: tuple[list[Change], str | None] = ([], None)
        self.numbering = StableNumbers()
        self.seen = Seen(self.saves_folder, read=False)  # read by the load worker, off the first frame
        # Set before the stylesheet is first read: switching theme once running re-parses every rule
        # (Textual's widgets' own too), which was a third of the time to the title's first frame.
        self.register_theme(STEPPE_THEME)
        remembered = self.settings.theme
        self._start_with_theme(remembered if remembered and remembered in self.available_themes else DEFAULT_THEME)

    def _start_with_theme(self, name: str) -> None:
        """The theme to start in, set before anything is styled. Assigning ``self.theme`` would run its
        watcher, which parses the whole stylesheet again on the first frame (Textual's widgets' rules too:
        a sixth of the time to the title's first frame); what the watcher does that matters before the
        first parse is done here: the theme's classes, its ANSI colours and its CSS variables."""
        self.set_reactive(App.theme, name)
        dark = self.current_theme.dark
        self.set_class(dark, "-dark-mode", update=False)
        self.set_class(not dark, "-light-mode", update=False)
        self.set_class(True, f"-theme-{name}", update=False)
        self._refresh_truecolor_filter(self.ansi_theme)
        self.stylesheet.set_variables(self.get_css_variables())  # made with the default theme's

    @property
    def story_title(self) -> str:
        return self.story.title if self.story is not None else self.TITLE

    @property
    def tagline(self) -> str:
        return self.story.presentation.tagline if self.story is not None else ""

    def on_key(self, event: events.Key) -> None:
        """Keys never choose what the player has not seen. Run as a key reaches the app, before its
        bindings and after every earlier key's action: a digit or Enter read before the scene on screen was
        drawn (a burst, a doubled press, a key typed during a scene change) is dropped."""
        if event.key in CHOOSING_KEYS:
            gate = getattr(self.screen, "accepts_choice_key", None)
            if gate is not None and not gate(event.time):
                event.stop()
                event.prevent_default()

    def _theme_changed(self, theme: Any) -> None:
        name = theme.name if theme.name != DEFAULT_THEME else ""
        if name != self.settings.theme:
            self.settings.theme = name
            self.save_settings()

    def save_settings(self) -> None:
        """Write the settings beside the saves; a folder that cannot be written is said, never fatal."""
        problem = save_settings(self.saves_folder, self.settings)
        if problem:
            self.notify(f"Settings not saved: {problem}", severity="warning", timeout=4, markup=False)

    def on_notify(self, event: Notify) -> None:
        """One toast at a time: a new one replaces the one shown (three "Nothing to undo" never pile up).
        Runs before Textual's own handler adds the new notification."""
        self.clear_notifications()

    def _refresh_title(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, TitleScreen) and screen.is_mounted:
                screen.refresh_menu()

    def status_line(self) -> tuple[str, str]:
        """The title screen's status: its text and its tone ("loading", "error" or "", which the
        stylesheet colours)."""
        if self.loading:
            return "Loading the story…", "loading"
        if self.story is None:
            errors = sum(1 for d in self.diagnostics if d.severity == "error")
            return (
                f"The story in {self.story_dir} has {errors} error(s) and cannot be played. "
                f"Run: steppe check {self.story_dir}",
                "error",
            )
        musicians, endings = len(self.story.origins), len(self.story.endings)
        return f"{musicians} musician{'s' * (musicians != 1)} · {endings} ending{'s' * (endings != 1)}", ""

    def resume_summary(self) -> str | None:
        """What Continue would resume: the game in progress, else the latest save."""
        if self.session is None and self.latest is None:
            return None  # the first frame: nothing is known yet, and nothing of the story is imported
        from game.present.stat_rows import calendar_text

        if self.session is not None and not self.session.game.ended:
            view = self.guarded_view(quiet=True)
            title = view.title if view else self.session.game.state.scene
            when = calendar_text(self.session.story, self.session.game.variables.get("week", ""))
            return f"{self.session.musician()} · {title} · {when}"
        if self.latest is not None:
            latest = self.latest
            return f"{latest.musician} · {latest.scene_title} · {calendar_text(self.story, latest.week)}"
        return None

    def _story_ready(self, action: str) -> bool:
        """True when the story is loaded; otherwise remember the action for later, or explain."""
        if self.story is not None:
            return True
        if self.loading:
            self._after_load = action
            self.notify("Loading the story… one moment.", timeout=2)
        else:
            self.show_story_errors()
        return False

    def show_error(self, title: str, message: str, details: Sequence[str] = ()) -> None:
        from game.tui.screens.dialogs import ErrorScreen  # imported when first needed: not at start-up

        self.push_screen(ErrorScreen(title, message, details))

    def show_story_errors(self, title: str = "The story has errors") -> None:
        errors = [d for d in self.diagnostics if d.severity == "error"]
        self.show_error(
            title,
            f"{len(errors)} problem(s) in {self.story_dir}. Fix them and start again "
            f"(steppe check shows the same list).",
            [str(d) for d in errors],
        )

    def guarded_view(self, *, quiet: bool = False) -> SceneView | None:
        """The current scene's view, or None (with the reason shown) if the story fails to render it."""
        if self.session is None:
            return None
        try:
            return self.session.game.view()
        except Exception as err:  # noqa: BLE001 - EngineError, or a bug in a template: never a traceback
            if not quiet:
                self.show_error("This scene could not be shown", str(err))
            return None
