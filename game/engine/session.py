"""One playthrough as the app holds it: the story, the game, and how it began (so it can be rebuilt).

Kept free of Textual so it can be tested headless. How a game began matters for two things: undo and live
reload replay the turn log from the start, and a writer's debug start (a jump to a scene) has to be
repeated before the turns that followed it.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

from game.engine.debug import jump
from game.engine.game import ChoiceResult, EngineError, Game
from game.engine.journal import History, build_history
from game.engine.replay import replay, replay_strict
from game.engine.state import Turn
from game.story.compiled import Story


@dataclass(frozen=True, slots=True)
class Start:
    """How a playthrough began: everything needed to rebuild it before its first choice."""

    origin: str
    seed: int
    name: str | None = None
    jump_scene: str | None = None
    jump_sets: tuple[tuple[str, str], ...] = ()

    @property
    def is_debug(self) -> bool:
        return self.jump_scene is not None

    def begin(self, story: Story) -> Game:
        game = Game.start(story, self.origin, self.seed, self.name)
        if self.jump_scene is not None:
            jump(game, self.jump_scene, dict(self.jump_sets))
        return game


def new_seed() -> int:
    return random.SystemRandom().randrange(1, 2**31)


@dataclass(slots=True)
class Session:
    story: Story
    game: Game
    start: Start
    ending_recorded: bool = False
    play_base: float = 0.0  # seconds played before this session began (from a loaded save)
    resumed_at: float = field(default_factory=time.monotonic)
    # Turns played that did not fit the story at the last reload (a file briefly gone while an editor saves
    # by rename, a `git stash`): kept, so the next reload replays the whole log again. Making a new choice
    # ends them: the player has gone another way.
    unreplayed: list[Turn] = field(default_factory=list)
    _history: History | None = field(default=None, repr=False)
    _history_key: tuple[int, int] = (-1, -1)

    # -- beginnings -------------------------------------------------------------------------------------
    @classmethod
    def new(cls, story: Story, origin: str, name: str | None = None, seed: int | None = None) -> Session:
        start = Start(origin, new_seed() if seed is None else seed, name or None)
        return cls(story, start.begin(story), start)

    @classmethod
    def debug(cls, story: Story, origin: str, scene: str, sets: dict[str, str], seed: int | None = None) -> Session:
        start = Start(origin, new_seed() if seed is None else seed, None, scene, tuple(sets.items()))
        return cls(story, start.begin(story), start)

    @classmethod
    def from_game(cls, story: Story, game: Game, play_seconds: float = 0.0) -> Session:
        """A loaded save: its own start (origin, seed, name) rebuilds it exactly."""
        state = game.state
        return cls(story, game, Start(state.origin, state.seed, state.name or None), play_base=play_seconds)

    # -- facts ------------------------------------------------------------------------------------------
    @property
    def saving_allowed(self) -> bool:
        """A debug start can't be rebuilt from a save's turn log, so it is never saved or recorded."""
        return not self.start.is_debug

    @property
    def turns(self) -> list[Turn]:
        return self.game.state.turns

    def play_seconds(self) -> float:
        return self.play_base + time.monotonic() - self.resumed_at

    def musician(self) -> str:
        return self.game.state.name or self.story.origins[self.start.origin].name

    # -- changes ----------------------------------------------------------------------------------------
    def played(self) -> list[Turn]:
        """Every turn played, including any that the story did not fit at the last reload."""
        return [*self.turns, *self.unreplayed]

    def rebuild(self, story: Story) -> tuple[Session, int]:
        """This playthrough on another version of the story: as many turns replayed as still fit, and the
        rest kept for the next reload (never shortened for good). Returns the session and turns replayed."""
        played = self.played()
        done = replay(self.start.begin(story), played)
        rebuilt = Session(story, done.game, self.start, self.ending_recorded, self.play_base, self.resumed_at)
        rebuilt.unreplayed = played[done.applied :]
        return rebuilt, done.applied

    def choose(self, choice_id: str, text: str | None = None) -> ChoiceResult:
        """Make a choice (atomic: on an EngineError nothing changed)."""
        result = self.game.choose(choice_id, text)
        self.unreplayed = []
        return result

    def undo(self, steps: int = 1) -> None:
        """Step back exactly, by replaying the log from how the game began (a debug start's jump too)."""
        if steps < 1 or steps > len(self.turns):
            raise EngineError("nothing to undo yet" if not self.turns else f"only {len(self.turns)} choices to undo")
        kept = self.turns[: len(self.turns) - steps]
        self.game = replay_strict(self.start.begin(self.story), kept)
        self.unreplayed = []
        self.ending_recorded = False

    def history(self) -> History:
        """Scene-by-scene record of the playthrough (cached until the next choice or undo)."""
        key = (len(self.turns), id(self.game))
        if self._history is None or key != self._history_key:
            self._history = build_history(self.story, self.start.begin, self.turns)
            self._history_key = key
        return self._history
