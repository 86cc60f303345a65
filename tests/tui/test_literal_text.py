"""Text a player typed, or that came from a save, is shown exactly as typed and triggers nothing.

Each name goes everywhere a name goes: the side panel, the scene title, the Markdown scene text, the
journal, the ending summary, a save loaded by a new app, and typed input (a band name).
"""

from __future__ import annotations

from textual.widgets import Input

from game.engine.game import Game
from game.saves.store import SaveStore
from game.story.loader import load_story
from game.tui.text import literal, markup, strip_controls
from tests.tui.conftest import SEED, TALE, press, screen_text, settle

NAMES = [
    "[@click=app.quit]Bob",
    "[b]x",
    "**x**",
    "[x](http://e.com)",
    "\x1b[31mRed\x1b[0m\x07\x1b]0;pwned\x07",
]


def shown(name: str) -> str:
    """What the screen must show: the name with control characters removed, nothing else changed."""
    return strip_controls(name)


def test_controls_are_stripped_and_nothing_else_changes():
    assert strip_controls("\x1b[31mRed\x1b[0m\x07") == "[31mRed[0m"
    assert literal("[b]x").plain == "[b]x" and not literal("[b]x").spans
    assert markup("[b]$name[/b]", name="[@click=app.quit]Bob").plain == "[@click=app.quit]Bob"


async def test_a_name_is_displayed_as_typed_everywhere(make_app):
    # One app for every name (each launch costs): a new game per name, over the previous one.
    app = make_app()
    async with app.run_test(size=(160, 32)) as pilot:  # wide enough for a name and its sentence on one line
        await settle(pilot)
        for name in NAMES:
            app.start_game("lena", name)  # what the new-game dialog calls with the typed stage name
            await settle(pilot)
            text = screen_text(app)
            expected = shown(name)
            assert f"First Light, {expected}" in text  # the title
            assert f"You are {expected}, and you have" in text  # Markdown text: no bold, no link
            assert text.count(expected) >= 3  # and the side panel
            assert "\x1b" not in text and "\x07" not in text

            # Clicking on the name in the panel runs nothing (a parsed [@click=app.quit] would quit).
            await pilot.click("#who", offset=(2, 0))
            await settle(pilot)
            assert app.is_running and app.return_code is None

            await press(pilot, "1", "j")
            assert f"Journal of {expected}" in screen_text(app)
            await press(pilot, "escape", "5")  # go home and teach: the ending
            assert f"{expected}, piano player from Almaty." in screen_text(app)
            assert app.is_running


async def test_a_name_from_a_save_is_displayed_as_typed(make_app, saves):
    story = load_story(TALE)
    store = SaveStore(saves, story)
    for index, name in enumerate(NAMES):
        store.save(f"slot {index}", Game.start(story, "aigerim", SEED, name), 0)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        latest = shown(NAMES[-1])
        assert f"{latest} · First Light," in screen_text(app)  # the Continue item
        await press(pilot, "1")
        assert f"First Light, {latest}" in screen_text(app)
        await press(pilot, "escape", "3")  # the menu's Load: the list shows every musician as saved
        text = screen_text(app)
        assert all(shown(name) in text for name in NAMES)
        assert "\x1b" not in text and "\x07" not in text
        assert app.is_running


async def test_typed_input_is_displayed_as_typed(make_app):
    app = make_app()
    async with app.run_test(size=(100, 28)) as pilot:
        await settle(pilot)
        app.start_game("daniyar")
        await settle(pilot)
        for index, typed in enumerate(["[b]x", "[@click=app.quit]Bob", "**x**", "[x](http://e.com)"]):
            if index:
                await press(pilot, "u")  # undo the name: the same choice asks again
                assert not app.session.turns
            await press(pilot, "2")
            app.screen.query_one(Input).value = typed  # as typed (keystrokes themselves: test_flow)
            await press(pilot, "enter")
            text = screen_text(app)
            assert f"Your band, {typed}, waits for you." in text
            assert f"Band: {typed}" in text  # the change line
            await press(pilot, "j")
            assert f"“{typed}”" in screen_text(app)
            await press(pilot, "escape")
            assert app.is_running
