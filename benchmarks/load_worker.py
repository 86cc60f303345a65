"""One load measurement in a fresh interpreter: ``python -m benchmarks.load_worker MODE STORY [REPEAT]``.

MODE is ``floor`` (read every file and parse it with PyYAML's C loader: the least any loader must do),
``check`` (load and fully validate with ``check_story``; also the resident memory the loaded story holds,
and the peak above the start, in KB) or ``reload`` (check twice in one process, keeping what was parsed, as the
language server does: the second load shows the in-memory parse cache). Prints one JSON line of CPU seconds.
"""

from __future__ import annotations

import gc
import json
import os
import resource
import sys
import time
from pathlib import Path


def floor(root: Path) -> float:
    import yaml

    from game.story.loader import story_files

    start = time.process_time()
    for path in story_files(root):
        yaml.load(path.read_bytes().decode("utf-8-sig"), Loader=yaml.CSafeLoader)
    return time.process_time() - start


KEPT: list[object] = []  # the loaded stories, so the memory they hold is still held when it is measured


def resident_kb() -> int:
    """This process's resident memory now (Linux /proc; ru_maxrss is only the peak)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def check(root: Path, reuse: bool = False) -> tuple[float, int, int]:
    from game.story.loader import check_story

    start = time.process_time()
    story, diagnostics = check_story(root, reuse=reuse)
    spent = time.process_time() - start
    KEPT.append(story)
    errors = sum(1 for d in diagnostics if d.severity == "error")
    return spent, len(story.scenes) if story else 0, errors


def main() -> int:
    mode, root = sys.argv[1], Path(sys.argv[2])
    import yaml  # noqa: F401 - imported before timing in every mode, so no mode pays for the import

    import game.story.loader  # noqa: F401

    if mode == "floor":
        print(json.dumps({"seconds": floor(root)}))
    elif mode == "check":
        before = resident_kb()
        spent, scenes, errors = check(root)
        gc.collect()
        held = resident_kb() - before
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
        print(json.dumps({"seconds": spent, "scenes": scenes, "errors": errors, "held_kb": held, "peak_kb": peak}))
    elif mode == "reload":
        # as the language server and live reload check: keeping what the first check parsed
        first, scenes, errors = check(root, reuse=True)
        second, _, _ = check(root, reuse=True)
        print(json.dumps({"seconds": second, "first": first, "scenes": scenes, "errors": errors}))
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
