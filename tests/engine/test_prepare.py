"""Compiling the next scenes' text ahead of time changes nothing a player sees."""

from __future__ import annotations

import random

from game.engine.game import Game, prepare_texts
from game.story.loader import load_story

SCENES = """\
scenes:
  - id: start
    title: "Start, {{ fame }}"
    text: "Hello {{ fame }}."
    choices:
      - {id: go, text: "Go ({{ fame }})", goto: middle}
      - id: risk
        text: Risk it
        check: {chance: 50}
        success: {text: "It works at {{ fame }}.", goto: middle}
        failure: {text: "It fails at {{ fame }}.", goto: end}
  - id: middle
    title: Middle
    text: "{% if fame > 0 %}Known.{% else %}Unknown, {{ city }}.{% endif %}"
    effects: {add: {fame: 1}}
    choices:
      - {id: onward, text: "On to {{ city }}", goto: end}
  - id: end
    title: End
    ending: {id: fin, title: Fin}
    text: "Fin at {{ fame }}."
"""


def test_texts_ahead_are_the_next_scenes_and_outcomes_and_compiling_them_changes_nothing(make_story):
    story = load_story(make_story({"scenes.yaml": SCENES}))
    game = Game.start(story, "ana", 3)
    ahead = {t.source for t in game.texts_ahead()}
    assert ahead == {
        "{% if fame > 0 %}Known.{% else %}Unknown, {{ city }}.{% endif %}",
        "On to {{ city }}",
        "It works at {{ fame }}.",
        "It fails at {{ fame }}.",
        "Fin at {{ fame }}.",
    }
    assert prepare_texts(game.texts_ahead()) == 5
    assert all(t.render_fn._render is not None for t in game.texts_ahead())  # compiled, not only parsed


def test_a_game_played_with_texts_prepared_reads_exactly_as_one_without(make_story):
    story = load_story(make_story({"scenes.yaml": SCENES}))
    for seed in range(8):
        plain, prepared = Game.start(story, "ana", seed), Game.start(story, "ana", seed)
        chooser = random.Random(seed)
        while not plain.ended:
            prepared.prepare_next()
            assert prepared.view() == plain.view()
            choice = chooser.choice([o.id for o in plain.options() if o.enabled])
            assert prepared.choose(choice).outcome_text == plain.choose(choice).outcome_text
        assert prepared.state.dumps() == plain.state.dumps()
