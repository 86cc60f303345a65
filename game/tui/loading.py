"""Loading, off the UI thread: the story is read and checked, the saves folder and the gallery opened, and
the worker posts what it found as a typed message (the title's first frame never waits for any of it)."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from textual import on, work
from textual.message import Message

from game.tui.playing import Playing
from game.tui.resume import resumable
from game.tui.safety import shielded
from game.tui.seen import Seen

if TYPE_CHECKING:
    from game.saves.gallery import Gallery
    from game.saves.store import SaveStore, SlotInfo
    from game.story.compiled import Story
    from game.story.diagnostics import Diagnostic


class StoryLoaded(Message):
    """The story (None when it has errors), its diagnostics, the saves and the save Continue resumes."""

    def __init__(
        self,
        story: Story | None,
        diagnostics: list[Diagnostic],
        store: SaveStore,
        latest: SlotInfo | None,
        gallery: Gallery,
        seen: Seen,
    ) -> None:
        super().__init__()
        self.story, self.diagnostics = story, diagnostics
        self.store, self.latest, self.gallery = store, latest, gallery
        self.seen = seen


class LoadFailed(Message):
    """Loading broke (an unreadable folder, a bug): what to tell the player."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class Loading(Playing):
    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load_story(self) -> None:
        """Read and check the story, open the saves folder and the gallery: all off the UI thread."""
        try:
            from game.saves.gallery import Gallery
            from game.saves.store import SaveStore
            from game.story.loader import check_story

            story, diagnostics = check_story(self.story_dir)
            store = SaveStore(self.saves_folder, story)
            latest = resumable(store, story) if story is not None else None
            gallery = Gallery(self.saves_folder)
            seen = Seen(self.saves_folder)
        except Exception as err:  # noqa: BLE001 - a broken folder or an unexpected bug: say so inside the app
            self.post_message(LoadFailed(f"{type(err).__name__}: {err}"))
            return
        self.post_message(StoryLoaded(story, list(diagnostics), store, latest, gallery, seen))

    @on(LoadFailed)
    def _load_failed(self, event: LoadFailed) -> None:
        self.loading = False
        self._refresh_title()
        self.show_error("The game could not start", event.reason)

    @on(StoryLoaded)
    @shielded("The story could not be opened")
    def _story_loaded(self, event: StoryLoaded) -> None:
        self.loading = False
        story = event.story
        self.story, self.diagnostics = story, event.diagnostics
        self.store, self.latest, self.gallery = event.store, event.latest, event.gallery
        self.seen = event.seen
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
