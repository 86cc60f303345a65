"""Blessed transcripts: recorded playthroughs that must still replay against today's stories."""

from pathlib import Path

import pytest

from game.story.bundled import bundled_story_dir
from game.story.loader import check_story
from game.tools.transcripts import Transcript, replay

TRANSCRIPTS = Path(__file__).parent.parent / "transcripts"
FIXTURE = Path(__file__).parent.parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def bundled():
    story, diagnostics = check_story(bundled_story_dir())
    if story is None:
        errors = "\n".join(str(d) for d in diagnostics if d.severity == "error")
        pytest.fail(f"the bundled story does not load, so its transcripts cannot replay:\n{errors}")
    return story


@pytest.mark.parametrize("path", sorted((TRANSCRIPTS / "steppe").glob("*.json")), ids=lambda p: p.name)
def test_bundled_story_transcripts_replay(path, bundled):
    result = replay(bundled, Transcript.load(path), str(path.relative_to(TRANSCRIPTS.parent.parent)))
    assert result.ok, (
        f"{result.text()}\nIf the story change was intended, record it again: steppe record "
        f"--origin {path.stem.rsplit('-', 1)[0]} --seed {path.stem.rsplit('-', 1)[1]} -o {path} "
        "(see tests/transcripts/README.md)"
    )


def test_there_are_blessed_transcripts_for_every_bundled_origin(bundled):
    recorded = {Transcript.load(p).origin for p in (TRANSCRIPTS / "steppe").glob("*.json")}
    assert recorded == set(bundled.origins)


ENDINGS = TRANSCRIPTS / "steppe" / "endings"


@pytest.mark.parametrize("path", sorted(ENDINGS.glob("*.json")), ids=lambda p: p.stem)
def test_every_ending_has_a_route_that_still_reaches_it(path, bundled):
    transcript = Transcript.load(path)
    assert transcript.ending == path.stem, f"{path.name} records the ending '{transcript.ending}'"
    result = replay(bundled, transcript, str(path.relative_to(TRANSCRIPTS.parent.parent)))
    assert result.ok, (
        f"{result.text()}\nIf the story change was intended, record the route again: "
        f"steppe record --ending {path.stem} -o {path}"
    )


def test_there_is_a_route_to_every_ending_of_the_bundled_story(bundled):
    assert {p.stem for p in ENDINGS.glob("*.json")} == set(bundled.endings)
