"""Where the time goes, for the figures that miss their targets: ``python -m benchmarks.profiles WHAT ...``.

``load STORY [--cold]``    check_story of STORY, warm (another process filled the parse cache) or cold
``playtest STORY RUNS``    run_playtest, as ``steppe playtest`` runs it
``playtest-floor STORY RUNS``  the playtest's choices (RUNS runs, unrendered) again with only what any
                          engine keeping these rules must do for each (see playtest_floor), and the
                          scenes whose choices cost most
``choice STORY CHOICES``   the Pilot-driven game making CHOICES choices (benchmarks/tui_worker.py)
``imports [MODULE BASE]``  what importing MODULE costs over BASE (``-X importtime``; default: the app over
                          a minimal Textual app; ``imports game.story.loader yaml`` for ``steppe check``)

Each prints the CPU seconds, the time the cyclic garbage collector took (``gc.callbacks``; cProfile
cannot see it), the share of the profile's own time by package (yaml, jinja2, pydantic, textual, rich,
game.story, game.engine, game.tui...) and the heaviest functions. cProfile slows pure-Python code more
than C, so shares are approximate; the order of the top items is what they are for.
"""

from __future__ import annotations

import cProfile
import gc
import os
import pstats
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

from benchmarks.common import PYTHON, ROOT, cpu_time


class GcClock:
    """Times every collection of the cyclic garbage collector."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.count = 0
        self._start = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._start
            self.count += 1

    def __enter__(self) -> GcClock:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *_: object) -> None:
        gc.callbacks.remove(self)


def package(filename: str) -> str:
    """A file's package, two levels deep for ours (game.story, game.tui), one for the rest."""
    path = filename.replace(os.sep, "/")
    for marker in ("/site-packages/", "/lib/python3"):
        if marker in path:
            rest = path.split(marker, 1)[1]
            if marker == "/lib/python3":
                return "stdlib"
            return rest.split("/", 1)[0].removesuffix(".py")
    if "/game/" in path:
        parts = path.split("/game/", 1)[1].split("/")
        return "game." + parts[0].removesuffix(".py") if len(parts) > 1 else "game"
    if "/benchmarks/" in path:
        return "benchmarks"
    if path.startswith("<") or path == "~":
        return "builtins (C)"
    return "other"


