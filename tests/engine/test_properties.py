"""Hypothesis: random valid stories never crash, keep variables in bounds, replay exactly, round-trip."""

from __future__ import annotations

import json
import random
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine.game import Game
from game.engine.state import GameState
from game.story.loader import load_story

STATS = ("fame", "money", "skill")
BOUNDS = {"fame": (0, 100), "money": (-50, 5000), "skill": (1, 10)}


@st.composite
def effects(draw: st.DrawFn) -> dict[str, Any]:
    block: dict[str, Any] = {}
    stat = draw(st.sampled_from(STATS))
    kind = draw(st.sampled_from(["add", "fair", "roll", "set", "weeks", "calc", "none"]))
    if kind == "add":
        block["add"] = {stat: draw(st.integers(-10_000, 10_000))}
    elif kind == "fair":
        block["fair"] = {stat: draw(st.integers(-100, 100))}
    elif kind == "roll":
        low = draw(st.integers(-500, 500))
        block["roll"] = {stat: [low, low + draw(st.integers(0, 500))]}
    elif kind == "set":
        low, high = BOUNDS[stat]
        block["set"] = {stat: draw(st.integers(low, high)), "flag": draw(st.booleans())}
    elif kind == "weeks":
        block["weeks"] = draw(st.integers(0, 5))
    elif kind == "calc":
        block["calc"] = {stat: f"{draw(st.sampled_from(STATS))} * {draw(st.integers(-3, 3))} + 7"}
    return block


@st.composite
def stories(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(2, 8))
    ids = [f"s{i}" for i in range(count)]
    endings = draw(st.lists(st.sampled_from(ids[1:]), min_size=1, max_size=count - 1, unique=True))
    scenes = []
    for scene_id in ids:
        scene: dict[str, Any] = {
            "id": scene_id,
            "title": f"Scene {scene_id}",
            "text": "{{ name }} has {{ fame }} fame{% if flag %}, flagged{% endif %}.",
        }
        if draw(st.booleans()):
            scene["pool"] = {"name": "p", "weight": draw(st.integers(1, 5)), "once": draw(st.booleans())}
        if draw(st.booleans()):
            scene["effects"] = draw(effects())
        if scene_id in endings:
            scene["ending"] = {"id": f"end_{scene_id}", "title": f"End {scene_id}"}
        else:
            # The first choice always leads on, so a generated story has no dead ends.
            choices = [{"id": "on", "text": "On", "goto": draw(st.sampled_from(endings)), "effects": draw(effects())}]
            for index in range(draw(st.integers(0, 3))):
                choice: dict[str, Any] = {"id": f"c{index}", "text": f"Choice {index}", "effects": draw(effects())}
                action = draw(st.sampled_from(["goto", "draw", "check", "locked"]))
                if action == "goto":
                    choice["goto"] = draw(st.sampled_from(ids))
                elif action == "draw":
                    choice["draw"] = "p"
                elif action == "check":
                    choice["check"] = {"stat": draw(st.sampled_from(STATS)), "difficulty": draw(st.integers(0, 100))}
                    choice["success"] = {"goto": draw(st.sampled_from(ids)), "effects": draw(effects())}
                    choice["failure"] = {"goto": draw(st.sampled_from(ids))}
                else:
                    choice["when"] = f"fame >= {draw(st.integers(0, 120))}"
                    choice["locked"] = "Not yet"
                    choice["goto"] = draw(st.sampled_from(ids))
                choices.append(choice)
            scene["choices"] = choices
        scenes.append(scene)
    if not any("pool" in s for s in scenes):
        scenes[-1]["pool"] = {"name": "p"}
    manifest = {
        "story": {"id": "gen", "title": "Generated"},
        "variables": {
            **{
                name: {"type": "number", "initial": low, "min": low, "max": high}
                for name, (low, high) in BOUNDS.items()
            },
            "flag": {"type": "flag"},
        },
        "origins": [{"id": "o", "name": "O", "home": "H", "instrument": "dombra", "intro": "I", "start": "s0"}],
    }
    return {"manifest": manifest, "scenes": scenes}


def write(spec: dict[str, Any], root: Path) -> Path:
    (root / "story.yaml").write_text(yaml.safe_dump(spec["manifest"]), encoding="utf-8")
    (root / "scenes.yaml").write_text(yaml.safe_dump({"scenes": spec["scenes"]}), encoding="utf-8")
    return root


def play(story, seed: int, picks: int = 60) -> tuple[Game, list[str]]:
    chooser = random.Random(seed)
    game = Game.start(story, "o", seed)
    taken = []
    while not game.ended and len(taken) < picks:
        enabled = [c.id for c in game.view().choices if c.enabled]
        assert enabled, f"dead end at {game.state.scene}"
        choice = chooser.choice(enabled)
        taken.append(choice)
        game.choose(choice)
        for name, (low, high) in BOUNDS.items():
            assert low <= game.variables[name] <= high
    return game, taken


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(spec=stories(), seed=st.integers(0, 2**32))
def test_random_stories_play_in_bounds_and_deterministically(spec, seed) -> None:
    with tempfile.TemporaryDirectory() as folder:
        story = load_story(write(spec, Path(folder)))
    game, taken = play(story, seed)
    again = Game.replay(story, "o", seed, None, ((c, None) for c in taken))
    assert again.state.dumps() == game.state.dumps()


@SETTINGS
@given(spec=stories(), seed=st.integers(0, 2**32))
def test_state_round_trips_through_json(spec, seed) -> None:
    with tempfile.TemporaryDirectory() as folder:
        story = load_story(write(spec, Path(folder)))
    game, _ = play(story, seed, picks=20)
    restored = GameState.from_json(json.loads(json.dumps(game.state.to_json())))
    assert restored == game.state
    assert Game(story, restored).view() == game.view()
