"""Whatever goes wrong at runtime is shown inside the app; the app never dies with a traceback."""

from __future__ import annotations

import shutil

from game.tui.app import SteppeApp
from game.tui.screens.dialogs import ErrorScreen
from game.tui.screens.title import TitleScreen
from tests.tui.conftest import TALE, press, screen_text, settle


async def test_a_story_with_errors_is_explained_and_the_app_stays_up(make_app, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(TALE, broken)
    (broken / "extra.yaml").write_text("scenes:\n  - id: first_light\n    title: [unclosed\n", encoding="utf-8")
    app = make_app(broken)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        assert "The story has errors" in screen_text(app) and "E001" in screen_text(app)
        await press(pilot, "escape")
        assert isinstance(app.screen, TitleScreen)
        assert "cannot be played" in screen_text(app)
        await press(pilot, "2")  # New game: explained again, not a crash
        assert isinstance(app.screen, ErrorScreen)
        await press(pilot, "escape", "q")
    assert app.return_code in (0, None)


async def test_a_missing_story_folder(make_app, tmp_path):
    app = make_app(tmp_path / "nowhere")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen) and "E005" in screen_text(app)


async def test_a_scene_that_fails_to_render_is_reported(make_app, tale_copy):
    scenes = tale_copy / "scenes.yaml"
    scenes.write_text(
        scenes.read_text(encoding="utf-8").replace(
            "Every road out of here goes somewhere.", "Every road out of here goes {{ 10 // gigs }} ways."
        ),
        encoding="utf-8",
    )
    app = make_app(tale_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_game("lena")
        await settle(pilot)
        await press(pilot, "1")  # practise: the crossroads divides by zero gigs
        assert isinstance(app.screen, ErrorScreen)
        assert "could not be shown" in screen_text(app)
        await press(pilot, "escape", "u")  # undo works, and the game goes on
        assert app.session.game.state.scene == "first_light"
        assert app.is_running


async def test_an_unwritable_saves_folder_warns_but_play_goes_on(make_app, tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x", encoding="utf-8")
    app = SteppeApp(TALE, blocked, seed=7, calm=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_game("lena")
        await settle(pilot)
        await press(pilot, "1")
        assert app.session.game.state.scene == "crossroads"
        assert any("Autosave failed" in str(n.message) for n in app._notifications)
