"""Bad saves: each listed as damaged with its reason, the backup used when it is good, nothing crashing,
nothing overwritten or deleted without asking."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from savehelp import play, rewrite

from game.saves.format import SaveDamaged, decode
from game.saves.store import DamagedSlotError, SaveStore


def _set_var(name, value):
    def change(doc):
        doc["state"]["variables"][name] = value

    return change


def _set_state(key, value):
    def change(doc):
        doc["state"][key] = value

    return change


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])


def _hand_edit(path: Path) -> None:  # an edit without recomputing the checksum
    path.write_text(path.read_text(encoding="utf-8").replace('"money": ', '"money": 9', 1), encoding="utf-8")


def _newer_schema(path: Path) -> None:
    rewrite(path, lambda doc: doc.update(schema=99))


DAMAGES = {
    "truncated": (_truncate, "truncated"),
    "empty": (lambda p: p.write_bytes(b""), "empty"),
    "not json": (lambda p: p.write_text("this is not a save"), "not valid JSON"),
    "binary": (lambda p: p.write_bytes(b"\xff\xfe\x00garbage"), "not UTF-8"),
    "other json": (lambda p: p.write_text("[1, 2, 3]"), "not a Steppe to Stage save"),
    "checksum": (_hand_edit, "checksum does not match"),
    "newer schema": (_newer_schema, "newer version of the game"),
    "another story": (lambda p: rewrite(p, _set_state("story_id", "someone-elses")), "another story"),
    "stat above max": (lambda p: rewrite(p, _set_var("fame", 150)), "'Fame' is 150, above its maximum 100"),
    "stat below min": (lambda p: rewrite(p, _set_var("money", -5)), "'Money' is -5, below its minimum 0"),
    "not a value": (lambda p: rewrite(p, _set_var("city", "Atlantis")), "not one of its values"),
    "unknown scene": (lambda p: rewrite(p, _set_state("scene", "nowhere")), "scene 'nowhere'"),
    "unknown origin": (lambda p: rewrite(p, _set_state("origin", "zed")), "origin 'zed'"),
    "wrong type number": (lambda p: rewrite(p, _set_var("fame", "lots")), "'Fame' should be a number"),
    "wrong type flag": (lambda p: rewrite(p, _set_var("met", 1)), "'Met' should be true or false"),
    "wrong type seed": (lambda p: rewrite(p, _set_state("seed", "7")), "'seed' should be a whole number"),
    "wrong type turns": (lambda p: rewrite(p, _set_state("turns", {"a": 1})), "turn log should be a list"),
    "wrong type turn": (
        lambda p: rewrite(p, _set_state("turns", [{"scene": 1, "week": 1}])),
        "turn 1: 'scene' should be text",
    ),
    "wrong type variables": (lambda p: rewrite(p, _set_state("variables", [])), "'variables' should be an object"),
    "no state": (lambda p: rewrite(p, lambda d: d.pop("state")), "no game state"),
    "bad date": (lambda p: rewrite(p, lambda d: d.update(saved_at="yesterday")), "'saved_at' is not a date"),
    "NaN": (lambda p: p.write_text(re.sub(r'"fame": [0-9.]+', '"fame": NaN', p.read_text(), count=1)), "not a number"),
    "deep nesting": (lambda p: p.write_text("[" * 100000), "nested too deeply|truncated"),
}


@pytest.mark.parametrize("kind", list(DAMAGES))
def test_a_damaged_save_is_listed_with_its_reason_and_left_untouched(tmp_path, mini, kind):
    damage, reason = DAMAGES[kind]
    store = SaveStore(tmp_path, mini)
    store.save("slot", play(mini, 5))
    damage(store.path("slot"))
    before = store.path("slot").read_bytes()

    [info] = store.list_slots()
    assert info.damaged is not None and not info.loadable
    assert any(part in info.damaged for part in reason.split("|")), info.damaged
    result = store.load("slot")
    assert result.game is None and any(part in result.error for part in reason.split("|"))
    assert store.latest() is None
    with pytest.raises(DamagedSlotError):
        store.save("slot", play(mini, 6))
    assert store.path("slot").read_bytes() == before  # listed, loaded, refused: never changed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["slot.save.json"]


@pytest.mark.parametrize("kind", list(DAMAGES))
def test_a_damaged_save_falls_back_to_its_good_backup(tmp_path, mini, kind):
    damage = DAMAGES[kind][0]
    store = SaveStore(tmp_path, mini)
    previous, latest = play(mini, 5), play(mini, 8)
    store.save("slot", previous)
    store.save("slot", latest)
    damage(store.path("slot"))
    before = store.path("slot").read_bytes()

    [info] = store.list_slots()
    assert info.damaged and info.from_backup and info.loadable
    assert info.week == previous.state.variables["week"]
    result = store.load("slot")
    assert result.ok and result.from_backup
    assert result.game.state.to_json() == previous.state.to_json()
    assert "damaged" in result.notes[0] and "previous version" in result.notes[0]
    assert store.path("slot").read_bytes() == before


def test_a_missing_main_file_loads_the_backup(tmp_path, mini):
    store = SaveStore(tmp_path, mini)
    store.save("slot", play(mini, 2))
    store.save("slot", play(mini, 4))
    store.path("slot").unlink()
    result = store.load("slot")
    assert result.ok and result.from_backup and "missing" in result.notes[0]
    assert [i.slot for i in store.list_slots()] == ["slot"]


def test_saving_over_a_damaged_slot_with_permission_keeps_the_good_backup(tmp_path, mini):
    store = SaveStore(tmp_path, mini)
    good, newest = play(mini, 2), play(mini, 9)
    store.save("slot", good)
    store.save("slot", play(mini, 4))
    store.path("slot").write_text("{")
    store.save("slot", newest, overwrite_damaged=True)
    assert store.load("slot").game.state.to_json() == newest.state.to_json()
    backup = store._read(store.backup_path("slot")).document
    assert backup["state"] == good.state.to_json()  # the damaged file never became the backup


def test_same_version_is_strict_but_values_within_bounds_pass(tmp_path, mini):
    store = SaveStore(tmp_path, mini)
    store.save("slot", play(mini, 5))
    rewrite(store.path("slot"), _set_var("fame", 100))  # the maximum itself is fine
    assert store.load("slot").ok


def test_control_characters_in_a_saved_name_are_stripped(tmp_path, mini):
    store = SaveStore(tmp_path, mini)
    store.save("slot", play(mini, 5))
    rewrite(
        store.path("slot"),
        lambda d: (d["state"].update(name="Zh\x1b[31man"), d["state"]["variables"].update(name="Zh\x1b[31man")),
    )
    [info] = store.list_slots()
    assert info.musician == "Zh[31man"
    assert store.load("slot").game.state.name == "Zh[31man"


def test_decode_refuses_oversized_files():
    with pytest.raises(SaveDamaged, match="too large"):
        decode(b"{" + b" " * (33 * 1024 * 1024) + b"}")


def test_json_error_position_is_reported_for_damage_in_the_middle(tmp_path, mini):
    store = SaveStore(tmp_path, mini)
    store.save("slot", play(mini, 5))
    text = store.path("slot").read_text()
    store.path("slot").write_text(text.replace('"schema": 1,', '"schema": 1,,', 1))
    [info] = store.list_slots()
    assert "not valid JSON (line 3" in info.damaged
    assert json.loads(text)  # the original was fine
