"""Startup: launch to the first frame on a real (pseudo-)terminal, steppe's title screen vs a minimal app.

Each program is started on a pty of 80×24; the clock runs from just before the process is spawned until a
piece of text from its first screen appears in what it writes to the terminal. The two are interleaved so
load from other jobs on the machine affects both alike.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import tempfile
import termios
import time
from pathlib import Path

from benchmarks.common import HERE, PYTHON, Row, as_installed, median
from benchmarks.minimal_app import MARKER

TARGET = 1.2
STEPPE = str(Path(PYTHON).parent / "steppe")
# Text the title screen draws in its first frame (its menu; escape codes never split a styled run).
TITLE_MARKER = b"New game"


def first_frame(command: list[str], marker: bytes, env: dict[str, str], timeout: float = 30.0) -> float:
    """Seconds from spawning ``command`` on an 80×24 pty until ``marker`` appears in its output."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True, start_new_session=True
    )
    os.close(slave)
    seen = b""
    elapsed = float("nan")
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            seen += chunk
            if marker in seen:
                elapsed = time.perf_counter() - start
                break
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        os.close(master)
    if elapsed != elapsed:  # NaN: the marker never came
        raise RuntimeError(f"{command}: no {marker!r} within {timeout}s; output ended with {seen[-500:]!r}")
    return elapsed


def run(repeat: int) -> list[Row]:
    saves = tempfile.mkdtemp(prefix="steppe-bench-saves-")
    env = as_installed(dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor", STEPPE_SAVES=saves))
    env.pop("TEXTUAL", None)
    floors, steppes = [], []
    first_frame([PYTHON, str(HERE / "minimal_app.py")], MARKER.encode(), env)  # warm the OS file cache
    first_frame([STEPPE], TITLE_MARKER, env)
    for _ in range(repeat):
        floors.append(first_frame([PYTHON, str(HERE / "minimal_app.py")], MARKER.encode(), env))
        steppes.append(first_frame([STEPPE], TITLE_MARKER, env))
    floor = median(floors)
    value = median(steppes)
    return [
        Row(
            "startup",
            "floor: minimal Textual app, first frame",
            floor,
            "s",
            note=f"pty 80×24, wall clock, median of {repeat} (min {min(floors):.3f}, max {max(floors):.3f})",
        ),
        Row(
            "startup",
            "steppe, title screen's first frame",
            value,
            "s",
            floor,
            f"≤{TARGET}× floor",
            value <= TARGET * floor,
            f"min {min(steppes):.3f}, max {max(steppes):.3f}",
        ),
    ]
