"""The engine's plans (game/engine/plans.py): answers kept by key must be the answers asked afresh.

Every cached path is checked against the plain one it stands for: pool members against asking each member's
condition, a scene's options against asking each question in turn, the key's reduction of numbers against
the comparisons it claims to settle.
"""

from __future__ import annotations

import gc
import operator
import random
import weakref

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine.game import Game
from game.engine.plans import PoolPlan, ScenePlan, compared_numbers, place
from game.story.bundled import bundled_story_dir
from game.story.loader import load_story
from game.story.templates import PLAIN_ENV, _renderer

COMPARE = (operator.lt, operator.le, operator.gt, operator.ge, operator.eq, operator.ne)
NUMBERS = st.one_of(st.integers(-50, 50), st.floats(-50, 50, allow_nan=False))


@settings(max_examples=300, deadline=None)
@given(thresholds=st.lists(NUMBERS, min_size=1, max_size=6), a=NUMBERS, b=NUMBERS)
def test_values_in_one_place_compare_alike_with_every_threshold(thresholds, a, b) -> None:
    between = tuple(sorted(set(thresholds)))
    if place(a, between) == place(b, between):
        for t in between:
            for op in COMPARE:
                assert op(a, t) == op(b, t) and op(t, a) == op(t, b)


def test_place_keeps_what_is_not_a_real_number_apart() -> None:
    between = (1, 30)
    assert place(True, between) == (True,) and place(True, between) != place(1, between)
    assert place("x", between) == ("x",)
    nan = float("nan")
    assert place(nan, between) != place(0, between)


def test_compared_numbers_only_takes_names_used_in_plain_comparisons() -> None:
    sources = [
        "fame >= 30 and 10 < fame",
        "money - 5 > 0",
        "skill == 1.5 or skill != 2",
        "ties > -3",
        "week in [1, 2]",
        'albums == 0 and visited("x") > 0',
        "energy",
    ]
    found = compared_numbers(sources, ["fame", "money", "skill", "ties", "week", "albums", "energy"])
    assert found == {"fame": (10, 30), "skill": (1.5, 2), "albums": (0,)}


# -- cached answers against asked ones, over random playthroughs ------------------------------------------


def _asked_one_by_one(game: Game) -> tuple[list, dict[str, list]]:
    """The options and every pool's members, asking each question afresh (no plan, no key, no memo)."""
    pools = {name: [m for m in members if game._eligible(m)] for name, members in game.story.pools.items()}
    game._pool_memo = {}
    try:
        options = game._options_one_by_one(game.scene)
    finally:
        game._pool_memo = None
    return options, pools


def _check_playthroughs(story, games: int, turns: int = 400) -> None:
    origins = sorted(story.origins)
    for index in range(games):
        chooser = random.Random(index)
        game = Game.start(story, origins[index % len(origins)], index)
        for _ in range(turns):
            if game.ended:
                break
            options, pools = _asked_one_by_one(game)
            assert game.options() == options, (index, game.state.scene)
            assert {name: game.eligible_members(name) for name in story.pools} == pools
            enabled = [o for o in options if o.enabled]
            if not enabled:
                break
            game.choose(chooser.choice(enabled).id, describe=bool(index % 2))


def test_bundled_story_options_and_pools_match_asking_one_by_one() -> None:
    _check_playthroughs(load_story(bundled_story_dir()), games=25)  # its runs are 65-85 choices now


