"""The title screen must not wait for the story: the app module imports nothing that loading needs."""

from __future__ import annotations

import subprocess
import sys

from game.tui.screens.title import TitleScreen
from game.tui.widgets.footer import GameFooter
from tests.tui.conftest import screen_text


def test_importing_the_app_leaves_the_story_loader_for_later():
    code = (
        "import sys, game.tui.app; "
        "print(sorted(m for m in ('yaml', 'pydantic', 'jinja2', 'game.story.loader', 'game.engine.game') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


async def test_the_first_frame_is_the_title_menu(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)):
        # No waiting for the loading worker: the menu is already there.
        assert isinstance(app.screen, TitleScreen)
        text = screen_text(app)
        assert "New game" in text and "Quit" in text


async def _last_line_once_it_shows(pilot, app, text: str) -> str:
    """The screen's last line, once it shows ``text`` (a slow machine's first run: up to 10 s)."""
    for _ in range(200):
        last_line = screen_text(app).splitlines()[-1]
        if text in last_line:
            break
        await pilot.pause(0.05)
    return last_line


async def test_the_title_s_key_hints_follow_its_first_frame(make_app):
    """The footer is mounted a frame after the title (its stylesheet is read then); it must still come,
    with the title's keys, and only once."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        last_line = await _last_line_once_it_shows(pilot, app, "New game")
        assert "New game" in last_line and "Quit" in last_line and "Endings" in last_line
        assert len(app.screen.query(GameFooter)) == 1
        await pilot.press("n")
        await pilot.pause(0.2)
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert isinstance(app.screen, TitleScreen) and len(app.screen.query(GameFooter)) == 1
        assert "New game" in await _last_line_once_it_shows(pilot, app, "New game")
