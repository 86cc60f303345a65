"""The peers' translators (benchmarks/peers): they refuse what they cannot translate, and, where node and
the peers are present, what they write compiles and plays like ours. No timing is asserted."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from benchmarks.gen_story import generate
from benchmarks.peers import bench
from benchmarks.peers.choicescript import GAME, write_game
from benchmarks.peers.ink import escape, template, to_ink
from benchmarks.peers.source import Unsupported, read_story

DRIVER = Path(bench.__file__).resolve().parent / "ink_driver.js"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("peers") / "story", scenes=60)


def test_ink_text_is_escaped_and_templates_translated():
    assert escape("a -> b [c] {d} | # e // f") == r"a \-\> b \[c\] \{d\} \| \# e \/\/ f"
    line = "{% if fame >= 50 %}Known in {{ city }}.{% else %}Unknown.{% endif %} {{ money | money }}"
    assert template(line) == "{(fame >= 50):Known in {city}.|Unknown.} {money_text(money)}"


def test_unsupported_features_are_refused(tiny: Path, tmp_path: Path):
    copy = tmp_path / "story"
    shutil.copytree(tiny, copy)
    scenes = next(copy.rglob("scenes0000.yaml"))
    text = scenes.read_text(encoding="utf-8")
    scenes.write_text(text.replace("pool: {name: gigs}", "pool: {name: gigs, once: true}", 1), encoding="utf-8")
    with pytest.raises(Unsupported, match="pool keys"):
        read_story(copy)
    scenes.write_text(text.replace("{{ city }}", "{{ city | upper }}", 1), encoding="utf-8")
    with pytest.raises(Unsupported, match="substitution"):
        to_ink(read_story(copy))


def test_choicescript_translation_writes_every_scene(tiny: Path, tmp_path: Path):
    names = write_game(read_story(tiny), tmp_path / "scenes")
    assert names[0] == "startup" and names[-1] == "pools"
    body = "".join((tmp_path / "scenes" / f"{n}.txt").read_text(encoding="utf-8") for n in names)
    assert body.count("*label s") == 60
    assert "*selectable_if" in body and "fair_n modulo 100" in body and "*goto_scene {ret_scene} {ret_label}" in body


def _node_or_skip() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not on PATH: the peers' smoke tests need it")
    return node


def test_ink_translation_compiles_and_plays_like_ours(tiny: Path, tmp_path: Path):
    node = _node_or_skip()
    if not (bench.node_cache() / "node_modules" / "inkjs").is_dir():
        pytest.skip(f"inkjs is not installed in {bench.node_cache()} (python -m benchmarks --peers installs it)")
    story = read_story(tiny)
    (tmp_path / "s.ink").write_text(to_ink(story), encoding="utf-8")
    env = dict(os.environ, INKJS_DIR=str(bench.node_cache()))

    def drive(*args: str) -> dict:
        done = subprocess.run([node, str(DRIVER), *args], capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
        return json.loads(done.stdout.splitlines()[-1])

    compiled = drive("compile", str(tmp_path / "s.ink"), str(tmp_path / "s.json"))
    assert compiled["errors"] == [] and compiled["bytes"] > 0
    played = drive("play", str(tmp_path / "s.json"), "30", "ana,bek,dana", "400")
    assert played["dead_ends"] == 0
    assert sum(played["endings"].values()) + played["loops"] == 30
    assert set(played["endings"]) <= {f"end_{n:05d}" for n in (59, 46)}
    assert played["median_choices"] > 20  # as ours: runs wander a long way before an ending opens


def our_trace(story_dir: Path, origin: str, steps: int) -> list[dict]:
    """Our engine on the traces' rule: the last open choice that neither draws nor rolls a check."""
    from game.engine.game import Game
    from game.story.loader import load_story

    game = Game.start(load_story(story_dir), origin, 0)
    ours = []
    while len(ours) < steps and not game.ended:
        enabled = [o for o in game.options() if o.enabled]
        pick = [o for o in enabled if o.id not in ("gig", "audition")][-1]
        game.choose(pick.id)
        values = {k: game.state.variables[k] for k in ("skill", "fame", "money", "energy", "week", "city")}
        ours.append({"offered": len(enabled), **values, "gigs_played": game.state.variables["gigs_played"]})
    return ours


def test_ink_translation_plays_step_for_step_as_our_engine(tiny: Path, tmp_path: Path):
    """With no randomness (never a draw or a check), ink and our engine agree on every value at every step:
    effects, clamping, fairmath, entry effects, the calendar and which choices are open."""
    node = _node_or_skip()
    if not (bench.node_cache() / "node_modules" / "inkjs").is_dir():
        pytest.skip(f"inkjs is not installed in {bench.node_cache()} (python -m benchmarks --peers installs it)")
    (tmp_path / "s.ink").write_text(to_ink(read_story(tiny)), encoding="utf-8")
    env = dict(os.environ, INKJS_DIR=str(bench.node_cache()))
    compile_args = [node, str(DRIVER), "compile", str(tmp_path / "s.ink"), str(tmp_path / "s.json")]
    subprocess.run(compile_args, check=True, capture_output=True, env=env, timeout=120)
    for origin in ("ana", "bek", "dana"):
        done = subprocess.run(
            [node, str(DRIVER), "trace", str(tmp_path / "s.json"), origin, "150"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=True,
        )
        theirs = json.loads(done.stdout)
        assert len(theirs) > 20
        assert our_trace(tiny, origin, len(theirs)) == theirs, origin


def test_choicescript_translation_passes_randomtest(tiny: Path, tmp_path: Path):
    node = _node_or_skip()
    checkout = os.environ.get("CHOICESCRIPT_DIR")
    if not checkout:
        pytest.skip("set CHOICESCRIPT_DIR to a checkout of dfabulich/choicescript to run its randomtest")
    before = sorted(p.relative_to(checkout) for p in Path(checkout).rglob("*"))
    result = bench.choicescript_play(Path(checkout), tiny, 20, 1, tmp_path)
    assert result["checked_runs"] == 20
    assert result["median_choices"] > 20
    assert (tmp_path / "choicescript" / "web" / GAME / "scenes" / "startup.txt").is_file() and node
    assert sorted(p.relative_to(checkout) for p in Path(checkout).rglob("*")) == before  # left untouched


def test_choicescript_translation_plays_step_for_step_as_our_engine(tiny: Path, tmp_path: Path):
    """The same step-for-step comparison through ChoiceScript's own interpreter (values it keeps as text
    are read as numbers)."""
    node = _node_or_skip()
    checkout = os.environ.get("CHOICESCRIPT_DIR")
    if not checkout:
        pytest.skip("set CHOICESCRIPT_DIR to a checkout of dfabulich/choicescript to run ChoiceScript")
    game = bench.lay_out_game(Path(checkout), tiny, tmp_path)
    for number, origin in enumerate(("ana", "bek", "dana"), 1):
        done = subprocess.run(
            [node, str(DRIVER.parent / "cs_trace.js"), str(number), "150"],
            cwd=game,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        theirs = [
            {k: int(v) if isinstance(v, str) and v.lstrip("-").isdigit() else v for k, v in step.items()}
            for step in json.loads(done.stdout)
        ]
        assert len(theirs) > 20
        assert our_trace(tiny, origin, len(theirs)) == theirs, origin
