"""Measure everything in one run on this machine; print a table and write benchmarks/results/latest.json.

python -m benchmarks            # the full run (a few minutes)
python -m benchmarks --quick    # tiny sizes, to prove every benchmark still runs (CI's smoke test)
python -m benchmarks --only load playtest
python -m benchmarks --only pty              # key → next scene on a real pseudo-terminal
python -m benchmarks --peers [--choicescript DIR]   # also ink and ChoiceScript side by side (needs node)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

from benchmarks.common import HERE, ROOT, Row

GROUPS = ("load", "startup", "choice", "pty", "playtest", "saves", "lsp")
OPTIONAL = ("peers",)  # only when asked for: they need node (and a ChoiceScript checkout)


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return ""
    if unit in ("runs/s", "choices/s") or value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.3f}" if unit == "s" else f"{value:.2f}"


def table(rows: list[Row]) -> str:
    head = ("figure", "value", "unit", "floor", "ratio", "target", "ok")
    body = [
        (
            f"{r.group}: {r.name}",
            _fmt(r.value, r.unit),
            r.unit,
            _fmt(r.floor, r.unit),
            f"{r.ratio:.2f}×" if r.ratio else "",
            r.target,
            {True: "yes", False: "NO", None: ""}[r.ok],
        )
        for r in rows
    ]
    widths = [max(len(str(line[i])) for line in (head, *body)) for i in range(len(head))]
    lines = [
        "  ".join(
            str(c).ljust(w) if i in (0, 2, 5) else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(line, widths, strict=True))
        )
        for line in (head, *body)
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Steppe to Stage benchmarks")
    parser.add_argument("--quick", action="store_true", help="tiny sizes: only proves the benchmarks run")
    parser.add_argument("--only", nargs="+", choices=GROUPS + OPTIONAL, default=list(GROUPS))
    parser.add_argument("--peers", action="store_true", help="also ink and ChoiceScript on the same story (node)")
    parser.add_argument("--choicescript", metavar="DIR", help="a checkout of dfabulich/choicescript, for --peers")
    parser.add_argument("--repeat", type=int, default=None, help="repetitions per figure (default 3; 1 quick)")
    parser.add_argument("--story", default=None, help="story for the playtest and the app (default: bundled)")
    parser.add_argument("--json", type=Path, default=HERE / "results" / "latest.json")
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    from game.story.bundled import bundled_story_dir

    story = args.story or str(bundled_story_dir())
    quick = args.quick
    repeat = args.repeat or (1 if quick else 3)
    if args.peers and "peers" not in args.only:
        args.only.append("peers")
    rows: list[Row] = []
    errors: dict[str, str] = {}
    skipped: list[str] = []
    started = time.time()
    load_at_start = os.getloadavg()  # the machine is shared: what it was doing is part of the result
    plan = {
        "load": lambda: _load().run(200 if quick else 10_000, repeat) + _load().whole_check(story, 1 if quick else 5),
        "startup": lambda: _module("bench_startup").run(1 if quick else max(5, repeat * 3)),
        "choice": lambda: _module("bench_tui").run(story, 5 if quick else 500),
        "pty": lambda: _module("bench_pty").run(_load().story_dir(120 if quick else 1000), 3 if quick else 50, repeat),
        "playtest": lambda: _module("bench_playtest").run(story, 20 if quick else 2000, repeat),
        "saves": lambda: _module("bench_saves").run(50 if quick else 500, 3 if quick else 21),
        "lsp": lambda: _module("lsp").run(4 if quick else 30),
        "peers": lambda: _module("peers.bench").run(quick, repeat, args.choicescript, skipped),
    }
    for group in GROUPS + OPTIONAL:
        if group not in args.only:
            continue
        try:
            found = plan[group]()
        except Exception as err:  # noqa: BLE001 - one broken benchmark must not lose the others' figures
            errors[group] = f"{type(err).__name__}: {err}"
            print(f"[{group}] FAILED: {errors[group]}", file=sys.stderr)
            continue
        rows += found
        print(table(found) + "\n", flush=True)
    print(table(rows))
    for group, message in errors.items():
        print(f"{group}: FAILED: {message}")
    for message in skipped:
        print(f"SKIPPED {message}")
    result = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "seconds": round(time.time() - started, 1),
        "quick": quick,
        "machine": {
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average_at_start": load_at_start,
            "load_average": os.getloadavg(),
        },
        "rows": [r.to_json() for r in rows],
        "errors": errors,
        "skipped": skipped,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"load average at the start {load_at_start[0]:.2f}, at the end {os.getloadavg()[0]:.2f}")
    print(f"\nwritten to {args.json} ({result['seconds']} s)")
    return 1 if errors else 0


def _module(name: str):
    import importlib

    return importlib.import_module(f"benchmarks.{name}")


def _load():
    return _module("bench_load")
