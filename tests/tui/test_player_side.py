"""The player's side: keys never choose what was not seen, the title's numbers are final on its first
frame, Escape opens a menu, settings persist beside the saves, what changed stays until the next choice,
one toast at a time, pasted text is cleaned. Few app launches: each test walks through several checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual import events

from game.engine.effects import Change
from game.engine.game import Game
from game.present.stat_rows import StatRow
from game.saves.store import SaveStore, default_saves_dir
from game.story.loader import load_story
from game.tui.first_look import has_saves, saves_folder
from game.tui.numbering import StableNumbers
from game.tui.paste import CleanPasteParser
from game.tui.resume import resumable
from game.tui.screens.dialogs import AskText, CleanInput
from game.tui.screens.ending import EndingScreen
from game.tui.screens.menu import GameMenu, SettingsScreen
from game.tui.screens.scene import SceneScreen
from game.tui.screens.title import TitleScreen
from game.tui.seen import Seen
from game.tui.settings import SETTINGS_FILE, Settings, load_settings, save_settings
from game.tui.widgets.change_line import ChangeLine
from game.tui.widgets.numbered_list import NumberedList
from game.tui.widgets.stat_bars import line_count, stat_lines
from tests.tui.conftest import SEED, TALE, press, settle
from tests.tui.test_flow import start_as


def menu_keys(app) -> list[str]:
    return [item.key for item in app.screen.query_one(NumberedList).items]


async def test_the_title_numbers_are_final_on_the_first_frame(make_app, saves: Path) -> None:
    # A save file that turns out to be damaged: Continue is shown from the first frame (a glance at the
    # folder), and once the saves are read it stays, locked, so New game keeps its number 2.
    (saves / "autosave-1.save.json").write_text("{not json", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        first = menu_keys(app)
        assert first[:2] == ["continue", "new"]
        await settle(pilot)
        assert menu_keys(app) == first
        continue_item = app.screen.query_one(NumberedList).items[0]
        assert not continue_item.enabled and continue_item.reason == "no game in progress"
        # Settings from the title too: last but Quit, so no other number moved.
        assert first[-2:] == ["settings", "quit"]
        await press(pilot, str(len(first) - 1))
        assert isinstance(app.screen, SettingsScreen)
        await press(pilot, "escape")
        assert isinstance(app.screen, TitleScreen)
        await press(pilot, "2")  # New game, as numbered on the first frame
        assert type(app.screen).__name__ == "NewGameScreen"


async def test_a_burst_of_keys_makes_one_choice_and_escape_opens_the_menu(make_app, saves: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await start_as(pilot, "2")
        screen = app.screen
        assert isinstance(screen, SceneScreen)
        # Three digits read in one go (as a terminal delivers `send-keys 1 2 3`): only the first chooses;
        # the others were pressed before the scene they would have chosen in was drawn.
        for key in "111":
            app.post_message(events.Key(key, key))
        await settle(pilot)
        assert len(app.session.turns) == 1 and isinstance(app.screen, SceneScreen)  # and no error dialog
        # A key pressed after the new scene is on screen chooses as usual.
        await press(pilot, "1")
        assert len(app.session.turns) == 2
        changes = app.screen.query_one(ChangeLine)
        assert changes.display
        shown = str(changes.render())

        # The same choice in a later playthrough is marked as taken before (✓, dimmed).
        first_choice = app.session.turns[0].choice
        app.start_game("daniyar")
        await settle(pilot)
        items = {item.key: item for item in app.screen.query_one(NumberedList).items}
        assert items[first_choice].seen and not any(i.seen for k, i in items.items() if k != first_choice)
        await press(pilot, "1", "1")
        changes = app.screen.query_one(ChangeLine)
        shown = str(changes.render())

        # Escape: the in-game menu, over the game; Escape again resumes; the change line is still there.
        await press(pilot, "escape")
        assert isinstance(app.screen, GameMenu)
        assert [i.text for i in app.screen.query_one(NumberedList).items] == [
            "Resume",
            "Save",
            "Load",
            "Settings",
            "Help and keys",
            "Export career story",
            "Title screen",
        ]
        await press(pilot, "escape")
        assert isinstance(app.screen, SceneScreen)
        assert app.screen.query_one(ChangeLine).display and str(app.screen.query_one(ChangeLine).render()) == shown

        # Settings from the menu: the theme and the panel are saved beside the saves at once.
        await press(pilot, "escape", "4")
        assert isinstance(app.screen, SettingsScreen)
        before = app.theme
        await press(pilot, "1")
        assert app.theme != before
        await press(pilot, "2")  # side panel: automatic -> always shown
        await press(pilot, "3", "4")  # text width: the whole column -> 60 columns; reduced motion on
        stored = json.loads((saves / SETTINGS_FILE).read_text(encoding="utf-8"))
        assert stored == {"theme": app.theme, "panel": True, "text_width": 60, "reduced_motion": True}
        await press(pilot, "escape")
        # The scene under the dialog took the text width at once.
        assert app.screen.query_one("#scene-text").styles.max_width.value == 60

        # One toast at a time.
        for _ in range(3):
            app.notify("Nothing to undo yet.")
        await pilot.pause()
        assert len(app._notifications) == 1

        # Undo leaves the panel as the player set it (always shown, even at 70 columns).
        await pilot.resize_terminal(70, 24)
        await settle(pilot)
        await press(pilot, "u")
        assert app.screen.query_one("#side").display

        # A burst into an ending: the keys after the last choice do not pick from the ending's menu.
        app.start_game("lena")
        await settle(pilot)
        await press(pilot, "1")  # practise: the crossroads
        app.make_choice("retire")  # go home and teach: the ending is put up, not yet drawn
        for key in "11":  # pressed before it was drawn: "1" would be Play again
            app.post_message(events.Key(key, key))
        await settle(pilot)
        assert isinstance(app.screen, EndingScreen) and app.session.game.ended

    # A new run reads the settings back: theme and panel as the player left them.
    again = make_app()
    assert again.theme == stored["theme"] and again.settings.panel is True


async def test_pasted_text_loses_control_characters_and_a_cut_is_said(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        answers: list[str | None] = []
        app.push_screen(AskText("Band", "What do you call yourselves?", max_length=12), answers.append)
        await settle(pilot)
        field = app.screen.query_one(CleanInput)
        field.post_message(events.Paste("Zz\x1b[31mRed\x1b[0mbell"))
        await settle(pilot)
        assert field.value == "Zz[31mRed[0m"  # in order, controls gone, cut at 12
        limit = app.screen.query_one("#ask-limit")
        assert limit.display and "Cut to fit: 12 of the 16 characters" in str(limit.render())
        await press(pilot, "enter")
        assert answers == ["Zz[31mRed[0m"]


def test_a_relaunch_keeps_a_damaged_settings_file_from_mattering(tmp_path: Path) -> None:
    (tmp_path / SETTINGS_FILE).write_text('{"theme": 7, "panel": "yes", "text_width": 61, "reduced_motion": 1}')
    assert load_settings(tmp_path) == Settings()
    assert save_settings(tmp_path, Settings(theme="nord", panel=False, text_width=72)) is None
    assert load_settings(tmp_path) == Settings(theme="nord", panel=False, text_width=72)


def test_the_first_look_finds_the_same_saves_folder_as_the_saves_code(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("STEPPE_SAVES", str(tmp_path / "chosen"))
    assert saves_folder() == default_saves_dir()
    monkeypatch.delenv("STEPPE_SAVES")
    assert saves_folder() == default_saves_dir()
    assert saves_folder(tmp_path) == tmp_path
    assert not has_saves(tmp_path)
    (tmp_path / "slot.backup.json").write_text("{}")
    assert not has_saves(tmp_path)  # a backup alone is not a save to continue
    (tmp_path / "mine.save.json").write_text("{}")
    assert has_saves(tmp_path)


def test_an_option_keeps_its_number_while_it_is_offered() -> None:
    numbers = StableNumbers()
    assert numbers.assign("hub", ["rest", "studio", "gig"]) == {"rest": 1, "studio": 2, "gig": 3}
    # A new option comes before the studio in the story's order: the studio stays 2.
    assert numbers.assign("hub", ["rest", "label", "studio", "gig"]) == {"rest": 1, "label": 4, "studio": 2, "gig": 3}
    # The rest option goes away: its number is free for the next new one; the others keep theirs.
    assert numbers.assign("hub", ["label", "studio", "gig", "tour"]) == {"label": 4, "studio": 2, "gig": 3, "tour": 1}
    numbers.forget()
    assert numbers.assign("hub", ["gig"]) == {"gig": 1}


def test_seen_choices_survive_a_restart_and_a_damaged_file_is_nothing_seen(tmp_path: Path) -> None:
    seen = Seen(tmp_path)
    assert seen.mark("start", "go", "end") and not seen.mark("start", "go", "end")
    assert seen.write() is None
    again = Seen(tmp_path)
    assert again.has_choice("start", "go") and again.scenes == {"start", "end"}
    (tmp_path / "seen.json").write_text("[1, 2")
    assert Seen(tmp_path).choices == set()


@pytest.mark.parametrize(
    ("change", "style"),
    [
        (Change("savings", "Savings", 100, 50, prefix="", suffix=" ₸"), "fall"),
        (Change("fame", "Fame", 1, 4), "rise"),
        (Change("cut", "Cut", 0, 15, assigned=True), "set"),
    ],
)
def test_a_change_is_coloured_by_its_delta_not_its_first_character(change: Change, style: str) -> None:
    line = ChangeLine()
    seen_styles: list[str] = []
    line._style = lambda name: seen_styles.append(name) or name  # type: ignore[method-assign]
    line.content_for([change], None)
    assert [name for name in seen_styles if name != "separator"] == [style]


async def test_continue_resumes_the_game_last_played_and_never_an_ended_one(make_app, saves: Path) -> None:
    story = load_story(TALE)
    store = SaveStore(saves, story)
    store.save("Mine", Game.start(story, "lena", SEED, None), 0)  # a named save, older than what follows
    other = Game.start(story, "daniyar", SEED, None)
    store.autosave(other, 0)
    assert resumable(store, story).musician == "Daniyar Ospan"

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app._use_load(store.load("Mine", story))  # what the Load list does with the slot picked
        await settle(pilot)
        app.settle_saves()
    # Loading made it the game being played: Continue offers it, not the newer autosave of another game.
    assert resumable(SaveStore(saves, story), story).musician == "Lena Kim"

    # Once a playthrough ends, none of its autosaves is offered.
    ended = Game.start(story, "aigerim", SEED, None)
    store.autosave(ended, 0)
    ended.choose("practise")
    store.autosave(ended, 0)
    ended.choose("retire")
    store.autosave(ended, 0)
    assert ended.ended
    assert resumable(SaveStore(saves, story), story).musician == "Lena Kim"


def test_panel_labels_and_amounts_are_never_cut() -> None:
    row = StatRow("debt", "Unrecouped advance", "value", "30,000,000 ₸")
    drawn = stat_lines([row], 24).plain.split("\n")
    assert drawn == ["Unrecouped advance", "            30,000,000 ₸"] and line_count([row], 24) == 2
    assert stat_lines([row], 40).plain == "Unrecouped advance          30,000,000 ₸"


def test_a_bracketed_paste_holding_escapes_arrives_whole_and_in_order() -> None:
    # What a terminal sends for a paste of "Zz␛[31mRed␛[0mbell": Textual alone turned the escapes into
    # key presses ("^[31m…") sent before the paste.
    parser = CleanPasteParser()
    events_ = list(parser.feed("\x1b[200~Zz\x1b[31mRed\x1b[0mbell\x1b[201~"))
    assert [(type(e).__name__, e.text) for e in events_] == [("Paste", "Zz[31mRed[0mbell")]
    # Markers split across reads, keys on either side.
    parser = CleanPasteParser()
    pieces = ["a\x1b[20", "0~Zz\x1b[3", "1mRed\x1b[2", "01~b"]
    found = [e for piece in pieces for e in parser.feed(piece)]
    assert [(type(e).__name__, getattr(e, "text", None) or e.key) for e in found] == [
        ("Key", "a"),
        ("Paste", "Zz[31mRed"),
        ("Key", "b"),
    ]
