"""Key → next scene fully drawn, on a real pseudo-terminal at 80×24 (``--only pty``).

The game runs as a player runs it (``steppe play``, its own process, default settings, a fresh saves
folder), on a pty this process reads. It starts a new game from the title (1, 1, Enter), then presses "1"
again and again: in the synthetic 1,000-scene story the first choice of every scene on that road is
"onward", open, with no randomness, so each press is a scene change and the scene it leads to is known
from the YAML. A press is timed from writing the key to the pty until the last byte of the frames it
caused: the new scene's onward text has appeared in the output and then nothing more comes for 150 ms
(Textual draws a new scene in two layout passes, a 60 Hz tick apart; the quiet wait covers both). The
next key goes only after that, as a player reading the scene would.

Floors, measured the same way: a minimal Textual app whose key puts text of another height into one Static
(Textual's own cost of showing new content), and a raw app without Textual that rewrites the screen
(the pty, the reader and Python). Several runs, each a fresh process: each run's p50 and p95, then the
median of the runs with their min and max.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import shutil
import signal
import struct
import subprocess
import tempfile
import termios
import time
from pathlib import Path

import yaml

from benchmarks.common import HERE, PYTHON, Row, as_installed, median, percentile
from benchmarks.minimal_key_app import READY, marker

FRAME_MS = 1000 / 60
QUIET = 0.15
STEPPE = str(Path(PYTHON).parent / "steppe")


class Terminal:
    """A program on an 80×24 pty, its output read with the time each chunk arrived."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.proc = subprocess.Popen(
            command, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True, start_new_session=True
        )
        os.close(slave)
        self.command = command

    def press(self, key: bytes) -> float:
        sent = time.perf_counter()
        os.write(self.master, key)
        return sent

    def settle(self, expected: bytes, since: float, timeout: float = 15.0) -> tuple[float, float]:
        """Read until ``expected`` has appeared and then ``QUIET`` seconds pass with no output.

        Returns (first byte, last byte) in seconds after ``since``."""
        seen = b""
        first = last = found = None
        while True:
            now = time.perf_counter()
            if found is not None and last is not None and now - last >= QUIET:
                assert first is not None
                return first - since, last - since
            if now - since > timeout:
                raise RuntimeError(
                    f"{self.command[-1]}: no {expected!r} (then quiet) within {timeout}s; got {seen[-400:]!r}"
                )
            wait = QUIET - (now - last) if found is not None and last is not None else 0.05
            ready, _, _ = select.select([self.master], [], [], max(0.0, wait))
            if not ready:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"{self.command}: exited ({self.proc.returncode}); got {seen[-400:]!r}")
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError as err:
                raise RuntimeError(f"{self.command}: the pty closed: {err}") from err
            arrived = time.perf_counter()
            first = arrived if first is None else first
            last = arrived
            seen += chunk
            if found is None and expected in seen:
                found = arrived

    def close(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)


def onward_road(story: Path, steps: int) -> list[bytes]:
    """The onward text of each scene the "1" key leads to, starting with the first scene's."""
    scenes: dict[str, dict] = {}
    for path in story.rglob("*.yaml"):
        if path.name != "story.yaml":
            scenes.update({s["id"]: s for s in yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)["scenes"]})
    manifest = yaml.load((story / "story.yaml").read_text("utf-8"), Loader=yaml.CSafeLoader)
    scene = scenes[manifest["origins"][0]["start"]]
    road = []
    for _ in range(steps + 1):
        first = scene["choices"][0]
        if first["id"] != "onward" or "when" in first:
            raise RuntimeError(f"scene {scene['id']}: its first choice is not an open 'onward'")
        road.append(first["text"].encode())
        scene = scenes[first["goto"]]
    return road


def _env(saves: str) -> dict[str, str]:
    env = as_installed(dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor", STEPPE_SAVES=saves))
    env.pop("TEXTUAL", None)
    return env


def steppe_run(story: Path, presses: int) -> list[tuple[float, float]]:
    road = onward_road(story, presses)
    saves = tempfile.mkdtemp(prefix="steppe-bench-pty-")
    term = Terminal([STEPPE, "play", str(story), "--saves", saves], _env(saves))
    try:
        # The title, the musicians, the stage-name dialog: whatever they say, each is drawn once output stops.
        term.settle(b"", time.perf_counter())
        time.sleep(0.5)  # the title loads the story after its first frame: let it finish first
        term.settle(b"", term.press(b"1"))
        term.settle(b"", term.press(b"1"))
        for attempt in range(3):  # on a busy machine the dialog can settle before it takes keys: press again
            try:
                term.settle(road[0], term.press(b"\r"), timeout=5.0)
                break
            except RuntimeError:
                if attempt == 2:
                    raise
        timings = [term.settle(road[i], term.press(b"1")) for i in range(1, presses + 1)]
    finally:
        term.close()
        shutil.rmtree(saves, ignore_errors=True)
    return timings


def floor_run(raw: bool, presses: int) -> list[tuple[float, float]]:
    command = [PYTHON, str(HERE / "minimal_key_app.py"), *(["--raw"] if raw else [])]
    term = Terminal(command, _env(tempfile.gettempdir()))
    try:
        term.settle(READY.encode(), time.perf_counter())
        timings = [term.settle(marker(i).encode(), term.press(b"1")) for i in range(1, presses + 1)]
    finally:
        term.close()
    return timings


def _spread(runs: list[float]) -> str:
    return f"min {min(runs):.1f}, max {max(runs):.1f}"


def run(story: Path, presses: int, repeat: int) -> list[Row]:
    figures: dict[str, list[list[tuple[float, float]]]] = {"raw": [], "textual": [], "steppe": []}
    for _ in range(repeat):  # interleaved, so the machine's other load falls on all three alike
        figures["raw"].append(floor_run(True, presses))
        figures["textual"].append(floor_run(False, presses))
        figures["steppe"].append(steppe_run(story, presses))

    def stat(name: str, share: float, which: int = 1) -> list[float]:
        return [percentile([t[which] * 1000 for t in run], share) for run in figures[name]]

    raw50, raw95 = stat("raw", 50), stat("raw", 95)
    floor50, floor95 = stat("textual", 50), stat("textual", 95)
    p50, p95, first50 = stat("steppe", 50), stat("steppe", 95), stat("steppe", 50, 0)
    budget = median(floor95) + FRAME_MS
    note = f"{presses} presses a run, {repeat} runs (fresh processes): median of the runs' figures"
    return [
        Row("pty", "floor: raw key app (no Textual), p50", median(raw50), "ms", note=_spread(raw50)),
        Row("pty", "floor: raw key app (no Textual), p95", median(raw95), "ms", note=_spread(raw95)),
        Row("pty", "floor: minimal Textual key app, p50", median(floor50), "ms", note=_spread(floor50)),
        Row("pty", "floor: minimal Textual key app, p95", median(floor95), "ms", note=_spread(floor95)),
        Row("pty", "steppe: key → first byte of the next scene, p50", median(first50), "ms", note=_spread(first50)),
        Row("pty", "steppe: key → next scene fully drawn, p50", median(p50), "ms", median(floor50), note=_spread(p50)),
        Row(
            "pty",
            "steppe: key → next scene fully drawn, p95",
            median(p95),
            "ms",
            median(floor95),
            f"≤ floor p95 + {FRAME_MS:.1f} ms",
            median(p95) <= budget,
            f"{_spread(p95)}; {note}",
        ),
    ]
