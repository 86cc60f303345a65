"""The bundled story: it loads cleanly, and it cannot shrink by accident."""

from __future__ import annotations

import pytest

from game.engine.playtest import count_words, run_playtest
from game.story.bundled import bundled_story_dir
from game.story.loader import check_story

ORIGINS = {"almasbek": "Aktau", "bakhyt": "Kyzylorda", "beq": "Almaty", "roberto": "Almaty", "liepins": "Almaty"}
PROLOGUE_PREFIX = {"almasbek": "alm_", "bakhyt": "bak_", "beq": "beq_", "roberto": "rob_", "liepins": "lie_"}


@pytest.fixture(scope="module")
def story():
    story, diagnostics = check_story(bundled_story_dir())
    assert story is not None, "\n".join(str(d) for d in diagnostics)
    return story


def test_bundled_story_is_clean_even_strictly() -> None:
    _story, diagnostics = check_story(bundled_story_dir())
    assert [str(d) for d in diagnostics] == []


def test_size_floors(story) -> None:
    words = sum(count_words(scene.text.source) for scene in story.scenes.values())
    assert len(story.scenes) >= 150
    assert words >= 30_000
    assert len(story.endings) >= 12


def test_five_musicians_each_with_a_prologue(story) -> None:
    assert {o.id: o.home for o in story.origins.values()} == ORIGINS
    for origin, prefix in PROLOGUE_PREFIX.items():
        own = [s for s in story.scenes if s.startswith(prefix) and "fate" not in s and "end" not in s]
        assert len(own) >= 8, f"{origin} has only {len(own)} prologue scenes"


def test_story_world_covers_what_the_brief_names(story) -> None:
    instruments = set(story.variables["instrument"].values or ())
    assert {"dombra", "komuz", "tanpura", "violin", "guitar", "piano", "electronics"} <= instruments
    cities = set(story.variables["city"].values or ())
    assert {"Aktau", "Kyzylorda", "Almaty", "Astana", "Moscow", "Paris"} <= cities and len(cities) >= 7
    assert set(story.variables["deal"].values or ()) >= {"memo", "major", "indie", "distribution", "self"}
    for pool in ("gigs", "events", "practice", "rest", "lessons", "moves", "milestones", "studio", "fates"):
        assert len(story.pools.get(pool, ())) >= 3, pool


def test_random_play_reaches_endings_without_dead_ends(story) -> None:
    report = run_playtest(story, runs=150, seed=11)
    assert report.problems == []
    assert len(report.endings) >= 6
    turns = sorted(report.turns_per_run)
    assert 40 <= turns[len(turns) // 2] <= 80, "a typical playthrough should be 40 to 80 choices"
    assert max(report.text_share) < 0.5, "a single playthrough should see less than half the text"
