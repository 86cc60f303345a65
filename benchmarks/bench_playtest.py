"""Playtest throughput: complete random playthroughs of the bundled story per second, on one core."""

from __future__ import annotations

from benchmarks.common import Row, cpu_time

TARGET = 1000
CHOICES_TARGET = 150_000


def run(story_dir: str, runs: int, repeat: int) -> list[Row]:
    from game.engine.playtest import RENDERED_RUNS, run_playtest
    from game.story.loader import load_story

    story = load_story(story_dir)
    best = float("inf")
    report = None
    for _ in range(repeat):
        seconds, report = cpu_time(lambda: run_playtest(story, runs, seed=0))
        best = min(best, seconds)
    assert report is not None
    if report.problems:
        raise RuntimeError(f"the playtest found problems: {report.problems[:3]}")
    rate = runs / best
    turns = sorted(report.turns_per_run)
    choices = sum(turns) / best
    return [
        Row(
            "playtest",
            "choices per second, playtest's rendering (one core)",
            choices,
            "choices/s",
            None,
            f"≥{CHOICES_TARGET:,}/s",
            choices >= CHOICES_TARGET,
            f"{sum(turns):,} choices in {runs:,} runs",
        ),
        Row(
            "playtest",
            "random playthroughs per second (one core)",
            rate,
            "runs/s",
            None,
            f"≥{TARGET:,}/s",
            rate >= TARGET,
            f"{runs:,} runs (first {min(runs, RENDERED_RUNS)} rendered), median "
            f"{turns[len(turns) // 2]} choices a run; CPU time, best of {repeat}",
        ),
    ]
