"""Whole flows through the app with Pilot: title → new game → choices → journal → stats → ending."""

from __future__ import annotations

import random

from game.saves.gallery import Gallery
from game.saves.store import SaveStore
from game.tui.screens.ending import EndingScreen
from game.tui.screens.journal import JournalScreen
from game.tui.screens.new_game import NewGameScreen
from game.tui.screens.scene import SceneScreen
from game.tui.screens.stats import StatsScreen
from game.tui.screens.title import TitleScreen
from game.tui.widgets.change_line import ChangeLine
from game.tui.widgets.numbered_list import NumberedList
from tests.tui.conftest import press, screen_text, settle


async def start_as(pilot, number: str = "2", name: str = "") -> None:
    """From the title screen: New game, pick musician ``number``, give ``name`` (or none), start."""
    await press(pilot, "1")  # New game
    assert isinstance(pilot.app.screen, NewGameScreen)
    await press(pilot, number)
    if name:
        await pilot.press(*name)
    await press(pilot, "enter")
    assert isinstance(pilot.app.screen, SceneScreen)


async def test_title_new_game_choices_journal_stats_back_quit(make_app, saves):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)
        text = screen_text(app)
        assert "S T E P P E   T A L E" in text and "New game" in text and "Continue" not in text

        await start_as(pilot, "2")
        text = screen_text(app)
        assert "First Light, Daniyar Ospan" in text and "Almaty  ·  dombra  ·  Week 1" in text
        assert "30% chance" in text and "locked: You need" in text

        await press(pilot, "3")  # busk: succeeds with the fixed seed
        text = screen_text(app)
        assert "The Crossroads" in text and "A crowd gathers" in text
        assert "✓ It worked" in text and "+10 Fame" in text and "+2,000\u00a0₸ Money" in text

        await press(pilot, "down", "enter")  # the second choice: the first offered gig
        assert app.session is not None and app.session.game.state.scene.startswith("gig_")
        gig_title = app.session.game.view().title
        await press(pilot, "1")  # play it, and return to the crossroads
        assert app.session.game.state.scene == "crossroads"
        assert len(app.session.turns) == 3

        await press(pilot, "j")
        assert isinstance(app.screen, JournalScreen)
        text = screen_text(app)
        assert "Journal of Daniyar Ospan  ·  3 choices" in text
        assert "Busk in the underpass  ✓ it worked" in text and gig_title in text
        assert "The Crossroads  (you are here)" in text

        await press(pilot, "escape", "s")
        assert isinstance(app.screen, StatsScreen)
        text = screen_text(app)
        assert "Fame over time" in text and "Money over time" in text
        assert "start 0" in text and "start 10,000\u00a0₸" in text

        await press(pilot, "escape")
        assert isinstance(app.screen, SceneScreen)
        await press(pilot, "escape", "7")  # the menu's Title screen: the title now offers to continue
        assert isinstance(app.screen, TitleScreen)
        assert "Continue" in screen_text(app) and "Daniyar Ospan · The Crossroads" in screen_text(app)
        await press(pilot, "1")  # Continue
        assert isinstance(app.screen, SceneScreen)
        # A new game over the one in progress asks first; No keeps it.
        await press(pilot, "escape", "7", "2")  # the menu's Title screen; New game
        assert "Start a new game? Daniyar Ospan's game" in screen_text(app)
        await press(pilot, "n")
        assert isinstance(app.screen, TitleScreen) and app.session.start.origin == "daniyar"
        await press(pilot, "2", "y")
        assert isinstance(app.screen, NewGameScreen)
    assert app.return_code in (0, None)
    # Every choice was autosaved in the test's own folder.
    latest = SaveStore(saves).latest(app.story)
    assert latest is not None and latest.scene == "crossroads"


async def test_reaching_an_ending_records_it_in_the_gallery(make_app, saves):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await start_as(pilot, "3", "Lenochka")
        await press(pilot, "1")  # practise
        await press(pilot, "4")  # the big stage is locked: nothing happens but a note
        assert app.session.game.state.scene == "crossroads"
        await press(pilot, "5")  # go home and teach
        assert isinstance(app.screen, EndingScreen)
        text = screen_text(app)
        assert "The Teacher" in text and "Home Again" in text
        assert "Lenochka, piano player from Almaty" in text
        assert "Recorded in the endings gallery" not in text  # below the fold, until scrolled to
        await press(pilot, "pagedown", "pagedown")
        assert "Recorded in the endings gallery: 1 of 2 endings found." in screen_text(app)
        await press(pilot, "2")  # the gallery, from the ending's menu
        text = screen_text(app)
        assert "1 of 2 found" in text and "The Teacher" in text and "Lenochka" in text
        await press(pilot, "escape", "1")  # play again
        assert isinstance(app.screen, NewGameScreen)
    entries = Gallery(saves).entries()
    assert [(e.ending_id, e.origin, e.name) for e in entries] == [("teacher", "lena", "Lenochka")]