def summary(profile: cProfile.Profile, wall: float, cpu: float, clock: GcClock, top: int = 14, focus: str = "") -> str:
    stats = pstats.Stats(profile)
    raw: dict[tuple[str, int, str], tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    by_package: dict[str, float] = defaultdict(float)
    total = idle = 0.0
    for (filename, _, name), (_, _, tottime, _, _) in raw.items():
        if "epoll" in name or "select.select" in name or "sleep" in name:
            idle += tottime  # the event loop waiting: not work, and not counted in the shares
            continue
        by_package[package(filename)] += tottime
        total += tottime
    lines = [
        f"CPU {cpu:.3f} s, wall {wall:.3f} s (profiled); cyclic GC: {clock.count} collections, "
        f"{clock.seconds:.3f} s ({clock.seconds / max(wall, 1e-9):.0%} of wall)",
        f"own time by package ({total:.3f} s of work; {idle:.3f} s waiting in the event loop left out):",
    ]
    for name, seconds in sorted(by_package.items(), key=lambda kv: -kv[1])[:12]:
        lines.append(f"  {seconds / total:6.1%}  {name}")
    lines.append("heaviest functions (own time; cumulative):")
    working = [kv for kv in raw.items() if not ("epoll" in kv[0][2] or "select.select" in kv[0][2])]
    heaviest = sorted(working, key=lambda kv: -kv[1][2])[:top]
    for (filename, line, name), (_, calls, tottime, cumtime, _) in heaviest:
        where = f"{package(filename)}:{Path(filename).name}:{line}"
        lines.append(f"  {tottime / total:6.1%} {cumtime:7.3f}s  {calls:>9,}×  {name}  ({where})")
    if focus:
        lines.append("cumulative time of the functions that say where a choice's time goes:")
        chosen = [kv for kv in raw.items() if re.search(focus, kv[0][2]) and package(kv[0][0]) != "builtins (C)"]
        for (filename, line, name), (_, calls, _, cumtime, _) in sorted(chosen, key=lambda kv: -kv[1][3])[:top]:
            where = f"{package(filename)}:{Path(filename).name}:{line}"
            lines.append(f"  {cumtime / total:6.1%} {cumtime:7.3f}s  {calls:>7,}×  {name}  ({where})")
    return "\n".join(lines)


def profiled(func: Callable[[], Any], focus: str = "") -> str:
    profile = cProfile.Profile()
    wall, cpu = time.perf_counter(), time.process_time()
    with GcClock() as clock:
        profile.enable()
        func()
        profile.disable()
    return summary(profile, time.perf_counter() - wall, time.process_time() - cpu, clock, focus=focus)


def load(story: str, cold: bool) -> str:
    import game.story.loader as loader

    os.environ["STEPPE_CACHE_DIR"] = tempfile.mkdtemp(prefix="steppe-profile-cache-")
    if not cold:  # another process fills the cache on disk; this one then loads as a warm launch does
        subprocess.run(
            [PYTHON, "-m", "benchmarks.load_worker", "check", story], cwd=ROOT, check=True, capture_output=True
        )
    return profiled(lambda: loader.check_story(story))


def playtest(story: str, runs: int) -> str:
    from game.engine.playtest import run_playtest
    from game.story.loader import load_story

    loaded = load_story(story)
    return profiled(lambda: run_playtest(loaded, runs, seed=0))


@dataclass(slots=True)
class _Taken:
    """One choice of a playtest, as the floor needs it."""

    scene: str
    choice: str
    target: str
    enabled: int  # how many choices could be taken
    seeds: list[str]  # the seeded generators made for it (its offers' picks, its draws)
    seconds: float  # what working out the options and taking it cost


def _record_playtest(story: Any, runs: int) -> list[_Taken]:
    """The choices of ``run_playtest(story, runs, seed=0)`` without rendering, each with its generators."""
    from game.engine import game as engine
    from game.engine import playtest as play

    taken: list[_Taken] = []
    seeds: list[str] = []
    spent = [0.0]
    get, options, choose = engine.LazyRandom._get, engine.Game.options, engine.Game.choose

    def noting_get(self: engine.LazyRandom) -> Any:
        if self._random is None:
            seeds.append(f"{self._seed}/{self._purpose}/{self._turn}")
        return get(self)

    def timed_options(self: engine.Game) -> Any:
        start = time.perf_counter()
        found = options(self)
        spent[0] += time.perf_counter() - start
        return found

    def noting_choose(self: engine.Game, choice_id: str, text: str | None = None, *, describe: bool = True) -> Any:
        scene = self.state.scene
        enabled = sum(1 for option in options(self) if option.enabled)
        start = time.perf_counter()
        result = choose(self, choice_id, text, describe=describe)
        spent[0] += time.perf_counter() - start
        taken.append(_Taken(scene, choice_id, result.target, enabled, list(seeds), spent[0]))
        seeds.clear()
        spent[0] = 0.0
        return result

    # The records themselves are garbage-collector work the playtest does not have: with the collector on,
    # its full collections (tens of ms) land on a few choices and make their scenes look slow.
    collecting = gc.isenabled()
    gc.disable()
    with (
        mock.patch.object(engine.LazyRandom, "_get", noting_get),
        mock.patch.object(engine.Game, "options", timed_options),
        mock.patch.object(engine.Game, "choose", noting_choose),
        mock.patch.object(play, "RENDERED_RUNS", 0),
    ):
        try:
            play.run_playtest(story, runs, seed=0)
        finally:
            if collecting:
                gc.enable()
    return taken


def playtest_floor(story: str, runs: int) -> str:
    """How fast the playtest's choices could be made if a choice cost only what every engine with these
    rules must spend on it in CPython: the playtest's counts, the random pick among the enabled choices,
    the copy of the variables that makes a choice all or nothing, the turn's seeded generators with a draw
    from each (saves replay through them), the turn log and the visit count. No condition, pool, effect or
    text is worked out; the floor is what is left of 6.7 µs (150,000 choices a second) for all of that."""
    from game.engine.state import Turn
    from game.story.loader import load_story

    loaded = load_story(story)
    _record_playtest(loaded, runs)  # first: plans, keys and compiled effects made
    taken = _record_playtest(loaded, runs)
    variables = {name: spec.initial for name, spec in loaded.variables.items()}
    chooser = random.Random("floor")

    def floor(everything: bool = True) -> None:
        visited: Counter[str] = Counter()
        chosen: Counter[tuple[str, str]] = Counter()
        turns: list[Turn] = []
        visits: dict[str, int] = {}
        for turn in taken:
            for seed in turn.seeds:
                random.Random(seed).random()
            if not everything:  # the seeded generators alone
                continue
            visited[turn.scene] += 1
            chooser.choice(range(turn.enabled))
            chosen[(turn.scene, turn.choice)] += 1
            dict(variables)
            turns.append(Turn(turn.scene, turn.choice, turn.target, 0))
            visits[turn.target] = visits.get(turn.target, 0) + 1

    def best(func: Callable[[], None]) -> float:
        return min(cpu_time(func)[0] for _ in range(5)) / len(taken) * 1e6

    count = len(taken)
    engine_us = sum(t.seconds for t in taken) / count * 1e6
    lines = [
        f"{count:,} choices in {runs:,} runs (unrendered); {sum(len(t.seeds) for t in taken) / count:.2f} "
        "seeded generators a choice",
        f"the engine, options and choose: {engine_us:.1f} µs a choice (wall clock)",
        f"the floor: {best(floor):.2f} µs a choice, of which the seeded generators {best(lambda: floor(False)):.2f} µs",
        "the scenes whose choices cost most (share of the engine's time, choices, µs a choice):",
    ]
    by_scene: dict[str, list[float]] = defaultdict(list)
    for turn in taken:
        by_scene[turn.scene].append(turn.seconds)
    total = sum(t.seconds for t in taken)
    ranked = sorted(by_scene.items(), key=lambda item: -sum(item[1]))
    for scene, seconds in ranked[:12]:
        share = sum(seconds) / total * 100
        lines.append(f"  {share:5.1f} %  {len(seconds):6,}  {sum(seconds) / len(seconds) * 1e6:6.1f}  {scene}")
    return "\n".join(lines)


def choice(story: str, choices: int) -> str:
    from benchmarks import tui_worker

    focus = r"^(_refresh_layout|arrange|_arrange|render_update|_render_chops|compose|mount|_on_compose|choose|view|"
    focus += r"make_choice|show_scene|_display|refresh|_fit_text|autosave|save|render_lines|update|recompose)$"
    return profiled(lambda: tui_worker.steppe(story, choices), focus)


def imports(module: str = "game.tui.app", base_module: str = "textual.app") -> str:
    """Self time of each top-level package ``module`` imports beyond what ``base_module`` imports."""

    def importtime(module: str) -> dict[str, int]:
        done = subprocess.run(
            [PYTHON, "-X", "importtime", "-c", f"import {module}"], capture_output=True, text=True, cwd=ROOT
        )
        found: dict[str, int] = defaultdict(int)
        for line in done.stderr.splitlines():
            match = re.match(r"import time:\s+(\d+) \|\s+\d+ \|(\s*)(\S+)", line)
            if match:
                name = match.group(3)
                # ours two levels deep (game.story, game.tui), the rest by top-level package
                key = ".".join(name.split(".")[:2]) if name.startswith("game.") else name.split(".")[0]
                found[key] += int(match.group(1))
        return found

    base, ours = importtime(base_module), importtime(module)
    extra = {name: us - base.get(name, 0) for name, us in ours.items() if us - base.get(name, 0) > 500}
    lines = [
        f"import {base_module}: {sum(base.values()) / 1000:.0f} ms; "
        f"import {module}: {sum(ours.values()) / 1000:.0f} ms",
        f"self time of what only {module} imports, by package (ms, one run):",
    ]
    for name, us in sorted(extra.items(), key=lambda kv: -kv[1])[:12]:
        lines.append(f"  {us / 1000:7.1f}  {name}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    what = argv[0] if argv else ""
    if what == "load":
        print(load(argv[1], "--cold" in argv))
    elif what == "playtest":
        print(playtest(argv[1], int(argv[2])))
    elif what == "playtest-floor":
        print(playtest_floor(argv[1], int(argv[2])))
    elif what == "choice":
        print(choice(argv[1], int(argv[2])))
    elif what == "imports":
        print(imports(*argv[1:3]))
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
