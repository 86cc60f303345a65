"""Random, seeded playthroughs of every origin (ChoiceScript's randomtest, made deterministic).

Each run picks uniformly among the enabled choices until an ending, and the report says what was never
visited, which endings were reached and how often, and every dead end and engine error with the seed and
choices that reproduce it.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from game.engine.game import EngineError, Game
from game.story.compiled import Story

MAX_TURNS = 400
# Rendering every scene of every run would triple the cost; rendering the first runs catches template
# errors that only show at run time (a division by zero, a bad filter) on every path those runs took.
RENDERED_RUNS = 200
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def count_words(text: str) -> int:
    """Words of prose, ignoring Jinja2 tags and Markdown punctuation."""
    return len(WORD.findall(re.sub(r"{%.*?%}|{{.*?}}", " ", text, flags=re.S)))


@dataclass(slots=True)
class Problem:
    kind: str  # dead_end | error | loop
    origin: str
    seed: int
    scene: str
    message: str
    choices: list[str]

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "origin": self.origin,
            "seed": self.seed,
            "scene": self.scene,
            "message": self.message,
            "choices": self.choices,
        }


@dataclass(slots=True)
class PlaytestReport:
    runs: int
    seed: int
    scenes: set[str]
    choices: set[tuple[str, str]]
    visited_scenes: Counter[str] = field(default_factory=Counter)
    taken_choices: Counter[tuple[str, str]] = field(default_factory=Counter)
    endings: Counter[str] = field(default_factory=Counter)
    ending_titles: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    starved: Counter[str] = field(default_factory=Counter)
    turns_per_run: list[int] = field(default_factory=list)
    text_share: list[float] = field(default_factory=list)

    @property
    def never_visited(self) -> list[str]:
        return sorted(self.scenes - set(self.visited_scenes))

    @property
    def never_taken(self) -> list[tuple[str, str]]:
        return sorted(self.choices - set(self.taken_choices))

    @property
    def failed(self) -> bool:
        return bool(self.problems)

    def to_json(self) -> dict[str, Any]:
        turns = sorted(self.turns_per_run) or [0]
        return {
            "runs": self.runs,
            "seed": self.seed,
            "scenes": len(self.scenes),
            "scenes_visited": len(self.visited_scenes),
            "never_visited_scenes": self.never_visited,
            "choices": len(self.choices),
            "choices_taken": len(self.taken_choices),
            "never_taken_choices": [f"{s}.{c}" for s, c in self.never_taken],
            "endings": {
                k: {"title": self.ending_titles.get(k, k), "count": self.endings.get(k, 0)}
                for k in sorted(self.ending_titles)
            },
            "choices_per_run": {"min": turns[0], "median": turns[len(turns) // 2], "max": turns[-1]},
            "text_seen_share": {
                "max": max(self.text_share, default=0.0),
                "mean": sum(self.text_share) / len(self.text_share) if self.text_share else 0.0,
            },
            "starved_pools": dict(self.starved),
            "problems": [p.to_json() for p in self.problems],
        }


def all_choices(story: Story) -> set[tuple[str, str]]:
    return {(s.id, c.id) for s in story.scenes.values() for c in s.choices}


def play_once(
    story: Story,
    origin: str,
    seed: int,
    chooser: random.Random,
    *,
    render: bool,
    report: PlaytestReport,
    scene_words: dict[str, int],
    total_words: int,
) -> None:
    game = Game.start(story, origin, seed)
    path: list[str] = []
    seen_scenes: set[str] = set()
    while True:
        scene_id = game.state.scene
        report.visited_scenes[scene_id] += 1
        seen_scenes.add(scene_id)
        if render:
            try:
                game.view()
            except EngineError as err:
                report.problems.append(Problem("error", origin, seed, scene_id, str(err), path))
                break
        if game.ended:
            ending = game.scene.ending_id or scene_id
            report.endings[ending] += 1
            break
        if len(path) >= MAX_TURNS:
            report.problems.append(
                Problem("loop", origin, seed, scene_id, f"no ending after {MAX_TURNS} choices", path)
            )
            break
        enabled = []
        for option in game.options():
            if option.enabled:
                enabled.append(option)
            elif option.spec.draw is not None:
                report.starved[option.spec.draw] += 1
        if not enabled:
            report.problems.append(
                Problem(
                    "dead_end", origin, seed, scene_id, "no choice can be taken here, and it is not an ending", path
                )
            )
            break
        option = chooser.choice(enabled)
        path.append(option.id)
        report.taken_choices[(scene_id, option.spec.id)] += 1
        try:
            result = game.choose(option.id, None, describe=False)
        except EngineError as err:
            report.problems.append(Problem("error", origin, seed, scene_id, str(err), path))
            break
        if result.starved_pool:
            report.starved[result.starved_pool] += 1
    report.turns_per_run.append(len(path))
    if total_words:
        report.text_share.append(sum(scene_words[s] for s in seen_scenes) / total_words)


def run_playtest(
    story: Story, runs: int, seed: int = 0, progress: Callable[[int, int], None] | None = None
) -> PlaytestReport:
    report = PlaytestReport(runs, seed, set(story.scenes), all_choices(story))
    report.ending_titles = {e: s.ending_title or e for e, s in story.endings.items()}
    scene_words = {sid: count_words(s.text.source) for sid, s in story.scenes.items()}
    total_words = sum(scene_words.values())
    origins = sorted(story.origins)
    for index in range(runs):
        origin = origins[index % len(origins)]
        run_seed = seed * 1_000_003 + index
        chooser = random.Random(f"playtest/{seed}/{index}")
        try:
            play_once(
                story,
                origin,
                run_seed,
                chooser,
                render=index < RENDERED_RUNS,
                report=report,
                scene_words=scene_words,
                total_words=total_words,
            )
        except EngineError as err:
            report.problems.append(Problem("error", origin, run_seed, "", str(err), []))
        if progress is not None:
            progress(index + 1, runs)
    return report
