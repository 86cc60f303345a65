"""Slots, quicksave, autosaves, backups, slot names, the saves folder: SaveStore end to end on real files."""

from __future__ import annotations

import errno
import json
import os
import re
from pathlib import Path

import pytest
from savehelp import play

from game.saves import store as store_module
from game.saves.format import FORMAT_NAME, SCHEMA_VERSION, checksum
from game.saves.store import (
    DamagedSlotError,
    SaveError,
    SaveStore,
    default_saves_dir,
    slot_key,
)


def test_save_then_load_gives_back_the_same_state(tmp_path, mini, game):
    store = SaveStore(tmp_path, mini)
    info = store.save("Before the audition", game, play_seconds=754.2)
    assert (info.slot, info.display, info.kind) == ("before_the_audition", "Before the audition", "slot")
    result = store.load("Before the audition")
    assert result.ok and result.error is None and result.notes == [] and not result.from_backup
    assert result.game.state.to_json() == game.state.to_json()
    assert result.play_seconds == 754.2
    # the key works as well as the typed name
    assert store.load(info.slot).game.state.to_json() == game.state.to_json()


def test_loaded_game_plays_on_exactly_like_the_original(tmp_path, mini):
    original = play(mini, 30)
    store = SaveStore(tmp_path, mini)
    store.save("x", original)
    loaded = store.load("x").game
    for _ in range(5):
        choice = next(c.id for c in original.view().choices if c.enabled and c.id != "finish")
        original.choose(choice)
        loaded.choose(choice)
    assert loaded.state.to_json() == original.state.to_json()


def test_file_is_readable_json_with_everything_the_issue_lists(tmp_path, mini, game):
    store = SaveStore(tmp_path, mini)
    store.save("Readable", game, play_seconds=61)
    text = store.path("readable").read_text(encoding="utf-8")
    assert text.startswith('{\n  "format"')  # indented
    doc = json.loads(text)
    assert doc["format"] == FORMAT_NAME and doc["schema"] == SCHEMA_VERSION
    assert doc["story"] == {"id": "mini", "version": 1, "title": "Mini"}
    assert doc["slot"] == "Readable" and doc["play_seconds"] == 61 and doc["saved_at"].endswith("+00:00")
    state = doc["state"]
    assert state["seed"] == 7 and state["origin"] == "ana" and state["name"] == "Zhan"
    assert state["variables"] == game.state.variables
    assert [(t["scene"], t["choice"]) for t in state["turns"]] == [(t.scene, t.choice) for t in game.state.turns]
    assert doc["checksum"] == checksum(doc)
    # one turn per line: a person can read and diff the log
    assert text.count('{"scene": ') == len(game.state.turns)


def test_list_shows_musician_scene_week_play_time_and_when(tmp_path, mini, game):
    store = SaveStore(tmp_path, mini)
    store.save("One", game, play_seconds=3600)
    [info] = store.list_slots()
    assert info.musician == "Zhan" and info.origin == "ana"
    assert info.scene == game.state.scene and info.scene_title == game.view().title
    assert info.week == game.state.variables["week"] and info.play_seconds == 3600
    assert info.saved_at is not None and info.damaged is None and info.loadable


def test_second_save_keeps_the_first_as_backup(tmp_path, mini):
    store = SaveStore(tmp_path, mini)
    first, second = play(mini, 3), play(mini, 9)
    store.save("slot", first)
    assert not store.backup_path("slot").exists()
    store.save("slot", second)
    assert store.load("slot").game.state.to_json() == second.state.to_json()
    backup = SaveStore(tmp_path, mini)._read(store.backup_path("slot"))
    assert backup.document["state"] == first.state.to_json()


# "-#" stands for the short hash added when the readable part lost something of the name (issue 17, item 25:
# every distinct name gets its own file).
@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("../../etc/passwd", "etc_passwd-#"),
        ("..", "save-#"),
        ("", "save-#"),
        ("   ", "save-#"),
        ('a/b\\c:d*e?f"g<h>i|j', "a_b_c_d_e_f_g_h_i_j-#"),
        ("nul\x00byte\x1b[31m", "nulbyte_31m-#"),
        ("CON", "slot_con-#"),
        ("lpt1", "slot_lpt1-#"),
        ("Сәуле's Save", "сәуле_s_save-#"),
        ("UPPER lower", "upper_lower"),
        (".hidden", "hidden-#"),
        ("x" * 300, "x" * 53 + "-#"),
    ],
)
def test_slot_names_become_safe_file_names(tmp_path, mini, game, typed, key):
    assert re.fullmatch(re.escape(key).replace("\\#", "[0-9a-f]{6}").replace("\\-", "-"), slot_key(typed))
    key = slot_key(typed)
    assert slot_key(key) == key  # a key passed back in names the same file
    store = SaveStore(tmp_path, mini)
    if typed.strip() and not store_module.is_reserved(key):
        info = store.save(typed, game)
        assert info.slot == key
        assert store.path(key).resolve().parent == tmp_path.resolve()
        assert [p.name for p in tmp_path.iterdir()] == [f"{key}.save.json"]


