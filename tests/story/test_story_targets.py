"""Issue 12's targets on a small sample of random runs (the full measurement: python -m benchmarks.story_metrics).

Six runs per musician keep this fast; the margins are looser than the targets because a small sample
wanders more (repeats ≤ 12 % rather than 10, overlap ≤ 40 % rather than 35, no ending above 30 %).
"""

from __future__ import annotations

import pytest

from benchmarks.story_metrics import measure
from game.story.bundled import bundled_story_dir

# Measuring the sample takes 8–12 s of CPU, a seventh of the minute the README's suite has: `.ci/run` runs
# it with the other long runs (`-m slow`). One worker runs all three tests, so it is measured once.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("story-targets")]


@pytest.fixture(scope="module")
def result():
    return measure(bundled_story_dir(), runs=6, overlap_runs=6, jobs=1)


def test_random_runs_never_fail_and_static_checks_are_clean(result) -> None:
    assert result["failures"] == []
    assert result["free_energy"] == [], "a scene's entry effect gives energy"
    assert result["time_disagreements"] == [], "text says time passed that the choices into it do not move"
    assert result["leaks"] == [], "one life's names or objects in another's text"


def test_runs_read_like_lives_not_loops(result) -> None:
    for origin, figures in result["per_origin"].items():
        assert figures["repeat_share_median"] <= 12, origin
        assert figures["max_scene_visits_median"] <= 6, (origin, figures["most_visited_scene"])
        assert figures["cross_overlap"] <= 40, origin


def test_no_ending_is_a_default(result) -> None:
    assert all(v["share"] <= 30 for v in result["endings"].values()), result["endings"]
