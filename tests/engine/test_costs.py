"""The costs shown before a choice: worked out variable by variable where the effects allow it, and always
the same as applying the effects to a copy of the whole state."""

from __future__ import annotations

import random

import pytest

import game.engine.costs as costs
from game.engine.costs import choice_costs
from game.engine.game import Game
from game.story.bundled import bundled_story_dir
from game.story.loader import load_story


@pytest.fixture(scope="module")
def story():
    return load_story(bundled_story_dir())


def _the_long_way(monkeypatch: pytest.MonkeyPatch, *args):
    with monkeypatch.context() as patched:
        patched.setattr(costs, "_separable", lambda names, blocks: False)
        return choice_costs(*args)


def test_separable_costs_match_the_effects_applied_to_a_copy(story, monkeypatch):
    chooser = random.Random(7)
    compared = separable = 0
    for run in range(15):
        origin = sorted(story.origins)[run % len(story.origins)]
        game = Game.start(story, origin, seed=run)
        for _turn in range(60):
            if game.ended:
                break
            options = game.options()
            for option in options:
                spec = option.spec
                args = (spec, game.state.variables, story, game._env, game._clock)
                blocks = [spec.effects, *(o.effects for o in (spec.success, spec.failure) if o is not None)]
                separable += all(block.separable for block in blocks)
                assert choice_costs(*args) == _the_long_way(monkeypatch, *args), (game.state.scene, spec.id)
                compared += 1
            enabled = [o for o in options if o.enabled]
            if not enabled:
                break
            game.choose(chooser.choice(enabled).id, None, describe=False)
    assert compared > 1000
    assert separable > compared / 2  # most choices take the short way: the comparison is not vacuous


def test_a_roll_shows_its_range_and_a_clamp_what_is_left(make_story):
    root = make_story(
        {
            "story.yaml": """\
                story: {id: costs, title: Costs}
                variables:
                  energy: {type: number, initial: 12, min: 0, max: 100, cost: true, label: Energy}
                  money: {type: number, initial: 500, min: 0, max: 100000, cost: true, label: Money}
                origins:
                  - {id: ana, name: Ana, home: Almaty, instrument: dombra, intro: A dombra player., start: home}
            """,
            "scenes.yaml": """\
                scenes:
                  - id: home
                    title: Home
                    text: Home.
                    choices:
                      - id: work
                        text: Work a double shift.
                        effects: {add: {energy: -20}, roll: {money: [-300, -100]}}
                        goto: home
                      - id: rest
                        text: Rest.
                        effects: {set: {energy: 100}}
                        goto: end
                  - id: end
                    title: End
                    ending: {id: fin, title: Fin}
                    text: Bye.
            """,
        },
        base=False,
    )
    story = load_story(root)
    game = Game.start(story, "ana", seed=1)
    work, rest = (o.spec for o in game.options())
    assert work.effects.separable and rest.effects.separable
    shown = {c.name: (c.low, c.high) for c in choice_costs(work, game.state.variables, story, game._env)}
    assert shown == {"energy": (12, 12), "money": (100, 300)}  # 20 asked, 12 left to take; a roll's range
    assert choice_costs(rest, game.state.variables, story, game._env) == ()  # a gain is no cost