async def test_an_input_choice_undo_the_folding_panel_and_help(make_app):
    """A choice that asks for a name (and undo taking it back), the side panel folding on a narrow
    terminal, and the help screen."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await start_as(pilot, "1")
        await press(pilot, "2")  # name your band: a dialog asks
        assert "What do you call yourselves?" in screen_text(app)
        for _ in range(len("The Dunes")):
            await pilot.press("backspace")
        await pilot.press(*"Kyz Kuu")
        await press(pilot, "enter")
        assert app.session.game.variables["band_name"] == "Kyz Kuu"
        assert "Your band, Kyz Kuu, waits for you." in screen_text(app)
        await press(pilot, "u")
        assert app.session.game.state.scene == "first_light" and app.session.game.variables["band_name"] == ""
        await press(pilot, "2", "escape")  # the dialog, then back out of it: no choice made
        assert app.session.game.state.scene == "first_light" and not app.session.turns

        # The side panel folds on a narrow terminal, and p brings it back.
        panel = app.screen.query_one("#side")
        assert panel.display
        await pilot.resize_terminal(60, 20)
        await settle(pilot)
        assert not panel.display
        await press(pilot, "p")
        assert panel.display and "Aigerim Sadyk" in screen_text(app)
        await pilot.resize_terminal(200, 60)
        await settle(pilot)
        assert "First Light" in screen_text(app)

        # Help lists the keys (from the bindings) and explains saving; Escape goes back to the game.
        await press(pilot, "question_mark")
        text = screen_text(app)
        assert "Keys" in text and "Ctrl+S" in text and "F5" in text and "How saving works" in text
        await press(pilot, "escape")
        assert isinstance(app.screen, SceneScreen)


async def test_the_command_palette_offers_the_games_commands(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await start_as(pilot, "2")
        await press(pilot, "ctrl+p")
        text = screen_text(app)
        for name in ("Save game", "Load game", "Journal", "Stats", "Help"):
            assert name in text
        await pilot.press(*"journal")
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, JournalScreen)
        await press(pilot, "escape", "ctrl+p")
        await pilot.press(*"theme")
        await settle(pilot)
        assert "Theme" in screen_text(app)
        await press(pilot, "escape")


async def test_the_mouse_picks_choices_and_undo_works_from_an_ending(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.click("#title-menu", offset=(4, 0))  # New game
        await settle(pilot)
        assert isinstance(app.screen, NewGameScreen)
        await pilot.click("#origin-list", offset=(4, 2))  # the second musician (two lines each)
        await settle(pilot)
        await pilot.click("#ok")
        await settle(pilot)
        assert isinstance(app.screen, SceneScreen) and app.session.start.origin == "daniyar"
        await pilot.click("#choices", offset=(6, 0))  # practise
        await settle(pilot)
        assert app.session.game.state.scene == "crossroads"
        await press(pilot, "5")
        assert isinstance(app.screen, EndingScreen)
        await press(pilot, "u")
        assert isinstance(app.screen, SceneScreen) and app.session.game.state.scene == "crossroads"


async def test_the_scene_text_scrolls_exactly_when_it_does_not_fit(make_app):
    """The scene decides before layout whether its text scrolls (so a new scene is laid out once). Whatever
    it decides, no line of text may be cut off, and no scrollbar shown for text that fits. One app, three
    terminal sizes (a resize is what a player does; a launch per size only cost time).

    The one test of the full-screen game that plays the bundled story: its first origin, random choices
    among those shown, naming none of its scenes (the story is rewritten often; the fixture is for details)."""
    from game.story.bundled import bundled_story_dir

    app = make_app(bundled_story_dir(), seed=5)
    rng = random.Random(80)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.story is not None, "the bundled story did not load"
        app.start_game(next(iter(app.story.origins)))
        await settle(pilot)
        for size in [(80, 24), (60, 20), (120, 40)]:
            await pilot.resize_terminal(*size)
            await settle(pilot)
            for _ in range(8):
                screen = app.screen
                if not isinstance(screen, SceneScreen) or screen.view is None:
                    break
                box = screen.query_one("#scene-text-box")
                text_height = box.virtual_size.height
                shown = box.scrollable_content_region.height
                if box.styles.overflow_y == "hidden":
                    assert text_height <= shown, f"{screen.view.scene_id}: text cut off at {size}"
                else:
                    assert text_height > shown, f"{screen.view.scene_id}: scrollbar for text that fits at {size}"
                listed = screen.query_one(NumberedList).items  # each item carries the number it is shown with
                asks = {c.id for c in screen.view.choices if c.input_prompt}
                usable = [i.number for i in listed if i.enabled and i.number and i.number <= 9 and i.key not in asks]
                if not usable:
                    break
                await press(pilot, str(rng.choice(usable)))


CROWDED = """\
  - id: crowded
    title: The Crowded Hall
    text: |
      {text}
    choices:
      - id: bold
        text: {choice}
        when: "energy > 500"
        locked: {reason}
        goto: first_light
      - id: wild
        text: {choice}
        when: "energy > 500"
        locked: {reason}
        goto: first_light
      - id: careful
        text: {choice}
        goto: first_light
