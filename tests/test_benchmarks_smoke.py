"""The benchmarks still run: a tiny version of each (no timing is asserted: timings live in benchmarks/)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.gen_story import generate
from game.story.loader import check_story

ROOT = Path(__file__).resolve().parent.parent
GROUPS = {"load", "startup", "choice", "pty", "memory", "playtest", "saves", "lsp"}


def test_generated_story_checks_clean(tmp_path, monkeypatch):
    monkeypatch.setenv("STEPPE_NO_CACHE", "1")
    folder = generate(tmp_path / "story", scenes=120)
    story, diagnostics = check_story(folder)
    assert story is not None
    assert diagnostics == []
    assert len(story.scenes) == 120
    assert story.endings and story.pools


def test_generated_story_is_deterministic(tmp_path):
    first = generate(tmp_path / "a", scenes=60)
    second = generate(tmp_path / "b", scenes=60)
    files = sorted(p.relative_to(first) for p in first.rglob("*.yaml"))
    assert files == sorted(p.relative_to(second) for p in second.rglob("*.yaml"))
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


@pytest.mark.slow  # every benchmark once, ~20 s: run by .ci/run with -m slow
def test_every_benchmark_runs(tmp_path):
    out = tmp_path / "quick.json"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["quick"] is True
    assert result["errors"] == {}
    assert {row["group"] for row in result["rows"]} == GROUPS
    assert all(row["value"] > 0 for row in result["rows"])
    assert "ratio" in done.stdout  # the table was printed


@pytest.mark.slow  # a benchmark tool on the bundled story, ~2 s: run by .ci/run with -m slow
def test_the_playtest_floor_records_exactly_the_playtests_choices():
    from collections import Counter

    from benchmarks import profiles
    from game.engine.game import Game, LazyRandom
    from game.engine.playtest import run_playtest
    from game.story.bundled import bundled_story_dir
    from game.story.loader import load_story

    story = load_story(bundled_story_dir())
    before = (Game.choose, Game.options, LazyRandom._get)
    taken = profiles._record_playtest(story, 12)
    assert (Game.choose, Game.options, LazyRandom._get) == before  # the engine is left as it was
    report = run_playtest(story, 12, seed=0)
    assert len(taken) == sum(report.turns_per_run)
    assert Counter((t.scene, t.choice.split(":", 1)[0]) for t in taken) == report.taken_choices
    # every seeded generator the runs made is recorded once, with its turn's purpose
    assert all(seed.split("/")[1].split(":")[0] in ("choose", "offer") for t in taken for seed in t.seeds)
    assert sum(len(t.seeds) for t in taken) > len(taken) / 10
    assert "the floor:" in profiles.playtest_floor(str(bundled_story_dir()), 5)