def test_display_name_is_kept_literally_inside_the_file(tmp_path, mini, game):
    store = SaveStore(tmp_path, mini)
    typed = "[b]Bold[/b] [@click=app.quit]x[/] \x1b[2J"
    store.save(typed, game)
    [info] = store.list_slots()
    assert info.display == "[b]Bold[/b] [@click=app.quit]x[/] [2J"  # control characters gone, the rest as typed


def test_reserved_names_are_refused_for_player_slots(tmp_path, mini, game):
    store = SaveStore(tmp_path, mini)
    for name in ("quicksave", "Autosave-1", "QUICKSAVE", " autosave-3 "):
        with pytest.raises(SaveError, match="kept for the game"):
            store.save(name, game)
    assert list(tmp_path.iterdir()) == []


def test_autosave_keeps_the_last_few_newest_first(tmp_path, mini):
    store = SaveStore(tmp_path, mini)
    games = [play(mini, n) for n in range(1, 6)]
    for game in games:
        store.autosave(game)
    autos = [i for i in store.list_slots() if i.kind == "autosave"]
    chain = store_module.playthrough_id(games[0])  # one playthrough (same seed, origin, name): one chain
    assert [i.slot for i in autos] == [store_module.autosave_key(chain, n) for n in (1, 2, 3)]
    assert [i.display for i in autos] == ["Autosave 1", "Autosave 2", "Autosave 3"]
    assert [store.load(i.slot).game.state.to_json() for i in autos] == [g.state.to_json() for g in games[:-4:-1]]
    assert store.latest().slot == store_module.autosave_key(chain, 1)


def test_a_damaged_autosave_rotating_out_is_set_aside_not_deleted(tmp_path, mini):
    store = SaveStore(tmp_path, mini)
    for n in range(3):
        store.autosave(play(mini, n + 1))
    store.path(store_module.autosave_key(store_module.playthrough_id(play(mini, 1)), 3)).write_text("garbage")
    store.autosave(play(mini, 9))
    aside = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert len(aside) == 1 and aside[0].read_text() == "garbage"
    assert len([i for i in store.list_slots() if i.kind == "autosave"]) == 3


def test_quicksave_and_quickload(tmp_path, mini):
    store = SaveStore(tmp_path, mini)
    assert not store.quickload().ok
    first, second = play(mini, 4), play(mini, 8)
    store.quicksave(first)
    store.quicksave(second)
    assert store.quickload().game.state.to_json() == second.state.to_json()
    [info] = store.list_slots()
    assert (info.slot, info.kind, info.display) == ("quicksave", "quicksave", "Quicksave")


def test_latest_is_the_newest_loadable_save(tmp_path, mini):
    store = SaveStore(tmp_path, mini)
    assert store.latest() is None
    store.save("old", play(mini, 2))
    store.save("newer", play(mini, 3))
    assert store.latest().slot == "newer"
    store.path("newer").write_text("{")  # damaged, and no backup to fall back on
    assert store.latest().slot == "old"


