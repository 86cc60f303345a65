"""The Save / Load modal, driven from the keyboard with Pilot."""

from __future__ import annotations

from savehelp import play
from textual.app import App
from textual.widgets import Input, OptionList, Static

from game.saves.store import LoadResult, SaveStore, SlotInfo
from game.tui.screens.slots import ConfirmScreen, NameSlotScreen, SlotsScreen


class Harness(App):
    def __init__(self, screen: SlotsScreen) -> None:
        super().__init__()
        self.slots_screen = screen
        self.results: list = []

    def on_mount(self) -> None:
        self.push_screen(self.slots_screen, self.results.append)


def rows(app: Harness) -> list[str]:
    listing = app.screen.query_one(OptionList)
    return [listing.get_option_at_index(i).prompt.plain for i in range(listing.option_count)]


def message(app: Harness) -> str:
    return str(app.screen.query_one("#slots-message", Static).render())


async def test_load_lists_slots_and_a_digit_loads_one(tmp_path, mini):
    store = SaveStore(tmp_path, mini)
    older, newer = play(mini, 3, name="Aigerim"), play(mini, 9, name="Bakhyt")
    store.save("Older", older, play_seconds=125)
    store.save("Newer", newer, play_seconds=3725)
    store.autosave(newer)
    app = Harness(SlotsScreen(store, mini, "load"))
    async with app.run_test(size=(100, 30)) as pilot:
        shown = rows(app)
        assert shown[0].startswith(" 1  Newer") and "Bakhyt" in shown[0] and "1:02 played" in shown[0]
        assert f"week {newer.state.variables['week']}" in shown[0] and "saved 20" in shown[0]
        assert shown[1].startswith(" 2  Older") and "Aigerim" in shown[1] and "0:02 played" in shown[1]
        assert "Autosave 1  (autosave)" in shown[2]
        await pilot.press("2")
        await pilot.pause()
    [result] = app.results
    assert isinstance(result, LoadResult) and result.ok
    assert result.game.state.to_json() == older.state.to_json()


async def test_names_from_saves_are_shown_literally(tmp_path, mini):
    store = SaveStore(tmp_path, mini)
    store.save("[@click=app.quit]boom[/] [b]x", play(mini, 2, name="[red]Evil[/red] $accent"))
    app = Harness(SlotsScreen(store, mini, "load"))
    async with app.run_test(size=(100, 30)):
        [row] = rows(app)
        assert "[@click=app.quit]boom[/] [b]x" in row and "[red]Evil[/red] $accent" in row


async def test_a_damaged_slot_is_marked_and_does_not_load(tmp_path, mini):
    store = SaveStore(tmp_path, mini)
    store.save("Broken", play(mini, 2))
    store.path("broken").write_text("{")
    store.save("Half", play(mini, 2))
    store.save("Half", play(mini, 3))
    store.path("half").write_text("nope")
    app = Harness(SlotsScreen(store, mini, "load"))
    async with app.run_test(size=(100, 30)) as pilot:
        shown = rows(app)
        broken = next(r for r in shown if "broken" in r)  # its own name is inside the damaged file: the key shows
        half = next(r for r in shown if "Half" in r)
        assert "✗ damaged: the file is truncated" in broken
        assert "✗ damaged, loads its previous version: not valid JSON" in half
        number = shown.index(broken) + 1
        await pilot.press(str(number))
        await pilot.pause()
        assert app.results == [] and "Cannot load 'broken'" in message(app) and "truncated" in message(app)
        await pilot.press(str(shown.index(half) + 1))
        await pilot.pause()
    [result] = app.results
    assert result.ok and result.from_backup


async def test_escape_goes_back_with_nothing(tmp_path, mini):
    app = Harness(SlotsScreen(SaveStore(tmp_path, mini), mini, "load"))
    async with app.run_test() as pilot:
        assert "There are no saves yet." in message(app)
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


