"""Helpers for the plain game's tests: run `steppe play --plain` with a string as its standard input, and
work out with the engine which numbers to type for a playthrough (the game is deterministic in its seed)."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from game.engine.game import ChoiceView, Game, SceneView
from game.story.compiled import Story

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini"

# Runs the CLI in this interpreter, then says whether Textual was imported along the way.
PROBE = """
import sys
from game.cli import main
code = main(sys.argv[1:])
sys.stdout.flush()
print("TEXTUAL-IMPORTED" if "textual" in sys.modules else "NO-TEXTUAL", file=sys.stderr)
raise SystemExit(code)
"""


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        return self.stdout.splitlines()


def run_plain(args: list[str], stdin: str, saves: Path, *, timeout: float = 120) -> Run:
    env = {**os.environ, "TERM": "dumb", "COLUMNS": "80"}
    env.pop("STEPPE_SAVES", None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE, "play", *args, "--plain", "--saves", str(saves)],
        input=stdin.encode("utf-8"),
        capture_output=True,
        timeout=timeout,
        env=env,
        cwd=ROOT,
    )
    return Run(result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8"))


@pytest.fixture
def plain() -> Callable[..., Run]:
    return run_plain


Picker = Callable[[SceneView, list[ChoiceView]], ChoiceView]


@dataclass
class Route:
    answers: list[str]  # the lines to type, choice by choice (a typed name after an input choice)
    titles: list[str]  # each scene's title, in order
    ending_title: str | None
    game: Game


def route(story: Story, origin: str, seed: int, pick: Picker, *, name: str | None = None, limit: int = 400) -> Route:
    """Play the engine with ``pick`` choosing among the enabled choices; the numbers a player would type."""
    game = Game.start(story, origin, seed, name)
    answers: list[str] = []
    titles: list[str] = []
    for _ in range(limit):
        view = game.view()
        titles.append(view.title)
        if view.is_ending:
            return Route(answers, titles, view.ending_title or view.title, game)
        enabled = [c for c in view.choices if c.enabled]
        choice = pick(view, enabled)
        answers.append(str(view.choices.index(choice) + 1))
        typed = None
        if choice.input_prompt is not None:
            typed = f"Typed {len(answers)}"
            answers.append(typed)
        game.choose(choice.id, typed)
    return Route(answers, titles, None, game)


def seeded_picker(seed: int) -> Picker:
    rng = random.Random(seed)
    return lambda view, enabled: rng.choice(enabled)


def finish_first(view: SceneView, enabled: list[ChoiceView]) -> ChoiceView:
    """The mini story's shortest way out: Finish when it is there, else the first choice that moves time on."""
    for wanted in ("Finish", "Play a gig", "Play"):
        for choice in enabled:
            if choice.text == wanted:
                return choice
    return enabled[0]