def test_delete_removes_the_slot_and_its_backup_only(tmp_path, mini, game):
    store = SaveStore(tmp_path, mini)
    store.save("gone", game)
    store.save("gone", game)
    store.save("kept", game)
    store.delete("gone")
    assert [i.slot for i in store.list_slots()] == ["kept"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.save.json"]
    store.delete("never-existed")  # nothing to do, no error


def test_load_of_a_missing_slot_is_an_error_not_a_crash(tmp_path, mini):
    result = SaveStore(tmp_path / "nowhere", mini).load("nothing")
    assert result.game is None and "no save called 'nothing'" in result.error


def test_full_disk_leaves_the_old_save_and_no_temporary_file(tmp_path, mini, monkeypatch):
    store = SaveStore(tmp_path, mini)
    store.save("slot", play(mini, 2))
    before = store.path("slot").read_bytes()
    real_write = os.write

    def full(fd, data):
        real_write(fd, bytes(data)[:10])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(SaveError, match="No space left"):
        store.save("slot", play(mini, 5))
    with pytest.raises(SaveError, match="No space left"):
        store.autosave(play(mini, 5))
    monkeypatch.undo()
    assert store.path("slot").read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert store.load("slot").ok


def test_stale_temporary_files_are_cleaned_up_fresh_ones_left(tmp_path, mini):
    stale, fresh = tmp_path / ".slot.save.json.dead.tmp", tmp_path / ".slot.save.json.live.tmp"
    stale.write_text("half")
    fresh.write_text("half")
    os.utime(stale, (1, 1))
    SaveStore(tmp_path, mini)
    assert not stale.exists() and fresh.exists()


def test_saves_folder_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("STEPPE_SAVES", str(tmp_path / "mine"))
    assert default_saves_dir() == tmp_path / "mine"


def test_saves_folder_in_a_source_checkout(monkeypatch):
    monkeypatch.delenv("STEPPE_SAVES", raising=False)
    monkeypatch.setattr("game.story.bundled.is_source_checkout", lambda: True)
    assert default_saves_dir() == Path(store_module.__file__).resolve().parents[2] / "saves"


def test_saves_folder_per_user_when_installed(monkeypatch):
    import platformdirs

    monkeypatch.delenv("STEPPE_SAVES", raising=False)
    monkeypatch.setattr("game.story.bundled.is_source_checkout", lambda: False)
    assert default_saves_dir() == Path(platformdirs.user_data_dir("steppe-to-stage", appauthor=False))


def test_cli_saves_option_sets_the_folder(monkeypatch, tmp_path, capsys):
    from game import cli

    monkeypatch.delenv("STEPPE_SAVES", raising=False)
    code = cli.main(
        [
            "--saves",
            str(tmp_path / "chosen"),
            "saves",
            "check",
            "--story",
            str(Path(__file__).resolve().parents[1] / "fixtures" / "mini"),
        ]
    )
    assert code == 0
    assert str(tmp_path / "chosen") in capsys.readouterr().out
    assert os.environ["STEPPE_SAVES"] == str(tmp_path / "chosen")


def test_saving_over_a_damaged_slot_needs_explicit_permission(tmp_path, mini, game):
    store = SaveStore(tmp_path, mini)
    store.path("hurt").write_text('{"broken": ')
    with pytest.raises(DamagedSlotError, match="damaged"):
        store.save("hurt", game)
    assert store.path("hurt").read_text() == '{"broken": '
    store.save("hurt", game, overwrite_damaged=True)
    assert store.load("hurt").ok


def test_state_json_matches_the_engines_own_format(mini):
    from game.saves.format import state_json

    for n in (0, 1, 40):
        game = play(mini, n)
        assert state_json(game.state) == game.state.to_json()


def test_backup_is_copied_where_hard_links_are_not_supported(tmp_path, mini, monkeypatch):
    def no_links(*_args):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    store = SaveStore(tmp_path, mini)
    first, second = play(mini, 3), play(mini, 6)
    store.save("s", first)
    store.save("s", second)
    assert store._read(store.backup_path("s")).document["state"] == first.state.to_json()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_file_changed_behind_the_stores_back_is_checked_again(tmp_path, mini):
    store = SaveStore(tmp_path, mini)
    store.save("s", play(mini, 3))
    store.path("s").write_text("{}")  # replaced by hand after this store wrote it
    with pytest.raises(DamagedSlotError):
        store.save("s", play(mini, 4))


def test_a_save_of_another_story_is_not_overwritten_without_asking(tmp_path, mini, mini_v2):
    SaveStore(tmp_path, mini).save("s", play(mini, 3))
    other = SaveStore(tmp_path, mini_v2)
    from savehelp import rewrite

    rewrite(other.path("s"), lambda d: d["state"].update(story_id="another"))
    with pytest.raises(DamagedSlotError, match="another story"):
        other.save("s", play(mini_v2, 2))


def test_quicksave_over_a_damaged_quicksave_moves_it_aside(tmp_path, mini):
    store = SaveStore(tmp_path, mini)
    store.path("quicksave").write_text("hand-written nonsense")
    game = play(mini, 4)
    store.quicksave(game)
    assert store.quickload().game.state.to_json() == game.state.to_json()
    [aside] = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert aside.read_text() == "hand-written nonsense"