"""


async def test_choices_the_text_leaves_no_room_for_scroll_with_a_scrollbar(make_app, tale_copy):
    """However long the choices, the text keeps its few rows and every line of every choice can be
    reached: a list squeezed below its own height shows a scrollbar, and nothing runs off the column."""
    from game.tui.screens.scene import MIN_TEXT_HEIGHT

    words = "the velvet has gone bald on the armrests and the chandelier hangs like a frozen waterfall"
    scene = CROWDED.format(
        text=" ".join([words] * 6), choice=f"Play {words}", reason=f"Too tired, {words} and nothing left"
    )
    (tale_copy / "scenes.yaml").write_text((tale_copy / "scenes.yaml").read_text() + scene)
    manifest = tale_copy / "story.yaml"
    manifest.write_text(manifest.read_text().replace("start: first_light", "start: crowded", 1))
    app = make_app(tale_copy)
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(pilot)
        app.start_game("aigerim")
        await settle(pilot)
        for height in range(30, 15, -1):
            await pilot.resize_terminal(80, height)
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, SceneScreen) and screen.view is not None
            assert screen.view.scene_id == "crowded"
            column = screen.query_one("#scene-main").content_region
            box, choices = screen.query_one("#scene-text-box"), screen.query_one(NumberedList)
            assert box.region.height >= MIN_TEXT_HEIGHT, height
            assert choices.region.bottom <= column.bottom, f"the choices run off the column at 80x{height}"
            if choices.virtual_size.height > choices.scrollable_content_region.height:
                assert choices.styles.overflow_y == "scroll", f"choices cut off without a scrollbar at 80x{height}"


async def test_save_to_a_named_slot_quick_save_and_load_in_a_new_app(make_app, saves):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await start_as(pilot, "2")
        await press(pilot, "1", "ctrl+s", "n")
        await pilot.press(*"before the crossroads")
        await press(pilot, "enter")
        assert isinstance(app.screen, SceneScreen)
        assert SaveStore(saves).exists("before the crossroads")

        await press(pilot, "f5", "5")
        assert isinstance(app.screen, EndingScreen)
        await press(pilot, "f9")
        assert isinstance(app.screen, SceneScreen) and app.session.game.state.scene == "crossroads"
        # What changed is the loaded game's own last turn (practising), not what the game left behind did.
        changes = str(app.screen.query_one(ChangeLine).render())
        assert "+5 Skill" in changes and "Energy" in changes
        await press(pilot, "2", "f9")  # a wedding toi: its changes show; loading again brings back practising
        assert "+5 Skill" in str(app.screen.query_one(ChangeLine).render())

    second = make_app()
    async with second.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "3")  # Load (Continue is item 1 now, New game 2)
        text = screen_text(second)
        assert "before the crossroads" in text
        await press(pilot, "1")  # named slots come first, before the quick save and the autosaves
        assert isinstance(second.screen, SceneScreen)
        assert second.session.game.state.scene == "crossroads" and len(second.session.turns) == 1
