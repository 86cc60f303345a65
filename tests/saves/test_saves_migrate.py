"""Saves made on an older version of the story load on the edited one (tests/saves/fixtures/mini_v2)."""

from __future__ import annotations

import pytest
from savehelp import play, rewrite

from game.engine.game import Game
from game.saves.format import SaveDamaged
from game.saves.migrate import restore_state, variable_problem
from game.saves.store import SaveStore


def _game_in(story, scene: str, needs: str = "") -> Game:
    """A seeded random game on the mini story that ends up in ``scene`` having made the choice ``needs``."""
    for seed in range(200):
        for n in range(3, 40):
            game = play(story, n, seed=seed)
            if game.state.scene == scene and (not needs or any(t.choice == needs for t in game.state.turns)):
                return game
    raise AssertionError(f"no game reached {scene}")


def test_renamed_scene_and_choice_are_followed(mini, mini_v2):
    game = _game_in(mini, "hub", needs="audition")
    state, notes = restore_state(mini_v2, game.state.to_json())
    assert state.scene == "crossroads" and state.story_version == 2
    assert "audition" not in {t.choice for t in state.turns} and "try_out" in {t.choice for t in state.turns}
    assert all(t.scene != "hub" and t.target != "hub" for t in state.turns)
    assert "hub" not in state.visits and state.visits["crossroads"] == game.state.visits["hub"]
    assert not any("removed" in n for n in notes)
    resumed = Game(mini_v2, state)
    assert resumed._chose("crossroads", "try_out")
    assert {c.id for c in resumed.view().choices} >= {"gig", "try_out"}


def test_variables_added_removed_and_refitted(mini, mini_v2):
    game = _game_in(mini, "hub")
    data = game.state.to_json()
    data["variables"].update(fame=60, city="Paris", met=True)
    state, notes = restore_state(mini_v2, data)
    assert state.variables["energy"] == 100  # new: its declared initial value
    assert "met" not in state.variables  # removed: dropped
    assert state.variables["fame"] == 50  # now above the maximum: clamped
    assert state.variables["city"] == "Almaty"  # no longer allowed: the initial value
    assert state.variables["money"] == data["variables"]["money"]
    joined = "\n".join(notes)
    assert "starting at their initial values: Energy" in joined
    assert "dropped: met" in joined
    assert "'Fame' is 60, above its maximum 50: adjusted" in joined
    assert "'City' is 'Paris', not one of its values: adjusted" in joined


def test_saved_scene_removed_resumes_at_the_nearest_earlier_scene(tmp_path, mini, mini_v2):
    game = _game_in(mini, "gig_b")
    SaveStore(tmp_path, mini).save("old", game)
    result = SaveStore(tmp_path, mini_v2).load("old")
    assert result.ok and not result.from_backup
    last_existing = next(t for t in reversed(game.state.turns) if t.scene in ("hub", "intro", "gig_a"))
    kept = len(game.state.turns) - 1 - game.state.turns[::-1].index(last_existing)
    state = result.game.state
    assert state.scene == ("crossroads" if last_existing.scene == "hub" else last_existing.scene)
    assert len(state.turns) == kept  # the choice made there is to be made again
    assert state.variables["gigs"] == game.state.variables["gigs"]  # progress kept
    assert any(
        "the scene you saved in ('gig_b') was removed" in n and "resuming at 'Crossroads'" in n for n in result.notes
    )
    result.game.choose("gig")  # and play goes on


def test_nothing_of_the_turn_log_left_resumes_at_the_origin_start(mini, mini_v2):
    data = _game_in(mini, "gig_b").state.to_json()
    for turn in data["turns"]:
        turn["scene"] = "cut_scene"
    state, notes = restore_state(mini_v2, data)
    assert state.scene == "intro" and state.turns == []
    assert any("resuming at 'Hello Zhan'" in n for n in notes)


def test_undo_after_migration_replays_on_the_new_story(mini, mini_v2):
    game = _game_in(mini, "hub", needs="audition")
    state, _ = restore_state(mini_v2, game.state.to_json())
    resumed = Game(mini_v2, state)
    turns = len(resumed.state.turns)
    resumed.undo(1)
    assert len(resumed.state.turns) == turns - 1


def test_same_version_unknown_scene_is_damage_but_renamed_is_not(tmp_path, mini):
    store = SaveStore(tmp_path, mini)
    store.save("s", play(mini, 4))
    rewrite(store.path("s"), lambda d: d["state"].update(scene="gig_zz"))
    assert "does not have" in store.list_slots()[0].damaged


def test_a_removed_origin_is_damage(mini, mini_v2):
    data = play(mini, 3).state.to_json()
    data["origin"] = "cut"
    with pytest.raises(SaveDamaged, match="origin 'cut' is not in this story"):
        restore_state(mini_v2, data)


def test_a_newer_story_version_is_carried_the_same_way(mini, mini_v2):
    data = play(mini_v2, 6).state.to_json()
    data["story_version"] = 9
    state, _ = restore_state(mini_v2, data)
    assert state.story_version == 2


def test_wrong_type_from_an_older_version_becomes_the_initial_value(mini, mini_v2):
    data = play(mini, 3).state.to_json()
    data["variables"]["energy"] = "tired"  # a writer changed energy from text to a number
    state, notes = restore_state(mini_v2, data)
    assert state.variables["energy"] == 100 and any("'Energy' should be a number" in n for n in notes)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (True, "should be a number"),
        ("3", "should be a number"),
        (float("nan"), "should be a number"),
        (float("inf"), "should be a number"),
        (None, "should be a number"),
        (-1, "below its minimum"),
        (101, "above its maximum"),
        (50, None),
        (0.5, None),
    ],
)
def test_variable_problem_for_a_number(mini, value, problem):
    found = variable_problem(mini.variables["fame"], value)
    assert (found is None) if problem is None else problem in found


def test_counter_must_be_whole(mini):
    assert "whole number" in variable_problem(mini.variables["gigs"], 1.5)
    assert variable_problem(mini.variables["gigs"], 3) is None


def test_new_values_the_player_never_sees_are_counted_not_named(mini):
    """A second edition adds dozens of the story's own flags: a player loading an old save is told about
    the values the game shows, by their labels, and only how many others there are."""
    import dataclasses

    game = _game_in(mini, "hub")
    data = game.state.to_json()
    hidden = {
        f"quest_{n}": dataclasses.replace(mini.variables["fame"], name=f"quest_{n}", label="", show="hidden")
        for n in range(3)
    }
    shown = dataclasses.replace(mini.variables["fame"], name="buzz", label="Word of mouth", show="bar")
    wider = dataclasses.replace(mini, variables={**mini.variables, **hidden, "buzz": shown})
    _state, notes = restore_state(wider, data)
    joined = "\n".join(notes)
    assert "starting at their initial values: Word of mouth (and 3 the story keeps to itself)" in joined
    assert "quest_" not in joined