POOLS_STORY = """\
story: {id: plans, title: Plans}
variables:
  fame: {type: number, initial: 10, min: 0, max: 100}
  money: {type: number, initial: 50, min: 0, max: 1000}
  city: {type: string, initial: A, values: [A, B]}
  keen: {type: flag}
origins:
  - {id: o, name: O, home: H, instrument: dombra, intro: I, start: hub}
scenes:
  - id: hub
    title: Hub
    effects: {roll: {fame: [-12, 15]}}
    choices:
      - {id: gig, text: Gig, when: "fame > 5 and available('gigs') > 0", require: "money >= 20",
         locked: Broke, draw: gigs}
      - {id: extra, text: Extra, draw: extras}
      - {id: menu, text: Menu, goto: menu}
      - {id: board, text: Board, goto: board}
      - {id: shop, text: Shop, when: "money > 100 or visited('a') > 1", goto: shop}
      - {id: risky, text: Risk, check: {chance: "fame + money / 20"}, success: {goto: hub}, failure: {goto: hub}}
      - {id: stat, text: Stat, check: {stat: fame, difficulty: 40}, success: {goto: hub}, failure: {goto: hub}}
      - {id: move, text: Move, effects: {set: {city: B}, add: {money: 40}}, goto: hub}
      - {id: end, text: End, when: "fame >= 90 or money >= 900", goto: fin}
  - id: menu
    title: Menu
    choices:
      - {id: pick, offer: gigs, limit: 2, return_to: hub}
      - {id: again, text: Again, when: "chose('hub', 'shop')", goto: hub}
      - {id: lucky, text: Lucky, when: "succeeded('hub', 'risky')", goto: hub}
      - {id: back, text: Back, goto: hub}
  - id: board
    title: Board
    choices:
      - {id: pick, offer: gigs, limit: 1, when: "chose('hub', 'move') or fame > 20", return_to: board}
      - {id: back, text: Back, goto: hub}
  - id: shop
    title: Shop
    choices:
      - {id: buy, text: Buy, when: "money >= 30", locked: "Need 30", goto: hub,
         effects: {add: {money: -30}, set: {keen: true}}}
      - {id: leave, text: Leave, goto: hub}
  - id: a
    title: A
    pool: {name: gigs, when: "city == 'A' and fame < 60"}
    choices: [{id: done, text: Done, effects: {add: {money: 25}}, goto: $return}]
  - id: b
    title: B
    pool: {name: gigs, when: "city == 'B' or fame >= 30.5", once: true}
    choices: [{id: done, text: Done, effects: {add: {money: 90, fame: 4}}, goto: $return}]
  - id: c
    title: C
    pool: {name: gigs, when: "keen and visited('shop') >= 2", weight: 3}
    choices: [{id: done, text: Done, effects: {add: {money: 5}}, goto: $return}]
  - id: d
    title: D
    pool: {name: extras, when: "chose('shop', 'buy')", once: true}
    choices: [{id: done, text: Done, goto: $return}]
  - id: e
    title: E
    pool: {name: extras, when: "available('gigs') > 1"}
    choices: [{id: done, text: Done, effects: {add: {fame: 3}}, goto: $return}]
  - id: fin
    title: Fin
    ending: {id: fin, title: Fin}
"""


def test_a_story_of_every_kind_of_question_matches_asking_one_by_one(make_story) -> None:
    story = load_story(make_story({"story.yaml": POOLS_STORY, "scenes.yaml": "scenes: []\n"}))
    # Every path is taken: keyed and unkeyed scenes and pools, pool sizes in a scene's key, offers in a
    # keyed scene (its layout kept, the members picked anew) and in an unkeyed one, chose() in a key.
    keyed = [s for s in ("hub", "menu", "board") if ScenePlan.make(story.scenes[s]).key is not None]
    assert keyed == ["hub", "board"]
    assert ScenePlan.make(story.scenes["hub"]).pools == ("extras", "gigs")
    assert PoolPlan.make(story.pools["gigs"]).key is not None and PoolPlan.make(story.pools["extras"]).key is None
    _check_playthroughs(story, games=120, turns=150)


# -- the rest of this change -------------------------------------------------------------------------------


def test_describe_false_moves_the_game_on_exactly_the_same_way() -> None:
    story = load_story(bundled_story_dir())
    for seed in range(20):
        chooser = random.Random(seed)
        shown = Game.start(story, sorted(story.origins)[seed % 5], seed)
        quiet = Game.start(story, sorted(story.origins)[seed % 5], seed)
        while not shown.ended:
            choice = chooser.choice([o for o in shown.options() if o.enabled]).id
            loud, silent = shown.choose(choice), quiet.choose(choice, describe=False)
            assert silent.changes == []
            assert (loud.outcome, loud.outcome_text, loud.target, loud.starved_pool) == (
                silent.outcome,
                silent.outcome_text,
                silent.target,
                silent.starved_pool,
            )
            assert shown.state.dumps() == quiet.state.dumps()


