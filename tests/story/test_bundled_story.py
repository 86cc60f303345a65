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
    """The second edition's size (issue 12): it may grow, never shrink by accident."""
    words = sum(count_words(scene.text.source) for scene in story.scenes.values())
    assert len(story.scenes) >= 400
    assert words >= 140_000
    assert len(story.endings) >= 20


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
    for pool in ("work", "scene", "craft", "rest", "lessons", "moves", "studio", "deals", "market"):
        assert len(story.pools.get(pool, ())) >= 3, pool
    for prefix in PROLOGUE_PREFIX.values():
        assert len(story.pools.get(f"{prefix}home", ())) >= 6, f"{prefix}home"
    assert len(story.pools["life"]) >= 20  # the endings, decided by the career, never a menu


def test_every_musician_has_own_scenes_in_every_chapter(story) -> None:
    """A life in chapters: each musician's own scenes in all six, not only the prologue's two."""
    for origin, prefix in PROLOGUE_PREFIX.items():
        chapters = {s.chapter for s in story.scenes.values() if s.id.startswith(prefix) and not s.is_ending}
        assert set(story.chapters) <= chapters, f"{origin}: no own scene in {set(story.chapters) - chapters}"


def test_random_play_reaches_endings_without_dead_ends(story) -> None:
    report = run_playtest(story, runs=80, seed=11)
    assert report.problems == []
    assert len(report.endings) >= 6
    turns = sorted(report.turns_per_run)
    assert 55 <= turns[len(turns) // 2] <= 95, "a typical playthrough should be 55 to 95 choices"
    assert max(report.text_share) < 0.5, "a single playthrough should see less than half the text"
