"""The title screen must not wait for the story: the app module imports nothing that loading needs."""

from __future__ import annotations

import subprocess
import sys

from game.tui.screens.title import TitleScreen
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
