"""Live reload waits for a story file to stop changing (issue 17, item 19): a half-written file that happens
to be valid YAML is never taken as the writer's final version."""

from __future__ import annotations

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
        # No await between the steps below: the app's own 0.5 s timer cannot poll in between.
        scenes.write_text(full[: full.index("title: The Fork")] + "title: The Fo", encoding="utf-8")  # mid-write
        app._poll_story()  # the timer's first look: the file has just changed
        assert not app._reloading  # not taken, neither as the story nor as a broken edit to complain about
        scenes.write_text(full, encoding="utf-8")  # the editor finishes writing
        app._poll_story()  # changed again since the last look: still waiting
        assert not app._reloading
        app._poll_story()  # unchanged for a whole poll: settled, reloaded
        assert app._reloading
        await settle(pilot)
        assert app.session.story.scenes["crossroads"].title.render({}) == "The Fork"
        assert isinstance(app.screen, SceneScreen)
