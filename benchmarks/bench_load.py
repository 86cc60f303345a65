"""Load: the synthetic story, loaded and fully validated, against the raw C-loader parse of its files."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from benchmarks.common import Row, median, run_json
from benchmarks.gen_story import DEFAULT_OUT, generate

TARGET = 1.5


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
        for _ in range(repeat):
            floors.append(run_json(["-m", "benchmarks.load_worker", "floor", str(root)])["seconds"])
            shutil.rmtree(cache, ignore_errors=True)
            env = {"STEPPE_CACHE_DIR": str(cache / "c")}
            cold = run_json(["-m", "benchmarks.load_worker", "check", str(root)], env=env)
            if cold["errors"] or cold["scenes"] != scenes:
                raise RuntimeError(f"the generated story did not load cleanly: {cold}")
            colds.append(cold["seconds"])
            warms.append(run_json(["-m", "benchmarks.load_worker", "check", str(root)], env=env)["seconds"])
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
            f"≤{TARGET}× floor",
            median(warms) <= TARGET * floor,
        ),
        Row("load", "check_story, reload in the same process", median(reloads), "s", floor),
    ]
