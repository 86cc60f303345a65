"""Fixtures for the save tests: the mini story, its edited version 2, and a game to save."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the test modules import savehelp

from savehelp import MINI, MINI_V2, play

from game.engine.game import Game
from game.story.compiled import Story
from game.story.loader import load_story


@pytest.fixture(scope="session")
def mini() -> Story:
    return load_story(MINI)


@pytest.fixture(scope="session")
def mini_v2() -> Story:
    return load_story(MINI_V2)


@pytest.fixture
def game(mini: Story) -> Game:
    return play(mini, 12)
