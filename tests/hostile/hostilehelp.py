"""Helpers for the hostile tests (issue 17): games to save and a time limit (conftest.py holds the fixtures)."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from game.engine.game import Game
from game.story.compiled import Story

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini"
BUNDLED = ROOT / "stories" / "steppe"


def play(story: Story, choices: int, seed: int = 7, origin: str = "ana", name: str = "Zhan") -> Game:
    """A game with ``choices`` choices made at random (seeded), never taking the way to the ending."""
    game = Game.start(story, origin, seed, name)
    rng = random.Random(seed)
    for _ in range(choices):
        options = [c for c in game.view().choices if c.enabled and c.id != "finish"]
        pick = rng.choice(options)
        game.choose(pick.id, "The Dunes" if pick.input_prompt else None)
    return game


def within(seconds: float, work: Callable[[], Any]) -> Any:
    """Run ``work`` in a thread and fail (instead of hanging the suite) if it takes longer than ``seconds``."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as err:  # noqa: BLE001 - handed back to the test below
            box["error"] = err

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s (a hang)"
    if "error" in box:
        raise box["error"]
    return box.get("value")
