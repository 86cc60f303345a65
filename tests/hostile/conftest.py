"""Fixtures for the hostile tests (issue 17): the mini story and a game to save."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the test modules import hostilehelp

from hostilehelp import MINI, play

from game.engine.game import Game
from game.story.compiled import Story
from game.story.loader import load_story


@pytest.fixture(scope="session")
def mini() -> Story:
    return load_story(MINI)


@pytest.fixture
def game(mini: Story) -> Game:
    return play(mini, 12)
