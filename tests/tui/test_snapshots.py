"""Screen snapshots (pytest-textual-snapshot) at 80×24, plus the scene at 120×40 and 60×20.

The app runs with ``calm=True`` (no cursor blink, no animations), a fixed seed and an empty saves folder,
so every run draws the same screen. Review changes in snapshot_report.html; accept them with
``pytest tests/tui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.tui.conftest import press, settle


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
