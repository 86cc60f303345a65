"""Screen snapshots (pytest-textual-snapshot's SVG files and report) of every screen and dialog, at 80×24,
plus the scene at 60×20, 120×40 and 250×80.

The app runs with ``calm=True`` (no cursor blink, no animations), a fixed seed and an empty saves folder,
so every run draws the same screen. A launch costs more than most screens, so each test is one flow
through one app that photographs the screens it passes, in the order a player meets them (each photo is
its own file, ``test_<flow>[<screen>].svg``, compared on its own). Review changes in snapshot_report.html;
accept them with ``pytest tests/tui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import inspect
import pickle
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from pytest_textual_snapshot import PseudoApp, PseudoConsole, SVGImageExtension, node_to_report_path
from rich.console import Console

from tests.tui.conftest import press, settle

FIXED_NOW = "2026-03-21T10:00:00+00:00"  # Nauryz: every save and gallery date in a snapshot reads the same


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch) -> None:
    """Saves and the gallery stamp the time; a snapshot must not change with the day it is taken."""
    monkeypatch.setattr("game.saves.store.now_iso", lambda: FIXED_NOW)
    monkeypatch.setattr("game.saves.gallery.now_iso", lambda: FIXED_NOW)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


class Photographer:
    """Takes a screenshot of what the app shows now, as pytest-textual-snapshot's ``snap_compare`` does
    (same waits, same SVG, same report entry), and compares it with ``test_<flow>[<name>].svg``."""

    def __init__(self, snapshot, request) -> None:
        self.snapshot = snapshot.use_extension(SVGImageExtension)
        self.request = request
        self.mismatched: list[str] = []

    async def __call__(self, pilot, name: str) -> None:
        await settle(pilot)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        app = pilot.app
        # The window title snap_compare gives: the app's before it ran (the loaded story renames it since).
        svg = app.export_screenshot(title=type(app).TITLE, simplify=True)
        matched = self.snapshot(name=name) == svg
        if not matched:
            self.mismatched.append(name)
        self._report(name, svg, matched)

    def _report(self, name: str, svg: str, matched: bool) -> None:
        """The entry snapshot_report.html is made from (one file per photo)."""
        node = self.request.node
        console = Console(legacy_windows=False, force_terminal=True)
        full_path, line_number, test_name = node.reportinfo()
        data = (
            matched,
            str(self.snapshot),
            svg,
            PseudoApp(PseudoConsole(console.legacy_windows, console.size)),
            full_path,
            line_number,
            f"{test_name}[{name}]",
            inspect.getdoc(node.function) or "",
            "",
            True,
        )
        path = node_to_report_path(node)
        Path(f"{path}_{name}").write_bytes(pickle.dumps(data))


@pytest.fixture
def photo(snapshot, request) -> Photographer:
    return Photographer(snapshot, request)


def run(app, flow: Callable[..., Awaitable[None]], size: tuple[int, int] = (80, 24)) -> None:
    """Run ``flow(pilot)`` in the app as snap_compare does (headless ``run``, so toasts show as a player
    sees them), then quit."""

    async def auto_pilot(pilot) -> None:
        await settle(pilot)
        try:
            await flow(pilot)
        finally:
            pilot.app.exit()

    app.run(headless=True, size=size, auto_pilot=auto_pilot)


async def start(pilot, origin: str) -> None:
    """A new game as the new-game dialog starts it, drawn before any key is pressed (keys pressed before a
    scene is drawn choose nothing)."""
    pilot.app.start_game(origin)
    await settle(pilot)


def test_without_a_game(make_app, photo):
    """The title with no saves, help from it, the error dialog, and the new-game screen."""

    async def flow(pilot) -> None:
        await photo(pilot, "title")
        await press(pilot, "question_mark")
        await photo(pilot, "help")
        await press(pilot, "escape")
        pilot.app.show_error("The save could not be loaded", "It was made by a newer version of the game.")
        await photo(pilot, "error")
        await press(pilot, "escape")
        await press(pilot, "1", "down")
        await photo(pilot, "new_game")

    run(make_app(), flow)
    assert not photo.mismatched


def test_one_life_to_its_ending(make_app, photo):
    """A scene with locked and risky choices, the in-game menu, settings, the command palette, a scene
    after a risky choice, the ending, the export dialog, the gallery with hints, and a reopened ending."""

    async def flow(pilot) -> None:
        await start(pilot, "daniyar")
        await photo(pilot, "scene_with_locked_and_risky_choices")
        await press(pilot, "escape")
        await photo(pilot, "in_game_menu")
        await press(pilot, "4")
        await photo(pilot, "settings")
        await press(pilot, "escape", "ctrl+p")  # Escape leaves the settings for the game, not the menu
        for _ in range(100):  # on a busy machine the palette's field takes its focus (and cursor) a little later
            if pilot.app.screen.focused is not None:
                break
            await pilot.pause(0.02)
        await photo(pilot, "command_palette")
        await press(pilot, "escape", "3")
        await photo(pilot, "scene_after_a_risky_choice")
        await press(pilot, "5")
        await photo(pilot, "ending")
        await press(pilot, "e")
        await photo(pilot, "export_dialog")
        await press(pilot, "escape", "2")
        await photo(pilot, "gallery_with_hints")
        await press(pilot, "2")
        await photo(pilot, "reopened_ending")

    run(make_app(), flow)
    assert not photo.mismatched


def test_the_journal_and_the_stats(make_app, photo):
    async def flow(pilot) -> None:
        await start(pilot, "daniyar")
        await press(pilot, "3", "2", "1", "j")
        await photo(pilot, "journal")
        await press(pilot, "escape", "1", "1", "s")
        await photo(pilot, "stats")

    run(make_app(), flow)
    assert not photo.mismatched


def test_back_to_the_title(make_app, photo):
    """The title offering to continue, and the question a new game over one in progress asks."""

    async def flow(pilot) -> None:
        await start(pilot, "daniyar")
        await press(pilot, "1", "escape", "7")
        await photo(pilot, "title_with_continue")
        await press(pilot, "2")
        await photo(pilot, "confirm")

    run(make_app(), flow)
    assert not photo.mismatched


def test_a_scene_at_every_size(make_app, photo):
    """The same scene from 60×20 to 250×80 (a resize, as a player's terminal does)."""

    async def flow(pilot) -> None:
        await start(pilot, "aigerim")
        await press(pilot, "3")
        for width, height in [(60, 20), (120, 40), (250, 80)]:
            await pilot.resize_terminal(width, height)
            await photo(pilot, f"scene_{width}x{height}")

    run(make_app(), flow)
    assert not photo.mismatched


def test_dialogs_over_a_scene(make_app, photo):
    """The text-input dialog, then the save and load lists with a damaged slot and a damaged backup."""

    async def flow(pilot) -> None:
        await start(pilot, "lena")
        await press(pilot, "2")
        await photo(pilot, "input_dialog")
        await press(pilot, "escape", "1", "f5")
        saves = pilot.app.saves_folder
        (saves / "before_the_gig.save.json").write_text('{"format": "steppe-save", "broken', encoding="utf-8")
        (saves / "quicksave.backup.json").write_text("{not json", encoding="utf-8")
        pilot.app.clear_notifications()  # the quick save's toast would come and go over the list
        await press(pilot, "ctrl+o")
        await photo(pilot, "load_slots_with_a_damaged_slot")
        await press(pilot, "escape", "ctrl+s")
        await photo(pilot, "save_slots_with_a_damaged_slot")

    run(make_app(), flow)
    assert not photo.mismatched
