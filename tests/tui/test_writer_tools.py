"""Writers' tools in the app: live reload (--watch) and the debug start (--scene ID --set NAME=VALUE)."""

from __future__ import annotations

from game.cli import main
from game.tui.screens.dialogs import ErrorScreen
from game.tui.screens.scene import SceneScreen
from tests.tui.conftest import press, screen_text, settle


async def reload(pilot) -> None:
    # What the 0.5 s timer does, called directly so the test needs no waiting: twice, because a change is
    # only reloaded once a poll finds the files unchanged (an editor may be half-way through writing).
    pilot.app._poll_story()
    pilot.app._poll_story()
    await settle(pilot)


async def test_watch_reloads_the_story_and_keeps_the_game(make_app, tale_copy):
    app = make_app(tale_copy, watch=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.start_game("daniyar")
        await settle(pilot)
        await press(pilot, "1")  # practise: on to the crossroads
        scenes = tale_copy / "scenes.yaml"
        scenes.write_text(
            scenes.read_text(encoding="utf-8").replace("title: The Crossroads", "title: The Fork"), encoding="utf-8"
        )
        await reload(pilot)
        assert "The Fork" in screen_text(app)
        assert app.session.story.scenes["crossroads"].title.render({}) == "The Fork"
        assert [t.choice for t in app.session.turns] == ["practise"]

        # A broken edit: the errors are shown, and the game goes on with the previous version.
        scenes.write_text(
            scenes.read_text(encoding="utf-8").replace("goto: end_quiet", "goto: end_nowhere"), encoding="utf-8"
        )
        await reload(pilot)
        assert isinstance(app.screen, ErrorScreen)
        text = screen_text(app)
        assert "The edited story has errors" in text and "end_nowhere" in text and "E301" in text
        await press(pilot, "escape")
        assert isinstance(app.screen, SceneScreen) and "The Fork" in screen_text(app)
        await press(pilot, "5")  # the old version's ending still works
        assert "The Teacher" in screen_text(app)


async def test_watch_replays_only_the_choices_that_still_fit(make_app, tale_copy):
    app = make_app(tale_copy, watch=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.start_game("daniyar")
        await settle(pilot)
        await press(pilot, "1")
        assert app.session.game.state.scene == "crossroads"
        scenes = tale_copy / "scenes.yaml"
        scenes.write_text(
            scenes.read_text(encoding="utf-8").replace("- id: practise", "- id: rehearse"), encoding="utf-8"
        )
        await reload(pilot)
        assert app.session.game.state.scene == "first_light" and not app.session.turns
        assert "Practise until your arms ache" in screen_text(app)


async def test_debug_start_jumps_to_the_scene_with_values_set(make_app, saves):
    app = make_app(debug_scene="crossroads", debug_sets={"fame": "40", "band_name": "[b]Kyz"})
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SceneScreen)
        text = screen_text(app)
        assert "The Crossroads" in text and "Your band, [b]Kyz, waits for you." in text
        assert "debug start: not saved" in text
        assert "locked" not in text  # fame 40 opens the big stage
        assert app.session.start.origin == "aigerim"  # the first origin by default
        await press(pilot, "1", "1")  # a gig, then back
        assert app.session.game.state.scene == "crossroads" and len(app.session.turns) == 2
        await press(pilot, "u", "u")
        assert app.session.game.state.scene == "crossroads" and not app.session.turns
        assert app.session.game.variables["fame"] == 40
    assert not any(saves.iterdir())  # a debug start is never saved


async def test_debug_start_with_a_bad_value_says_why_inside_the_app(make_app):
    app = make_app(debug_scene="crossroads", debug_sets={"fame": "lots"}, debug_origin="lena")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        assert "'fame' is a number, but 'lots' is not one" in screen_text(app)
        await press(pilot, "escape")
        assert app.is_running


async def test_debug_start_with_an_unknown_origin(make_app):
    app = make_app(debug_scene="crossroads", debug_origin="nobody")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "no origin 'nobody'" in screen_text(app)


def test_play_refuses_set_without_scene_before_starting_the_app(capsys):
    assert main(["play", "--set", "fame=3"]) == 2
    assert "--set and --origin need --scene" in capsys.readouterr().err
    assert main(["play", "--scene", "x", "--set", "fame"]) == 2
    assert "NAME=VALUE" in capsys.readouterr().err
