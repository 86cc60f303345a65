"""Shared helpers: timing, medians and percentiles, subprocesses, and the result rows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable


@dataclass(slots=True)
class Row:
    """One figure of the table: a value, and optionally the floor it is compared with and its target."""

    group: str
    name: str
    value: float
    unit: str
    floor: float | None = None
    target: str = ""
    ok: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return self.value / self.floor if self.floor else None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratio"] = self.ratio
        return data


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (share in 0..100)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def cpu_time(func: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds of this process's CPU time ``func`` took (robust to other jobs sharing the machine)."""
    start = time.process_time()
    result = func()
    return time.process_time() - start, result


def as_installed(env: dict[str, str]) -> dict[str, str]:
    """``env`` for a program timed as a player runs it: with its modules' compiled bytecode at hand.

    pip compiles every module it installs, so an installed game never compiles its source at start; this
    machine's shell sets PYTHONDONTWRITEBYTECODE, with which a checkout's game compiled its 40-odd modules from
    source on every start (about 35 ms, a sixth of the floor) while Textual, from site-packages, came
    compiled. Both programs of a comparison use the same cache folder, filled by their first (warm-up) run.
    """
    env = dict(env)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(HERE / ".generated" / "pycache")
    return env


def run_json(args: list[str], *, env: dict[str, str] | None = None, timeout: float = 600) -> dict[str, Any]:
    """Run a helper script in a fresh interpreter; it prints one JSON object as its last line."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    done = subprocess.run(
        [PYTHON, *args], capture_output=True, text=True, env=full_env, timeout=timeout, cwd=ROOT, check=False
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(
            f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
        )
    return json.loads(lines[-1])