def test_a_finished_game_is_freed_without_the_cycle_collector() -> None:
    story = load_story(bundled_story_dir())
    enabled = gc.isenabled()
    gc.disable()
    try:
        game = Game.start(story, sorted(story.origins)[0], 1)
        game.options()
        game.choose(next(o for o in game.options() if o.enabled).id)
        gone = weakref.ref(game)
        del game
        assert gone() is None
    finally:
        if enabled:
            gc.enable()


@pytest.mark.parametrize(
    "source",
    [
        "{{ a }} and {{ b | money }}",
        "{% if a > 1 %}big{% else %}small{% endif %}",
        "{% for x in [1, 2] %}{{ x * a }},{% endfor %}{% set c = 3 %}{{ c }}",
    ],
)
def test_the_renderer_writes_what_template_render_writes(source) -> None:
    template = PLAIN_ENV.from_string(source)
    context = {"a": 2, "b": 15000}
    assert _renderer(template)(context) == template.render(context)
    assert context == {"a": 2, "b": 15000}


def test_the_renderer_fails_as_template_render_fails() -> None:
    template = PLAIN_ENV.from_string("{{ 1 // a }}{{ missing }}")
    for context in ({"a": 0}, {"a": 1}):
        with pytest.raises(Exception) as expected:
            template.render(context)
        with pytest.raises(type(expected.value)) as got:
            _renderer(template)(context)
        assert str(got.value) == str(expected.value)


SEASONS_STORY = """\
story: {id: seasons, title: Seasons, calendar: {start_year: 1990, start_week: 1}}
pools:
  gigs: {when_empty: quiet}
variables:
  fame: {type: number, initial: 10, min: 0, max: 100}
origins:
  - {id: o, name: O, home: H, instrument: dombra, intro: I, start: hub}
scenes:
  - id: hub
    title: Hub
    choices:
      - {id: gig, text: Gig, draw: gigs}
      - {id: wait, text: Wait, effects: {roll: {fame: [-3, 3]}, weeks: 1}, goto: hub}
      - {id: season, text: Season, effects: {months: 3}, goto: hub}
      - {id: end, text: End, when: "year >= 1993", draw: fate}
  - id: a
    title: A
    pool: {name: gigs, when: "fame < 60", cooldown: 2}
    choices: [{id: done, text: Done, effects: {add: {fame: 2}}, goto: $return}]
  - id: b
    title: B
    pool: {name: gigs, season: [summer, autumn], cooldown: 5, weight: 2}
    choices: [{id: done, text: Done, effects: {add: {fame: 5}}, goto: $return}]
  - id: c
    title: C
    pool: {name: gigs, from_year: 1991, until_year: 1992, once: true}
    choices: [{id: done, text: Done, goto: $return}]
  - id: quiet
    title: Quiet
    choices: [{id: done, text: Done, effects: {weeks: 1}, goto: $return}]
  - id: f1
    title: F1
    pool: {name: fate, score: fame}
    ending: {id: f1, title: F1}
  - id: f2
    title: F2
    pool: {name: fate, score: 30, when: "visited('b') > 2"}
    ending: {id: f2, title: F2}
"""


def test_cooldowns_and_date_windows_cached_match_asking_one_by_one(make_story) -> None:
    """A cooldown makes eligibility depend on the weeks since a visit: the cached answers must still be
    exactly what asking each member afresh gives."""
    story = load_story(make_story({"story.yaml": SEASONS_STORY, "scenes.yaml": "scenes: []\n"}, base=False))
    assert PoolPlan.make(story.pools["gigs"]).cooldowns == (("a", 2), ("b", 5))
    _check_playthroughs(story, games=80, turns=200)
