"""Live reload (``steppe play --watch``): the story folder is polled, reloaded off the UI thread once it
stops changing, and the game in progress is replayed onto the new version."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work

from game.tui.playing import Playing
from game.tui.safety import shielded

if TYPE_CHECKING:
    from game.story.compiled import Story
    from game.story.diagnostics import Diagnostic

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


class LiveReload(Playing):
    def start_watching(self) -> None:
        self._signature = story_signature(self.story_dir)
        self.set_interval(POLL_SECONDS, self._poll_story)

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

            story, diagnostics = check_story(self.story_dir, reuse=True)
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
