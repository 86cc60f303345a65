"""Live reload waits for a story file to stop changing (issue 17, item 19): a half-written file that happens
to be valid YAML is never taken as the writer's final version."""

from __future__ import annotations

from game.tui.screens.dialogs import ErrorScreen
from game.tui.screens.scene import SceneScreen
from tests.tui.conftest import make_app, saves, settle, tale_copy  # noqa: F401 - fixtures used by name


async def test_a_file_still_being_written_is_not_reloaded_until_it_settles(make_app, tale_copy):  # noqa: F811
    app = make_app(tale_copy, watch=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.start_game("daniyar")
        await settle(pilot)
        scenes = tale_copy / "scenes.yaml"
        full = scenes.read_text(encoding="utf-8").replace("title: The Crossroads", "title: The Fork")
        half = full[: full.index("title: The Fork")] + "title: The Fo"  # cut mid-write: still valid YAML?
        scenes.write_text(half, encoding="utf-8")
        app._poll_story()  # the timer's first look: the file has just changed
        await settle(pilot)
        # not taken, neither as the story nor as a broken edit to complain about
        assert isinstance(app.screen, SceneScreen) and not isinstance(app.screen, ErrorScreen)
        assert app.session.story.scenes["crossroads"].title.render({}) == "The Crossroads"
        scenes.write_text(full, encoding="utf-8")  # the editor finishes writing
        app._poll_story()  # changed again since the last look: still waiting
        await settle(pilot)
        assert app.session.story.scenes["crossroads"].title.render({}) == "The Crossroads"
        app._poll_story()  # unchanged for a whole poll: settled, reloaded
        await settle(pilot)
        assert app.session.story.scenes["crossroads"].title.render({}) == "The Fork"
        assert isinstance(app.screen, SceneScreen)
