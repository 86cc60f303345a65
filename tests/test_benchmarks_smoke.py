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
