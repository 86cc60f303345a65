"""Effects applied without recording changes run compiled (game.engine.effects._compile_quiet): they must
leave exactly what the loop that records them leaves, value for value and type for type, and fail alike."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine.effects import EffectError, apply_effects
from game.engine.game import Game, LazyRandom
from game.story.bundled import bundled_story_dir
from game.story.compiled import EffectsSpec, VariableSpec
from game.story.expressions import compile_expression, function_table
from game.story.loader import load_story


def _exactly(variables: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Values with their types (1, 1.0, True and -0.0 all told apart)."""
    return sorted((k, type(v).__name__, repr(v)) for k, v in variables.items())


def _both_ways(effects: EffectsSpec, variables: dict[str, Any], specs, env, seed: int, clock=None):
    results = []
    for changes in (None, []):
        copy = dict(variables)
        try:
            apply_effects(effects, copy, specs, LazyRandom(seed, "t", 0), env, changes, clock)
        except Exception as err:  # noqa: BLE001 - compared below
            results.append((type(err), str(err)))
        else:
            results.append(_exactly(copy))
    return results


def _blocks(story) -> list[EffectsSpec]:
    found = []
    for scene in story.scenes.values():
        found.append(scene.effects)
        for choice in scene.choices:
            found.append(choice.effects)
            found += [o.effects for o in (choice.success, choice.failure) if o is not None]
    return [block for block in found if block.active]


@pytest.mark.slow  # the whole story against the reference, a few seconds: run by .ci/run with -m slow
def test_every_effects_block_of_the_bundled_story_compiles_and_matches_the_loop() -> None:
    story = load_story(bundled_story_dir())
    blocks = _blocks(story)
    assert len(blocks) > 1000
    compared = 0
    for seed in range(3):
        game = Game.start(story, sorted(story.origins)[seed % 5], seed)
        chooser = random.Random(seed)
        for turn in range(80):
            if game.ended:
                break
            if turn % 20 == 5:
                for block in blocks:
                    quiet, loud = _both_ways(block, game.state.variables, story.variables, game._env, turn, game._clock)
                    assert quiet == loud
                    compared += 1
            game.choose(chooser.choice([o for o in game.options() if o.enabled]).id, describe=False)
    assert compared > 5_000
    assert all(block.quiet is not None and block.quiet[1] is not None for block in blocks)


SPECS = {
    "fame": VariableSpec("fame", "number", 0, min=0, max=100),
    "ratio": VariableSpec("ratio", "number", 0.0, min=-1.5, max=2.5),
    "open": VariableSpec("open", "number", 0),
    "gigs": VariableSpec("gigs", "counter", 0, min=0.0, max=50.0),
    "keen": VariableSpec("keen", "flag", False),
    "city": VariableSpec("city", "string", "A", values=("A", "B")),
    "note": VariableSpec("note", "string", ""),
    "week": VariableSpec("week", "number", 1),
}
NUMBERS = st.one_of(st.integers(-200, 200), st.floats(-200, 200, allow_nan=False), st.sampled_from([-0.0, 0.0]))
VALUES = st.one_of(NUMBERS, st.booleans(), st.sampled_from(["A", "B", "C", "", "x"]))
NUMERIC = st.sampled_from(["fame", "ratio", "open", "gigs"])
ANY_NAME = st.sampled_from(sorted(set(SPECS) - {"week"}))
CONDITIONS = st.sampled_from(["fame > 10", "keen", "city == 'B'", "ratio < 0", "gigs // 0 > 1", "true"])


def _effects(depth: int = 1) -> st.SearchStrategy[EffectsSpec]:
    calcs = st.lists(
        st.tuples(ANY_NAME, st.sampled_from(["fame * 2", "ratio / 2", "gigs + 0.5", "city", "keen", "-fame"])),
        max_size=2,
    ).map(lambda items: tuple((n, compile_expression(e, frozenset(SPECS))) for n, e in items))
    branch = (
        st.none()
        if depth == 0
        else st.none()
        | st.tuples(CONDITIONS.map(lambda c: compile_expression(c, frozenset(SPECS))), _effects(0), _effects(0))
    )
    return st.builds(
        EffectsSpec,
        set=st.lists(st.tuples(ANY_NAME, VALUES), max_size=3).map(tuple),
        calc=calcs,
        add=st.lists(st.tuples(NUMERIC, NUMBERS), max_size=3).map(tuple),
        fair=st.lists(st.tuples(st.sampled_from(["fame", "gigs", "ratio"]), NUMBERS), max_size=2).map(tuple),
        roll=st.lists(st.tuples(NUMERIC, st.integers(-5, 0), st.integers(0, 5)), max_size=2).map(tuple),
        weeks=st.integers(0, 3),
        branch=branch,
    )


STATES = st.fixed_dictionaries(
    {
        "fame": NUMBERS,
        "ratio": NUMBERS,
        "open": NUMBERS,
        "gigs": st.integers(0, 50),
        "keen": st.booleans(),
        "city": st.sampled_from(["A", "B"]),
        "note": st.sampled_from(["", "x"]),
        "week": st.integers(1, 9),
    }
)


@settings(max_examples=250, deadline=None)
@given(effects=_effects(), variables=STATES, seed=st.integers(0, 3))
def test_random_blocks_leave_what_the_loop_leaves_or_fail_alike(effects, variables, seed) -> None:
    ticks: list[int] = []
    quiet, loud = _both_ways(effects, variables, SPECS, function_table(), seed, lambda v: ticks.append(v["week"]))
    assert quiet == loud


def test_a_value_that_does_not_fit_fails_the_same_way() -> None:
    effects = EffectsSpec(set=(("city", "Paris"),))
    for changes in (None, []):
        with pytest.raises(EffectError, match="not one of city's values"):
            apply_effects(effects, {"city": "A"}, SPECS, random.Random(0), function_table(), changes)


def test_a_block_naming_an_undeclared_variable_is_left_to_the_loop() -> None:
    effects = EffectsSpec(add=(("ghost", 1),))
    with pytest.raises(KeyError):
        apply_effects(effects, {"ghost": 1}, SPECS, random.Random(0), function_table(), None)
    assert effects.quiet is not None and effects.quiet[1] is None
