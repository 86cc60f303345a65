"""The Textual app: Steppe to Stage in the terminal.

The title screen is drawn first; the story is read and checked in a worker thread meanwhile (loading
costs a few hundred milliseconds; the first frame must not wait for it). The app holds the playthrough
(:class:`Session`) and the save folder, and every game action lives here, so the screens, the key
bindings and the command palette all reach the same code.

Nothing that goes wrong at runtime ends the app: engine errors, save errors and story errors are shown
in the app (a notification or an error dialog), never as a traceback over the player's terminal.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen

from game.tui.background_saves import BackgroundSaves
from game.tui.commands import GameCommands
from game.tui.first_look import has_saves, saves_folder
from game.tui.numbering import StableNumbers
from game.tui.resume import resumable
from game.tui.safety import shielded
from game.tui.screens.title import TitleScreen
from game.tui.seen import Seen
from game.tui.settings import Settings, load_settings, save_settings
from game.tui.text import literal
from game.tui.theme import DEFAULT_THEME, STEPPE_THEME

if TYPE_CHECKING:
    from textual.notifications import Notify

    from game.engine.effects import Change
    from game.engine.game import SceneView
    from game.engine.session import Session
    from game.saves.gallery import Gallery
    from game.saves.store import LoadResult, SaveStore, SlotInfo
    from game.story.compiled import Story
    from game.story.diagnostics import Diagnostic

STYLES = Path(__file__).parent / "styles"
CHOOSING_KEYS = frozenset({*(str(n) for n in range(1, 10)), "enter"})
POLL_SECONDS = 0.5


def story_signature(root: Path) -> tuple[tuple[str, int, int], ...]:
    """Every file under the story folder with its modification time and size (cheap to compare)."""
    found: list[tuple[str, int, int]] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = os.path.join(folder, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            found.append((path, stat.st_mtime_ns, stat.st_size))
    return tuple(found)


class SteppeApp(App[int]):
    TITLE = "Steppe to Stage"
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        STYLES / name
        for name in ("base.tcss", "title.tcss", "new_game.tcss", "scene.tcss", "screens.tcss", "dialogs.tcss")
    ]
    COMMANDS: ClassVar[set[Any]] = {*App.COMMANDS, GameCommands}
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", show=False, tooltip="save to a named slot"),
        Binding("ctrl+o", "load", "Load", show=False, tooltip="load a save"),
        Binding("f5", "quicksave", "Quick save", show=False, tooltip="quick save (F9 loads it)"),
        Binding("f9", "quickload", "Quick load", show=False, tooltip="quick load"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, tooltip="quit (your game is already saved)"),
    ]

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
        self.seen = Seen(self.saves_folder)
        # Set before the stylesheet is first read: switching theme once running re-parses every rule
        # (Textual's widgets' own too), which was a third of the time to the title's first frame.
        self.register_theme(STEPPE_THEME)
        remembered = self.settings.theme
        self.theme = remembered if remembered and remembered in self.available_themes else DEFAULT_THEME

    # -- start-up ---------------------------------------------------------------------------------------
    def get_default_screen(self) -> Screen:
        return TitleScreen(with_continue=self.saves_present, id="title")

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.watch_story:
            self._signature = story_signature(self.story_dir)
            self.set_interval(POLL_SECONDS, self._poll_story)
        # After the first frame: a loading thread started earlier competes with drawing the title screen.
        self.call_after_refresh(self.load_story)

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

    # -- settings ---------------------------------------------------------------------------------------
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

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load_story(self) -> None:
        """Read and check the story, open the saves folder and the gallery: all off the UI thread."""
        try:
            from game.saves.gallery import Gallery
            from game.saves.store import SaveStore
            from game.story.loader import check_story

            story, diagnostics = check_story(self.story_dir)
            folder = self.saves_folder
            store = SaveStore(folder, story)
            latest = resumable(store, story) if story is not None else None
            gallery = Gallery(folder)
        except Exception as err:  # noqa: BLE001 - a broken folder or an unexpected bug: say so inside the app
            self.call_from_thread(self._load_failed, f"{type(err).__name__}: {err}")
            return
        self.call_from_thread(self._story_loaded, story, diagnostics, store, latest, gallery)

    def _load_failed(self, message: str) -> None:
        self.loading = False
        self._refresh_title()
        self.show_error("The game could not start", message)

    @shielded("The story could not be opened")
    def _story_loaded(
        self,
        story: Story | None,
        diagnostics: list[Diagnostic],
        store: SaveStore,
        latest: SlotInfo | None,
        gallery: Gallery,
    ) -> None:
        self.loading = False
        self.story, self.diagnostics = story, list(diagnostics)
        self.store, self.latest, self.gallery = store, latest, gallery
        if story is not None and story.title:
            self.title = story.title
        self._refresh_title()
        if story is None:
            self.show_story_errors()
            return
        # The story is a large graph of objects that lives as long as the app: moved out of the garbage
        # collector's sight, the full collections that fall between key presses stay short.
        gc.collect()
        gc.freeze()
        if self.debug_scene is not None:
            self.start_debug()
            return
        pending, self._after_load = self._after_load, None
        if pending:
            self.call_later(self.run_action, f"app.{pending}")

    def _refresh_title(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, TitleScreen) and screen.is_mounted:
                screen.refresh_menu()

    def status_line(self) -> Content:
        if self.loading:
            return literal("Loading the story…", "italic dim")
        if self.story is None:
            errors = sum(1 for d in self.diagnostics if d.severity == "error")
            return literal(
                f"The story in {self.story_dir} has {errors} error(s) and cannot be played. "
                f"Run: steppe check {self.story_dir}",
                "$error",
            )
        musicians, endings = len(self.story.origins), len(self.story.endings)
        return literal(f"{musicians} musician{'s' * (musicians != 1)} · {endings} ending{'s' * (endings != 1)}", "dim")

    def resume_summary(self) -> str | None:
        """What Continue would resume: the game in progress, else the latest save."""
        if self.session is not None and not self.session.game.ended:
            view = self.guarded_view(quiet=True)
            title = view.title if view else self.session.game.state.scene
            return f"{self.session.musician()} · {title} · week {self.session.game.variables.get('week', '')}"
        if self.latest is not None:
            latest = self.latest
            return f"{latest.musician} · {latest.scene_title} · week {latest.week}"
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

    # -- errors -----------------------------------------------------------------------------------------
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

    # -- the game ---------------------------------------------------------------------------------------
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

    # -- actions (keys, menus and the command palette all come here) -------------------------------------
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

    @shielded("The save could not be loaded")
    def _use_load(self, result: LoadResult) -> None:
        from game.engine.session import Session

        if result.game is None or self.story is None:
            self.show_error("The save could not be loaded", result.error or "unknown problem")
            return
        session = Session.from_game(self.story, result.game, result.play_seconds)
        self.session = session
        self.last_changes = ([], None)
        # The loaded game is now the one being played: an autosave of it makes Continue resume it.
        self.autosave()
        if result.notes:
            self.notify(" ".join(result.notes), title="Loaded", timeout=6, markup=False)
        self.show_game()

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

    @shielded("The journal could not be shown")
    def action_journal(self) -> None:
        from game.tui.screens.journal import JournalScreen

        if self._need_session() is None or isinstance(self.screen, JournalScreen):
            return
        self.push_screen(JournalScreen())

    @shielded("The stats could not be shown")
    def action_stats(self) -> None:
        from game.tui.screens.stats import StatsScreen

        if self._need_session() is None or isinstance(self.screen, StatsScreen):
            return
        self.push_screen(StatsScreen())

    @shielded("The stats could not be shown")
    def action_switch_to_stats(self) -> None:
        from game.tui.screens.stats import StatsScreen

        self.switch_screen(StatsScreen())

    @shielded("The journal could not be shown")
    def action_switch_to_journal(self) -> None:
        from game.tui.screens.journal import JournalScreen

        self.switch_screen(JournalScreen())

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

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's theme picker and our own Quit; not its key panel (which listed "1-9 Choose" nine times:
        the game's Help lists every key), screenshots or maximizing."""
        for command in super().get_system_commands(screen):
            if command.title == "Theme":
                yield command
        yield SystemCommand("Quit", "Leave the game (it is saved after every choice)", self.action_quit)

    # -- live reload (--watch) --------------------------------------------------------------------------
    @shielded("Watching the story failed")
    def _poll_story(self) -> None:
        if self._reloading:
            return
        signature = story_signature(self.story_dir)
        if signature == self._signature:
            self._changing = None
            return
        if signature != self._changing:
            # Changed since the last poll: an editor may be half-way through writing (a half-written file
            # can be valid YAML and silently move the player). Reload only once a poll finds it unchanged.
            self._changing = signature
            return
        self._signature, self._changing = signature, None
        self._reloading = True
        self.reload_story()

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False)
    def reload_story(self) -> None:
        try:
            from game.story.loader import check_story

            story, diagnostics = check_story(self.story_dir)
        except Exception as err:  # noqa: BLE001
            self.call_from_thread(self._reload_failed, f"{type(err).__name__}: {err}")
            return
        self.call_from_thread(self._story_reloaded, story, diagnostics)

    def _reload_failed(self, message: str) -> None:
        self._reloading = False
        self.show_error("The story could not be reloaded", message)

    @shielded("The story could not be reloaded")
    def _story_reloaded(self, story: Story | None, diagnostics: list[Diagnostic]) -> None:
        self._reloading = False
        if story is None:
            errors = [d for d in diagnostics if d.severity == "error"]
            self.show_error(
                "The edited story has errors",
                f"{len(errors)} problem(s); you are still playing the previous version. "
                "Fix them and save the file to reload.",
                [str(d) for d in errors],
            )
            return
        self.story, self.diagnostics = story, list(diagnostics)
        if self.store is not None:
            self.store.story = story
        self.title = story.title or self.TITLE
        session = self.session
        if session is None:
            self.notify("Story reloaded.", timeout=2)
            self._refresh_title()
            return
        try:
            rebuilt, done = session.rebuild(story)
        except Exception as err:  # noqa: BLE001 - the start itself no longer works (origin removed, say)
            self.show_error("The edited story cannot continue this game", str(err))
            return
        self.session = rebuilt
        total = len(session.turns)
        message = (
            "Story reloaded."
            if done == total
            else f"Story reloaded: {done} of {total} choices still fit; the game goes on from there."
        )
        self.notify(message, timeout=4)
        if self._game_on_screen():
            self._redraw_game()

    def _game_on_screen(self) -> bool:
        from game.tui.screens.ending import EndingScreen
        from game.tui.screens.scene import SceneScreen

        return any(isinstance(s, (SceneScreen, EndingScreen)) for s in self.screen_stack)

    def _redraw_game(self) -> None:
        from game.tui.screens.ending import EndingScreen
        from game.tui.screens.scene import SceneScreen

        screen = next((s for s in self.screen_stack if isinstance(s, (SceneScreen, EndingScreen))), None)
        ended = self.session is not None and self.session.game.ended
        if isinstance(screen, SceneScreen) and not ended:
            screen.show_scene()
        elif isinstance(screen, EndingScreen) and ended:
            screen.show_ending()
        elif screen is self.screen:
            self.show_game()
