"""Our side of the play comparison in a fresh interpreter: ``python -m benchmarks.peers.play_worker STORY RUNS MODE``.

Times (process CPU, story already loaded) one of two things on the same story and seeds: MODE ``shipped``
is ``run_playtest`` as ``steppe playtest`` runs it (the first 200 runs render every scene's text, the rest
skip it); ``rendered`` is the same playthroughs with every scene rendered, which is what ink's and
ChoiceScript's players always do. Each mode gets its own process, so neither inherits the other's warm
caches (templates are compiled on first render). Runs that reach the 400-choice cap count as "loops", as
the peers' drivers count them. Prints one JSON line.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections import Counter


def main() -> int:
    from game.engine.playtest import PlaytestReport, all_choices, play_once, run_playtest
    from game.story.loader import load_story

    story = load_story(sys.argv[1])
    runs, mode = int(sys.argv[2]), sys.argv[3]
    if mode == "shipped":
        start = time.process_time()
        report = run_playtest(story, runs, seed=0)
        seconds = time.process_time() - start
    elif mode == "rendered":
        # The playtest's own loop (seeds as run_playtest gives them), with rendering forced on.
        report = PlaytestReport(runs, 0, set(story.scenes), all_choices(story))
        origins = sorted(story.origins)
        start = time.process_time()
        for index in range(runs):
            chooser = random.Random(f"playtest/0/{index}")
            play_once(
                story,
                origins[index % len(origins)],
                index,
                chooser,
                render=True,
                report=report,
                scene_words={},
                total_words=0,
            )
        seconds = time.process_time() - start
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    bad = [p for p in report.problems if p.kind != "loop"]
    if bad:
        raise SystemExit(f"the playtest found problems: {bad[:3]}")
    turns = sorted(report.turns_per_run)
    result = {
        "seconds": seconds,
        "runs": runs,
        "choices": sum(turns),
        "median_choices": turns[len(turns) // 2],
        "loops": sum(1 for p in report.problems if p.kind == "loop"),
        "endings": dict(Counter(report.endings)),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
