"""Screen snapshots (pytest-textual-snapshot) at 80×24, plus the scene at 120×40 and 60×20.

The app runs with ``calm=True`` (no cursor blink, no animations), a fixed seed and an empty saves folder,
so every run draws the same screen. Review changes in snapshot_report.html; accept them with
``pytest tests/tui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from tests.tui.conftest import press, settle

FIXED_NOW = "2026-03-21T10:00:00+00:00"  # Nauryz: every save and gallery date in a snapshot reads the same


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch) -> None:
    """Saves and the gallery stamp the time; a snapshot must not change with the day it is taken."""
    monkeypatch.setattr("game.saves.store.now_iso", lambda: FIXED_NOW)
    monkeypatch.setattr("game.saves.gallery.now_iso", lambda: FIXED_NOW)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


def keys(*pressed: str, start: str | None = None, name: str | None = None) -> Callable:
    """A run_before that waits for the story, optionally starts a game, then presses keys, settling each."""

    async def run(pilot) -> None:
        await settle(pilot)
        if start is not None:
            pilot.app.start_game(start, name)
            await settle(pilot)
        await press(pilot, *pressed)

    return run


def test_title(snap_compare, make_app):
    assert snap_compare(make_app(), run_before=keys())


def test_new_game(snap_compare, make_app):
    assert snap_compare(make_app(), run_before=keys("1", "down"))


def test_scene_with_locked_and_risky_choices(snap_compare, make_app):
    assert snap_compare(make_app(), run_before=keys(start="daniyar"))


def test_scene_after_a_risky_choice(snap_compare, make_app):
    assert snap_compare(make_app(), run_before=keys("3", start="daniyar"))


def test_scene_120x40(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=keys("3", start="aigerim"))


def test_scene_60x20(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(60, 20), run_before=keys("3", start="aigerim"))


def test_input_dialog(snap_compare, make_app):
    assert snap_compare(make_app(), run_before=keys("2", start="lena"))


def test_journal(snap_compare, make_app):
    assert snap_compare(make_app(), run_before=keys("3", "2", "1", "j", start="daniyar"))


def test_stats(snap_compare, make_app):
    assert snap_compare(make_app(), run_before=keys("3", "2", "1", "1", "1", "s", start="daniyar"))


def test_ending(snap_compare, make_app):
    assert snap_compare(make_app(), run_before=keys("3", "5", start="daniyar"))


def test_help(snap_compare, make_app):
    assert snap_compare(make_app(), run_before=keys("question_mark"))


def test_scene_250x80(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(250, 80), run_before=keys("3", start="aigerim"))


def test_title_with_continue(snap_compare, make_app):
    assert snap_compare(make_app(), run_before=keys("1", "escape", "7", start="daniyar"))


def test_in_game_menu(snap_compare, make_app):
    assert snap_compare(make_app(), run_before=keys("escape", start="daniyar"))


def test_settings(snap_compare, make_app):
    assert snap_compare(make_app(), run_before=keys("escape", "4", start="daniyar"))


def test_gallery_with_hints(snap_compare, make_app):
    assert snap_compare(make_app(), run_before=keys("3", "5", "2", start="daniyar"))


def test_reopened_ending(snap_compare, make_app):
    assert snap_compare(make_app(), run_before=keys("3", "5", "2", "2", start="daniyar"))


def test_confirm(snap_compare, make_app):
    assert snap_compare(make_app(), run_before=keys("1", "escape", "7", "2", start="daniyar"))


def test_error(snap_compare, make_app):
    async def run(pilot) -> None:
        await settle(pilot)
        pilot.app.show_error("The save could not be loaded", "It was made by a newer version of the game.")
        await settle(pilot)

    assert snap_compare(make_app(), run_before=run)


def damaged_slots(key: str) -> Callable:
    """A quick save whose previous version is damaged and a named slot that is damaged, then ``key``."""

    async def run(pilot) -> None:
        await settle(pilot)
        pilot.app.start_game("lena")
        await settle(pilot)
        await press(pilot, "1", "f5")
        saves = pilot.app.saves_folder
        (saves / "before_the_gig.save.json").write_text('{"format": "steppe-save", "broken', encoding="utf-8")
        (saves / "quicksave.backup.json").write_text("{not json", encoding="utf-8")
        pilot.app.clear_notifications()  # the quick save's toast would come and go over the list
        await press(pilot, key)

    return run


def test_load_slots_with_a_damaged_slot(snap_compare, make_app):
    assert snap_compare(make_app(), run_before=damaged_slots("ctrl+o"))


def test_save_slots_with_a_damaged_slot(snap_compare, make_app):
    assert snap_compare(make_app(), run_before=damaged_slots("ctrl+s"))


def test_command_palette(snap_compare, make_app):
    assert snap_compare(make_app(), run_before=keys("ctrl+p", start="daniyar"))


def test_export_dialog(snap_compare, make_app):
    assert snap_compare(make_app(), run_before=keys("3", "5", "e", start="daniyar"))
