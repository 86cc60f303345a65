"""The story's bookkeeping (variables it marks hidden) is never told to the player as a change."""

from __future__ import annotations

from game.engine.effects import visible_changes
from game.engine.game import Game
from game.engine.journal import build_history
from game.story.loader import load_story

MANIFEST = """\
story: {id: books, title: Books}
variables:
  fame: {type: number, initial: 0, min: 0, max: 100, label: Fame}
  bills_week: {type: counter, show: hidden}
  upkeep: {type: number, initial: 0, min: 0, max: 1000, show: hidden}
  met: {type: flag}
origins:
  - {id: ana, name: Ana, home: Almaty, instrument: dombra, intro: Ana., start: yard}
"""
SCENES = """\
scenes:
  - id: yard
    title: Yard
    text: The yard.
    choices:
      - id: play
        text: Play
        effects: {add: {fame: 2, bills_week: 1}, set: {upkeep: 450, met: true}, weeks: 1}
        goto: end
  - id: end
    title: End
    ending: {id: fin, title: Fin}
    text: Bye.
"""


def test_hidden_values_change_silently_and_the_journal_agrees(make_story):
    story = load_story(make_story({"story.yaml": MANIFEST, "scenes.yaml": SCENES}))
    game = Game.start(story, "ana", 1)
    result = game.choose("play")
    assert {c.name for c in result.changes} >= {"fame", "bills_week", "upkeep", "week"}
    told = [c.describe() for c in visible_changes(result.changes, story.variables)]
    assert told == ["+2 Fame", "+1 week"]  # a flag is the story's own unless it says to show it
    assert game.variables["bills_week"] == 1 and game.variables["upkeep"] == 450  # changed all the same
    history = build_history(story, lambda s: Game.start(s, "ana", 1), game.state.turns)
    assert sorted(history.records[0].changes) == sorted(told)
