"""Phase three of the exhaustive playtest: climbing toward conditions random play never makes true, by
their branch distance; and exploring from saves (`--from-saves`), for the choices a story keeps for games
saved by an earlier edition."""

import json
import random
from pathlib import Path

import pytest

from game.cli import main
from game.engine.game import Game
from game.saves.store import SaveStore
from game.story.bundled import bundled_story_dir
from game.story.expressions import compile_expression, function_table
from game.story.loader import load_story
from game.tools.exhaustive import run_exhaustive
from game.tools.steering import Distance

KNOWN = {"energy", "fame", "city", "signed"}


def _distance(source: str, **values: object) -> float:
    expression = compile_expression(source, KNOWN)
    functions = function_table(
        visited=lambda scene: 2, chose=lambda s, c: False, available=lambda pool: 0, succeeded=lambda s, c: False
    )
    return Distance(expression)(lambda part: part.evaluate(values, functions))


def test_distance_is_zero_when_true_and_shrinks_as_the_state_nears_true():
    assert _distance("energy < 15", energy=10) == 0
    far, near = _distance("energy < 15", energy=60), _distance("energy < 15", energy=16)
    assert 0 < near < far < 1
    assert _distance("fame >= 40", fame=39) < _distance("fame >= 40", fame=5)
    # `and` adds its parts' distances, `or` takes the nearer; a string or a flag is 0 or 1 away.
    both = _distance('city == "Paris" and fame >= 40', city="Almaty", fame=30)
    assert both == pytest.approx(0.5 + _distance("fame >= 40", fame=30))
    assert _distance('city == "Paris" or fame >= 40', city="Almaty", fame=39) == _distance("fame >= 40", fame=39)
    assert _distance("signed", signed=False) == 0.5 and _distance("not signed", signed=False) == 0
    assert _distance('visited("x") > 3') == _distance("fame > 3", fame=2)  # calls are measured like names


# A musician who must arrive at the gate worn out to see its last choice. Random play visits the gate
# with energy near 80 (it is one choice in three from the start, and every "work" costs only 5), so only
# a search that wears the musician down on purpose finds the push.
_CLIMB = {
    "story.yaml": """\
        story: {id: climb, title: Climb, version: 1}
        variables:
          energy: {type: number, initial: 80, min: 0, max: 100}
        origins:
          - {id: ana, name: Ana, home: Almaty, instrument: dombra, intro: A dombra player., start: town}
        """,
    "scenes.yaml": """\
        scenes:
          - id: town
            title: Town
            text: "Energy {{ energy }}."
            choices:
              - {id: work, text: Work, effects: {add: {energy: -5}}, goto: town}
              - {id: rest, text: Rest, effects: {add: {energy: 20}}, goto: town}
              - {id: visit, text: Go to the gate, goto: gate}
          - id: gate
            title: Gate
            text: The gate.
            choices:
              - {id: push, text: Push through on nothing, when: energy < 10, goto: fell}
              - {id: leave, text: Leave, goto: home}
          - id: fell
            title: Fell
            ending: {id: fell, title: Fell}
          - id: home
            title: Home
            ending: {id: home, title: Home}
        """,
}


def test_random_play_misses_a_tired_choice_that_the_climb_finds(make_story):
    story = load_story(make_story(_CLIMB, base=False))
    random_only = run_exhaustive(story, seed=0, random_runs=200, max_runs=0)
    assert ("gate", "push") in random_only.never_taken
    [never] = [c for c in random_only.never_true if c.subject == "push"]
    assert never.ranges["energy"][0] >= 10  # the gate was only ever reached with energy to spare

    report = run_exhaustive(story, seed=0, random_runs=200)
    assert report.never_taken == [] and report.never_visited == []
    assert report.endings["fell"] > 0 and not report.failed
    route = report.ending_routes["fell"]  # a real path a player could take, replayed from the start
    game = Game.replay(story, route.origin, route.seed, None, route.steps)
    assert game.ended and game.scene.ending_id == "fell"


