"""Recorded playthroughs (Inform's blessed transcripts): record one, replay it against today's story.

A transcript is JSON: the story id and version it was made on, origin, seed, name, and every choice id
(with the text typed, for input choices) together with the scene that choice led to. Because the engine is
deterministic in (story, seed, choices), replaying a transcript against an edited story shows exactly
where the story now behaves differently: the turn, the scene expected and the scene reached, or the
choice that is no longer there. Declared ``renamed_from`` renames are followed, as saves follow them.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.engine.game import EngineError, Game
from game.engine.replay import replay as engine_replay
from game.story.compiled import Story

FORMAT = "steppe-transcript"
FORMAT_VERSION = 1
MAX_TURNS = 400


class TranscriptError(ValueError):
    """A transcript file that cannot be read; the message says why."""


@dataclass(frozen=True, slots=True)
class TranscriptTurn:
    choice: str
    scene: str  # the scene this choice led to
    input: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"choice": self.choice, "scene": self.scene}
        if self.input is not None:
            data["input"] = self.input
        return data


@dataclass(slots=True)
class Transcript:
    story_id: str
    story_version: int
    origin: str
    seed: int
    name: str
    turns: list[TranscriptTurn] = field(default_factory=list)
    ending: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "story_id": self.story_id,
            "story_version": self.story_version,
            "origin": self.origin,
            "seed": self.seed,
            "name": self.name,
            "ending": self.ending,
            "turns": [t.to_json() for t in self.turns],
        }

    def dumps(self) -> str:
        """Indented JSON with one turn per line, so a diff of two transcripts reads turn by turn."""
        data = self.to_json()
        turns = data.pop("turns")
        head = json.dumps(data, ensure_ascii=False, indent=1)[:-2]
        lines = ",\n  ".join(json.dumps(t, ensure_ascii=False) for t in turns)
        body = f"[\n  {lines}\n ]" if turns else "[]"
        return f'{head},\n "turns": {body}\n}}\n'

    def save(self, path: Path) -> None:
        path.write_text(self.dumps(), encoding="utf-8")

    @classmethod
    def from_json(cls, data: Any) -> Transcript:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise TranscriptError(f'not a transcript (no "format": "{FORMAT}")')
        if data.get("format_version") != FORMAT_VERSION:
            raise TranscriptError(f"transcript format version {data.get('format_version')!r} is not {FORMAT_VERSION}")

        def need(key: str, kind: type | tuple[type, ...]) -> Any:
            value = data.get(key)
            if not isinstance(value, kind) or isinstance(value, bool):
                raise TranscriptError(f"'{key}' is missing or not a {getattr(kind, '__name__', 'value')}")
            return value

        turns_data = need("turns", list)
        turns = []
        for index, turn in enumerate(turns_data, start=1):
            if not (
                isinstance(turn, dict)
                and isinstance(turn.get("choice"), str)
                and isinstance(turn.get("scene"), str)
                and isinstance(turn.get("input"), (str, type(None)))
            ):
                raise TranscriptError(f'turn {index} needs "choice" and "scene" (text), and "input" only as text')
            turns.append(TranscriptTurn(turn["choice"], turn["scene"], turn.get("input")))
        ending = data.get("ending")
        if not isinstance(ending, (str, type(None))):
            raise TranscriptError("'ending' must be text or null")
        return cls(
            need("story_id", str),
            need("story_version", int),
            need("origin", str),
            need("seed", int),
            need("name", str),
            turns,
            ending,
        )

    @classmethod
    def load(cls, path: Path) -> Transcript:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise TranscriptError(f"cannot read {path}: {err}") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise TranscriptError(f"{path}: not JSON ({err.msg} at line {err.lineno})") from None
        try:
            return cls.from_json(data)
        except TranscriptError as err:
            raise TranscriptError(f"{path}: {err}") from None


def from_game(game: Game) -> Transcript:
    """The transcript of a playthrough so far (finished or not)."""
    state = game.state
    turns = [TranscriptTurn(t.choice, t.target, t.input) for t in state.turns]
    return Transcript(
        state.story_id,
        state.story_version,
        state.origin,
        state.seed,
        state.name,
        turns,
        game.scene.ending_id if game.ended else None,
    )


def parse_choice(token: str) -> tuple[str, str | None]:
    """`band=The Dunes` is the choice `band` with that typed text; `gig` is just the choice."""
    choice, sep, typed = token.partition("=")
    return choice.strip(), (typed if sep else None)


def record(
    story: Story,
    origin: str,
    seed: int,
    name: str | None = None,
    choices: list[tuple[str, str | None]] | None = None,
    finish_randomly: bool = True,
) -> Transcript:
    """Play the given choices, then (optionally) random choices until an ending; raises EngineError."""
    game = Game.start(story, origin, seed, name)
    for choice, typed in choices or []:
        game.choose(choice, typed)
    if finish_randomly:
        chooser = random.Random(f"record/{seed}/{origin}")
        while not game.ended:
            if len(game.state.turns) >= MAX_TURNS:
                raise EngineError(f"no ending after {MAX_TURNS} choices (at scene '{game.state.scene}')")
            enabled = [o.id for o in game.options() if o.enabled]
            if not enabled:
                raise EngineError(f"dead end at scene '{game.state.scene}': no choice can be taken")
            game.choose(chooser.choice(enabled))
    return from_game(game)


def find_ending(
    story: Story, ending: str, origins: list[str], seed: int, tries: int, name: str | None = None
) -> Transcript | None:
    """The first random playthrough (seeds from `seed`, the origins in turn) that reaches `ending`.
    Playthroughs that fail (a dead end, no ending) are skipped: the playtest reports those."""
    for index in range(tries):
        origin = origins[index % len(origins)]
        try:
            transcript = record(story, origin, seed + index // len(origins), name)
        except EngineError:
            continue
        if transcript.ending == ending:
            return transcript
    return None


@dataclass(slots=True)
class ReplayResult:
    path: str
    turns: int  # how many turns replayed as recorded
    total: int
    kind: str = "ok"  # ok | story | start | missing_choice | locked | scene | ending
    message: str = ""
    expected: str | None = None
    actual: str | None = None
    available: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.kind == "ok"

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "ok": self.ok,
            "kind": self.kind,
            "turn": self.turns + 1 if not self.ok else None,
            "turns_replayed": self.turns,
            "turns": self.total,
            "message": self.message,
            "expected": self.expected,
            "actual": self.actual,
            "available": self.available,
        }

    def text(self) -> str:
        if self.ok:
            return f"{self.path}: OK ({self.total} turns)"
        where = "at the end" if self.kind == "ending" else f"at turn {self.turns + 1} of {self.total}"
        lines = [f"{self.path}: DIVERGES {where}: {self.message}"]
        if self.expected is not None or self.actual is not None:
            lines.append(f"  expected: {self.expected}")
            lines.append(f"  actual:   {self.actual}")
        if self.available:
            lines.append(f"  choices there now: {', '.join(self.available)}")
        return "\n".join(lines)


def replay(story: Story, transcript: Transcript, path: str = "") -> ReplayResult:
    """Replay against ``story``; the result says where (if anywhere) the story now does something else."""
    total = len(transcript.turns)
    result = ReplayResult(path, 0, total)
    if transcript.story_id != story.id:
        result.kind, result.message = "story", f"made for story '{transcript.story_id}', not '{story.id}'"
        return result
    try:
        game = Game.start(story, transcript.origin, transcript.seed, transcript.name)
    except EngineError as err:
        result.kind, result.message = "start", str(err)
        return result
    done = engine_replay(game, transcript.turns, expect_scenes=[t.scene for t in transcript.turns])
    result.turns = done.applied
    if done.divergence is not None:
        diverged = done.divergence
        result.kind = "missing_choice" if diverged.kind == "failed" else diverged.kind
        result.message = diverged.message
        result.available = list(diverged.available)
        result.expected, result.actual = diverged.expected, diverged.actual
        if diverged.kind == "scene":
            result.turns = diverged.index  # the turn was made, but it went elsewhere: that is where it diverges
        return result
    result.turns = total
    ending = game.scene.ending_id if game.ended else None
    if transcript.ending is not None and ending != transcript.ending:
        result.kind = "ending"
        result.message = "the playthrough ends differently"
        result.expected = f"ending '{transcript.ending}'"
        result.actual = f"ending '{ending}'" if ending else f"no ending yet (at scene '{game.state.scene}')"
    return result
