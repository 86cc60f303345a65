"""Load: the synthetic story, loaded and fully validated, against the raw C-loader parse of its files."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import tempfile
from pathlib import Path

from benchmarks.common import PYTHON, ROOT, Row, median, run_json
from benchmarks.gen_story import DEFAULT_OUT, generate

TARGET = 1.5
WARM_TARGET = 1.0
MEMORY_MB = 80
CHECK_TARGET = 1.5


def story_dir(scenes: int) -> Path:
    """The generated story of ``scenes`` scenes (generated once; regenerated when the size differs)."""
    out = DEFAULT_OUT if scenes == 10_000 else DEFAULT_OUT.parent / f"story{scenes}"
    marker = out / ".scenes"
    if not marker.is_file() or marker.read_text() != str(scenes):
        generate(out, scenes)
        marker.write_text(str(scenes))
    return out


def run(scenes: int, repeat: int) -> list[Row]:
    root = story_dir(scenes)
    size = sum(p.stat().st_size for p in root.rglob("*.yaml"))
    files = sum(1 for _ in root.rglob("*.yaml"))
    cache = Path(tempfile.mkdtemp(prefix="steppe-bench-cache-"))
    try:
        floors, colds, warms, reloads = [], [], [], []
        cold_held, warm_held = [], []
        for _ in range(repeat):
            floors.append(run_json(["-m", "benchmarks.load_worker", "floor", str(root)])["seconds"])
            shutil.rmtree(cache, ignore_errors=True)
            env = {"STEPPE_CACHE_DIR": str(cache / "c")}
            cold = run_json(["-m", "benchmarks.load_worker", "check", str(root)], env=env)
            if cold["errors"] or cold["scenes"] != scenes:
                raise RuntimeError(f"the generated story did not load cleanly: {cold}")
            colds.append(cold["seconds"])
            cold_held.append(cold["held_kb"] / 1024)
            warm = run_json(["-m", "benchmarks.load_worker", "check", str(root)], env=env)
            warms.append(warm["seconds"])
            warm_held.append(warm["held_kb"] / 1024)
            reloads.append(run_json(["-m", "benchmarks.load_worker", "reload", str(root)], env=env)["seconds"])
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    floor = median(floors)
    what = f"{scenes:,} scenes, {files} files, {size / 1e6:.1f} MB; CPU s, median of {repeat}"
    return [
        Row("load", "floor: CSafeLoader parse", floor, "s", note=what),
        Row(
            "load",
            "check_story, cold (new process, empty cache)",
            median(colds),
            "s",
            floor,
            f"≤{TARGET}× floor",
            median(colds) <= TARGET * floor,
        ),
        Row(
            "load",
            "check_story, warm (new process, cache filled)",
            median(warms),
            "s",
            floor,
            f"≤{WARM_TARGET}× floor",
            median(warms) <= WARM_TARGET * floor,
        ),
        Row("load", "check_story, reload in the same process", median(reloads), "s", floor),
        Row(
            "load",
            "memory the loaded story holds, cold",
            median(cold_held),
            "MB",
            None,
            f"≤{MEMORY_MB} MB",
            median(cold_held) <= MEMORY_MB,
            "resident memory after the load (gc run, story kept) minus before it",
        ),
        Row(
            "load",
            "memory the loaded story holds, warm",
            median(warm_held),
            "MB",
            None,
            f"≤{MEMORY_MB} MB",
            median(warm_held) <= MEMORY_MB,
        ),
    ]


# A process that only parses the story's files: Python's start-up, PyYAML's import and the C parser.
PARSE_ONLY = (
    "import sys, pathlib, yaml\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml')):\n"
    "    yaml.load(p.read_bytes().decode('utf-8-sig'), Loader=yaml.CSafeLoader)\n"
)


# A process that loads and validates the story in full, as `steppe check` does after any edit.
FULL_LOAD = "import sys\nfrom game.story.loader import check_story\ncheck_story(sys.argv[1])\n"


def whole_check(story: str, repeat: int) -> list[Row]:
    """`steppe check` of a story as a whole process, warm (parse cache filled), against parse-only."""
    steppe = str(Path(PYTHON).parent / "steppe")
    cache = Path(tempfile.mkdtemp(prefix="steppe-bench-cache-"))
    env = dict(os.environ, STEPPE_CACHE_DIR=str(cache / "c"))
    try:
        child_cpu([steppe, "check", story], env)  # fills the cache, warms the OS file cache
        floors, checks, loads = [], [], []
        for _ in range(repeat):
            floors.append(child_cpu([PYTHON, "-c", PARSE_ONLY, story], env))
            checks.append(child_cpu([steppe, "check", story], env))
            loads.append(child_cpu([PYTHON, "-c", FULL_LOAD, story], env))
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    floor, value = median(floors), median(checks)
    return [
        Row(
            "load",
            "floor: a process that only parses the bundled story's files",
            floor,
            "s",
            note=f"whole process, CPU (user + system), median of {repeat} "
            f"(min {min(floors):.3f}, max {max(floors):.3f})",
        ),
        Row(
            "load",
            "`steppe check` of the bundled story, whole process, warm",
            value,
            "s",
            floor,
            f"≤{CHECK_TARGET}× floor",
            value <= CHECK_TARGET * floor,
            f"min {min(checks):.3f}, max {max(checks):.3f}; an unchanged story: the remembered answer",
        ),
        Row(
            "load",
            "the same story loaded in full by a process (parse cache filled, no remembered answer)",
            median(loads),
            "s",
            floor,
            note=f"what `steppe check` costs after any edit; min {min(loads):.3f}, max {max(loads):.3f}",
        ),
    ]


def child_cpu(args: list[str], env: dict[str, str]) -> float:
    """CPU seconds (user + system) of a whole child process, from the kernel's accounting."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(args, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:2])} failed ({done.returncode}): {done.stdout[-800:]}{done.stderr[-800:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
