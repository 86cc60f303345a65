"""Helpers for the save tests (importable from the test modules; conftest.py holds the fixtures)."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from game.engine.game import Game
from game.saves import format as save_format
from game.story.compiled import Story

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini"
MINI_V2 = Path(__file__).resolve().parent / "fixtures" / "mini_v2"


def play(story: Story, choices: int, seed: int = 7, origin: str = "ana", name: str = "Zhan") -> Game:
    """A game with ``choices`` choices made at random (seeded), never taking the way to the ending."""
    game = Game.start(story, origin, seed, name)
    rng = random.Random(seed)
    for _ in range(choices):
        options = [c for c in game.view().choices if c.enabled and c.id != "finish"]
        pick = rng.choice(options)
        game.choose(pick.id, "The Dunes" if pick.input_prompt else None)
    return game


def rewrite(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Edit a save the way a determined player would: change it, then recompute a valid checksum."""
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_bytes(save_format.encode(document))
