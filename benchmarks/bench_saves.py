"""Saves: save and load of a 500-choice playthrough through the save store (atomic write with fsync)."""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from benchmarks.common import Row, median
from benchmarks.gen_story import DEFAULT_OUT, generate

TARGET_MS = 5.0


def long_playthrough(story, choices: int):
    """A playthrough of exactly ``choices`` choices: random, but steering clear of endings."""
    from game.engine.game import Game

    rng = random.Random(0)
    game = Game.start(story, sorted(story.origins)[0], seed=7)
    while len(game.state.turns) < choices:
        options = [o for o in game.options() if o.enabled and o.spec.input is None]
        safe = [
            o
            for o in options
            if not (o.spec.goto and story.scenes.get(o.spec.goto) and story.scenes[o.spec.goto].is_ending)
        ]
        option = rng.choice(safe or options)
        game.choose(option.id)
        if game.ended:
            raise RuntimeError("the long playthrough reached an ending")
    return game


def run(choices: int, repeat: int) -> list[Row]:
    from game.saves.atomic import atomic_write
    from game.saves.store import SaveStore
    from game.story.loader import load_story

    folder = DEFAULT_OUT.parent / "long1000"
    if not (folder / "story.yaml").is_file():
        generate(folder, 1000)
    story = load_story(folder)
    game = long_playthrough(story, choices)
    floors, encodes, saves, loads = [], [], [], []
    with tempfile.TemporaryDirectory(prefix="steppe-bench-saves-") as tmp:
        store = SaveStore(tmp, story)
        for index in range(repeat):
            slot = f"bench {index % 3}"
            start = time.perf_counter()
            store.save(slot, game)
            saves.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            result = SaveStore(tmp, story).load(slot)  # a fresh store: nothing remembered from saving
            loads.append((time.perf_counter() - start) * 1000)
            if not result.ok or len(result.game.state.turns) != choices:
                raise RuntimeError(f"the save did not load back: {result.error}")
        size = max(p.stat().st_size for p in Path(tmp).iterdir() if p.is_file())
        data = max((p for p in Path(tmp).iterdir() if p.is_file()), key=lambda p: p.stat().st_size).read_bytes()
        for index in range(repeat):
            start = time.perf_counter()
            atomic_write(Path(tmp) / f"floor{index % 3}.bin", data)
            floors.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            game.state.dumps()
            encodes.append((time.perf_counter() - start) * 1000)
    note = f"{choices} choices, {size / 1024:.0f} KB file; wall ms, median of {repeat}"
    floor = median(floors)
    return [
        Row("saves", "floor: atomic write of the same bytes (2 fsyncs)", floor, "ms", note=note),
        Row("saves", "GameState to JSON text (CPU part of a save)", median(encodes), "ms"),
        Row(
            "saves",
            f"save, {choices}-choice playthrough (store.save)",
            median(saves),
            "ms",
            floor,
            f"≤{TARGET_MS:g} ms",
            median(saves) <= TARGET_MS,
        ),
        Row(
            "saves",
            f"load, {choices}-choice playthrough (fresh store.load)",
            median(loads),
            "ms",
            None,
            f"≤{TARGET_MS:g} ms",
            median(loads) <= TARGET_MS,
        ),
    ]
