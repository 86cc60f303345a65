from pathlib import Path

import pytest

from game.story.loader import load_story

FIXTURES = Path(__file__).parent / "fixtures"
MINI = Path(__file__).parent.parent / "fixtures" / "mini"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def mini_dir() -> Path:
    return MINI


@pytest.fixture
def mini():
    return load_story(MINI)


@pytest.fixture
def story_at():
    """Load one of the stories under tests/tools/fixtures by folder name."""

    def load(name: str):
        return load_story(FIXTURES / name)

    return load
