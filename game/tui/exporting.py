"""Export the career story from the game (issue 15): the playthrough so far as a Markdown or HTML document,
written beside the saves. Reached from the ending screen, the journal, the in-game menu and the palette.

The document is built and written in a worker thread (it replays the whole turn log), so the game stays
responsive; the worker posts :class:`CareerExported` and the app says where the file went, or why not.

The worker never touches the live session: it gets the story, how the game began and a copy of the turn
log, and replays them itself, so a choice or an undo made while it runs cannot change what it reads.

A writer's debug start (``steppe play --scene``) exports too: nothing is saved, but the document is the
writer's own read of the path from the scene jumped to, which is what a debug start is for.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

from game.tui.playing import Playing
from game.tui.safety import shielded

if TYPE_CHECKING:
    from game.engine.session import Start
    from game.engine.state import Turn
    from game.story.compiled import Story


class CareerExported(Message):
    """The export worker finished: ``path`` written, or ``problem`` says why not."""

    def __init__(self, path: Path | None, problem: str | None = None, debug: bool = False) -> None:
        super().__init__()
        self.path, self.problem, self.debug = path, problem, debug


def write_career(story: Story, start: Start, turns: list[Turn], fmt: str, folder: Path) -> Path:
    """Rebuild the playthrough from its log and write it into ``folder`` under a fresh name (an earlier
    export is never overwritten). Raises ExportError or OSError. Runs off the UI thread."""
    from game.engine.replay import replay_strict
    from game.engine.session import Session
    from game.tools.export import default_export_name, export_session, write_export

    session = Session(story, replay_strict(start.begin(story), turns), start)

    text = export_session(session, fmt)
    folder.mkdir(parents=True, exist_ok=True)
    return write_export(text, folder / default_export_name(session, fmt), keep_existing=True)


class Exporting(Playing):
    @shielded("The export could not start")
    def action_export(self) -> None:
        from game.tui.screens.dialogs import PickOne
        from game.tui.widgets.numbered_list import Item

        if self.session is None:
            self.notify("Start or load a game first.", timeout=3)
            return
        if any(isinstance(s, PickOne) for s in self.screen_stack):
            return
        items = [
            Item("md", "Markdown", detail="plain text, for notes and editors (.md)"),
            Item("html", "HTML page", detail="one page, for a browser or printing (.html)"),
        ]
        # The hint names no folder (it can be long); the toast afterwards gives the file's whole path.
        hint = "Written beside your saves; an earlier export is never replaced."
        self.push_screen(PickOne("Export your career story", items, hint=hint), self._export_as)

    def _export_as(self, fmt: str | None) -> None:
        session = self.session
        if fmt is None or session is None:
            return
        story, start, turns = session.story, session.start, list(session.turns)
        debug = start.is_debug

        def work() -> None:
            from game.tools.export import ExportError

            try:
                path = write_career(story, start, turns, fmt, self.saves_folder)
            except ExportError as err:
                self.post_message(CareerExported(None, str(err)))
            except OSError as err:
                self.post_message(CareerExported(None, f"{err.strerror or err} ({err.filename or self.saves_folder})"))
            except Exception as err:  # noqa: BLE001 - a bug in a worker must still be said, not lost
                self.post_message(CareerExported(None, f"{type(err).__name__}: {err}"))
            else:
                self.post_message(CareerExported(path, debug=debug))

        self.run_worker(work, name="export", group="export", thread=True, exit_on_error=False)

    def on_career_exported(self, event: CareerExported) -> None:
        if event.path is None:
            self.notify(f"Export failed: {event.problem}", severity="error", timeout=8, markup=False)
            return
        aside = " (a debug start: it begins at the scene jumped to)" if event.debug else ""
        self.notify(f"Career story written to {event.path}{aside}", timeout=8, markup=False)
