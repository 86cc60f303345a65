"""The writer's debug start (`steppe play --scene ID --set NAME=VALUE`) and replaying onto an edited story."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.debug import DebugError, convert_value, jump, parse_assignments
from game.engine.game import Game
from game.story.loader import load_story

TALE = Path(__file__).parent.parent / "tui" / "fixtures" / "tale"


@pytest.fixture(scope="module")
def story():
    return load_story(TALE)


def test_parse_assignments_splits_on_the_first_equals_sign():
    assert parse_assignments(["fame=40", "band_name=A=B", " city = Paris "]) == {
        "fame": "40",
        "band_name": "A=B",
        "city": "Paris",
    }


@pytest.mark.parametrize("bad", ["fame", "=3", ""])
def test_parse_assignments_rejects_pairs_without_a_name(bad):
    with pytest.raises(DebugError, match="NAME=VALUE"):
        parse_assignments([bad])


@pytest.mark.parametrize(
    ("name", "raw", "expected"),
    [
        ("fame", "40", 40),
        ("fame", "12.5", 12.5),
        ("gigs", "3", 3),
        ("met_scout", "true", True),
        ("met_scout", "no", False),
        ("city", "Paris", "Paris"),
        ("week", "12", 12),
        ("band_name", "[b]x", "[b]x"),
    ],
)
def test_values_are_converted_to_the_variables_type(story, name, raw, expected):
    value = convert_value(story, name, raw)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("fame", "lots", "is a number"),
        ("fame", "101", "between 0 and 100"),
        ("fame", "nan", "is a number"),
        ("gigs", "1.5", "counter"),
        ("gigs", "-1", "counter"),
        ("met_scout", "maybe", "flag"),
        ("city", "Pari", "did you mean 'Paris'"),
        ("fam", "3", "no variable 'fam' (did you mean 'fame'?)"),
        ("origin", "lena", "--origin"),
        ("week", "x", "is a number"),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(story, name, raw, message):
    with pytest.raises(DebugError, match=message.replace("(", r"\(").replace(")", r"\)").replace("?", r"\?")):
        convert_value(story, name, raw)


def test_jump_sets_values_then_enters_the_scene(story):
    game = Game.start(story, "lena", seed=1)
    assert jump(game, "gig_wedding", {"fame": "40", "city": "Paris"}) == "gig_wedding"
    assert game.state.scene == "gig_wedding"
    assert game.variables["fame"] == 40 and game.variables["city"] == "Paris"
    assert game.variables["gigs"] == 1  # the scene's own entry effect ran on top
    assert game.state.visits["gig_wedding"] == 1
    assert [c.id for c in game.view().choices] == ["play"]


def test_jump_changes_nothing_when_a_value_is_bad(story):
    game = Game.start(story, "lena", seed=1)
    before = dict(game.variables)
    with pytest.raises(DebugError):
        jump(game, "crossroads", {"fame": "40", "skill": "999"})
    assert game.variables == before and game.state.scene == "first_light"


def test_jump_to_a_missing_scene_suggests_the_nearest(story):
    game = Game.start(story, "lena", seed=1)
    with pytest.raises(DebugError, match="no scene 'crossroad' \\(did you mean 'crossroads'\\?\\)"):
        jump(game, "crossroad")


def test_jump_can_set_the_name(story):
    game = Game.start(story, "lena", seed=1)
    jump(game, "crossroads", {"name": "Zhan\x1b[31m"})
    assert game.state.name == "Zhan[31m" and game.variables["name"] == "Zhan[31m"


def test_a_debug_start_into_a_storylet_returns_to_the_scene_that_draws_it(story):
    # `steppe play --scene gig_wedding` used to be a dead end: "returns, but nothing was drawn to return to".
    from game.engine.debug import return_point

    drawer = next(s.id for s in story.scenes.values() for c in s.choices if c.draw == "gigs" or c.offer == "gigs")
    assert return_point(story, "gig_wedding") == drawer
    game = Game.start(story, "lena", seed=1)
    jump(game, "gig_wedding")
    game.choose("play")
    assert game.state.scene == drawer