# A choice only a save made by an older version can show: no scene of today's story sets `legacy`.
_LEGACY = {
    "story.yaml": """\
        story: {id: legacy, title: Legacy, version: 2}
        variables:
          legacy: {type: flag}
        origins:
          - {id: ana, name: Ana, home: Almaty, instrument: dombra, intro: A dombra player., start: hall}
        """,
    "scenes.yaml": """\
        scenes:
          - id: hall
            title: Hall
            text: The hall.
            choices:
              - {id: go, text: Go on, when: not legacy, goto: end}
              - {id: resume, text: Pick up where the old version left you, when: legacy, goto: end}
          - id: end
            title: End
            ending: {id: fin, title: Fin}
        """,
}


@pytest.fixture
def legacy(make_story, tmp_path):
    root = make_story(_LEGACY, base=False)
    story = load_story(root)
    game = Game.start(story, "ana", 5)
    game.state.variables["legacy"] = True  # as a migrated save would hold it
    folder = tmp_path / "old-saves"
    SaveStore(folder, story).save("from the old version", game)
    return root, story, folder


def test_saves_are_explored_as_starting_points(legacy):
    _root, story, folder = legacy
    assert run_exhaustive(story, seed=0, random_runs=5).never_taken == [("hall", "resume")]
    state = SaveStore(folder, story).load("from_the_old_version", story).game.state
    report = run_exhaustive(story, seed=0, random_runs=5, starts={"old": state})
    assert report.never_taken == []
    # A path from a save is no path for a new player: the ending keeps its route from an origin.
    assert "save" not in report.ending_routes["fin"].to_json()


def test_cli_from_saves_and_a_damaged_save_is_a_clear_error(legacy, capsys):
    root, _story, folder = legacy
    assert main(["playtest", str(root), "--exhaustive", "--runs", "5", "--json", "--from-saves", str(folder)]) == 0
    assert json.loads(capsys.readouterr().out)["never_taken_choices"] == []
    broken = folder / "broken.save.json"
    broken.write_text("{ not json", encoding="utf-8")
    assert main(["playtest", str(root), "--exhaustive", "--runs", "5", "--from-saves", str(broken)]) == 2
    err = capsys.readouterr().err
    assert "--from-saves" in err and "broken.save.json" in err and "Traceback" not in err
    assert broken.read_text(encoding="utf-8") == "{ not json"  # reported, kept


FIRST_EDITION = Path(__file__).parents[1] / "fixtures" / "first_edition_saves"


def test_first_edition_saves_load_and_play_on_to_an_ending():
    bundled_story = load_story(bundled_story_dir())
    # Saves the first edition wrote (the hub, and scenes that now belong to one musician, saved by another):
    # each loads, shows one way on (never the scenes' owner's choices to someone else), and plays to an end.
    store = SaveStore(FIRST_EDITION, bundled_story)
    slots = store.list_slots(bundled_story)
    assert len(slots) >= 30 and not [s for s in slots if s.damaged]
    for info in slots:
        loaded = store.load(info.slot, bundled_story)
        assert loaded.game is not None, (info.slot, loaded.error)
        game = loaded.game
        shown = [o for o in game.options() if o.enabled]
        assert len(shown) == 1, (info.slot, [o.id for o in shown])
        game.choose(shown[0].id)  # on to its own season: the chapter, and an age that fits it
        if game.state.scene == "life_resume":
            game.choose(next(o.id for o in game.options() if o.enabled))
        assert game.variables["chapter_no"] >= 3 and game.variables["age"] >= 18, (info.slot, game.variables["age"])
        chooser = random.Random(info.slot)
        for _ in range(400):
            if game.ended:
                break
            game.choose(chooser.choice([o.id for o in game.options() if o.enabled]))
        assert game.ended, info.slot