async def test_save_to_a_new_named_slot(tmp_path, mini):
    store = SaveStore(tmp_path, mini)
    game = play(mini, 5)
    app = Harness(SlotsScreen(store, mini, "save", game=game, play_seconds=42))
    async with app.run_test(size=(100, 30)) as pilot:
        assert rows(app)[0].strip() == "n  New save…"
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NameSlotScreen)
        await pilot.press(*"[b]Before[/b] the gig")
        assert app.screen.query_one(Input).value == "[b]Before[/b] the gig"
        await pilot.press("enter")
        await pilot.pause()
    [info] = app.results
    assert isinstance(info, SlotInfo) and info.display == "[b]Before[/b] the gig"
    loaded = store.load("[b]Before[/b] the gig")
    assert loaded.game.state.to_json() == game.state.to_json() and loaded.play_seconds == 42


async def test_new_save_refuses_empty_and_reserved_names(tmp_path, mini):
    app = Harness(SlotsScreen(SaveStore(tmp_path, mini), mini, "save", game=play(mini, 2)))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NameSlotScreen)
        assert "Type a name" in str(app.screen.query_one("#name-error", Static).render())
        await pilot.press(*"quicksave", "enter")
        await pilot.pause()
        assert "kept for the game" in str(app.screen.query_one("#name-error", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SlotsScreen)
    assert list(tmp_path.iterdir()) == []


async def test_overwrite_asks_first(tmp_path, mini):
    store = SaveStore(tmp_path, mini)
    store.save("Mine", play(mini, 2))
    before = store.path("mine").read_bytes()
    game = play(mini, 8)
    app = Harness(SlotsScreen(store, mini, "save", game=game))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Overwrite the save 'Mine'" in str(app.screen.query_one("#confirm-question", Static).render())
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, SlotsScreen) and store.path("mine").read_bytes() == before
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    [info] = app.results
    assert info.slot == "mine" and store.load("mine").game.state.to_json() == game.state.to_json()


async def test_typing_an_existing_name_asks_before_overwriting(tmp_path, mini):
    store = SaveStore(tmp_path, mini)
    store.save("Mine", play(mini, 2))
    app = Harness(SlotsScreen(store, mini, "save", game=play(mini, 8)))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", *"MINE", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [] and store.load("mine").game.state.to_json() == play(mini, 2).state.to_json()


async def test_overwriting_a_damaged_slot_says_so_and_needs_yes(tmp_path, mini):
    store = SaveStore(tmp_path, mini)
    (tmp_path / "hurt.save.json").write_text("garbage")
    game = play(mini, 4)
    app = Harness(SlotsScreen(store, mini, "save", game=game))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        question = str(app.screen.query_one("#confirm-question", Static).render())
        assert "is damaged" in question and "will be overwritten" in question
        await pilot.press("y")
        await pilot.pause()
    assert app.results[0].slot == "hurt" and store.load("hurt").ok


async def test_delete_asks_first(tmp_path, mini):
    store = SaveStore(tmp_path, mini)
    store.save("Keep", play(mini, 2))
    store.save("Drop", play(mini, 3))
    app = Harness(SlotsScreen(store, mini, "load"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("d")  # highlighted: the first row, "Drop" (newest)
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Delete the save 'Drop'" in str(app.screen.query_one("#confirm-question", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert store.exists("Drop")
        await pilot.press("d", "y")
        await pilot.pause()
        assert not store.exists("Drop") and store.exists("Keep")
        assert "Deleted 'Drop'" in message(app)
        assert len(rows(app)) == 1
        await pilot.press("down", "enter")
        await pilot.pause()
    assert app.results[0].ok


async def test_arrows_and_enter_load(tmp_path, mini):
    store = SaveStore(tmp_path, mini)
    store.save("A", play(mini, 2))
    store.save("B", play(mini, 3))
    app = Harness(SlotsScreen(store, mini, "load"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "enter")
        await pilot.pause()
    assert app.results[0].game.state.to_json() == play(mini, 2).state.to_json()


async def test_a_failed_save_is_reported_and_the_screen_stays(tmp_path, mini, monkeypatch):
    from game.saves.store import SaveError

    store = SaveStore(tmp_path, mini)

    def full(*_args, **_kwargs):
        raise SaveError("could not save: No space left on device")

    monkeypatch.setattr(store, "save", full)
    app = Harness(SlotsScreen(store, mini, "save", game=play(mini, 2)))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", *"x", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SlotsScreen)
        assert "Not saved: could not save: No space left on device" in message(app)
    assert app.results == []
