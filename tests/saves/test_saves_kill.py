"""Kill a process with SIGKILL in the middle of saving, many times over: the latest or the previous save loads.

The child saves in a loop and reports on a pipe each save it starts ("s N") and finishes ("d N"); N is stored
as the play time, so the parent can tell which save it got back. The parent kills the child after a random
delay, then loads.
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time

import pytest
from savehelp import play

from game.saves.store import SaveStore, autosave_key, playthrough_id

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32" or not hasattr(os, "fork"), reason="needs fork and SIGKILL"),
    pytest.mark.slow,  # hundreds of real kills: run by .ci/run with -m slow, not in the minute-long suite
]

ITERATIONS = 200


def _child(write_fd: int, store: SaveStore, game, start: int, autosave: bool) -> None:
    try:
        n = start
        while True:
            os.write(write_fd, f"s {n}\n".encode())
            if autosave:
                store.autosave(game, play_seconds=n)
            else:
                store.save("Under fire", game, play_seconds=n)
            os.write(write_fd, f"d {n}\n".encode())
            n += 1
    finally:
        os._exit(0)


def _run_and_kill(store: SaveStore, game, start: int, delay: float, autosave: bool) -> tuple[int | None, int | None]:
    """Fork a saving child, SIGKILL it after ``delay``; (last save started, last save finished)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _child(write_fd, store, game, start, autosave)
    os.close(write_fd)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    chunks = []
    while chunk := os.read(read_fd, 65536):
        chunks.append(chunk)
    os.close(read_fd)
    started = finished = None
    for line in b"".join(chunks).decode().splitlines():
        kind, number = line.split()
        if kind == "s":
            started = int(number)
        else:
            finished = int(number)
    return started, finished


def _temps(folder) -> list:
    return [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_sigkill_while_saving_never_loses_the_latest_or_previous_save(tmp_path, mini):
    game = play(mini, 300)  # a long turn log makes each save take long enough to be hit mid-write
    store = SaveStore(tmp_path, mini)
    rng = random.Random(20261121)
    last_good = None  # the newest save known to be complete
    stats = {
        "iterations": ITERATIONS,
        "mid_write": 0,
        "got_save_in_progress": 0,
        "got_last_completed": 0,
        "from_backup": 0,
        "backup_checked": 0,
        "no_save_started": 0,
        "saves_completed": 0,
    }
    for iteration in range(ITERATIONS):
        start = iteration * 1_000_000
        started, finished = _run_and_kill(store, game, start, rng.uniform(0.0, 0.06), autosave=False)
        stats["saves_completed"] += 0 if finished is None else finished - start + 1
        if started is None:
            stats["no_save_started"] += 1
        stats["mid_write"] += bool(_temps(tmp_path))
        for temp in _temps(tmp_path):
            temp.unlink()
        if finished is not None:
            last_good = finished
        if last_good is None and not store.path("under_fire").exists():
            continue  # killed before the very first save was in place: nothing to lose yet
        result = store.load("Under fire")
        assert result.ok, result.error
        assert result.game.state.to_json() == game.state.to_json()
        got = int(result.play_seconds)
        allowed = {last_good, started} - {None}
        assert got in allowed, (got, started, finished)
        stats["got_save_in_progress" if got == started else "got_last_completed"] += 1
        stats["from_backup"] += result.from_backup
        if got == started:
            last_good = got
        info = store.list_slots()[0]
        assert info.damaged is None  # an interrupted save never leaves a damaged slot behind
        backup = store._read(store.backup_path("under_fire"))
        if backup.document is not None or backup.reason != "missing":
            assert backup.reason is None, backup.reason  # the previous save loads too
            assert backup.document["play_seconds"] <= got
            stats["backup_checked"] += 1
    print(f"\nkill-during-save: {stats}")
    assert stats["mid_write"] > 0 and stats["saves_completed"] > 0  # kills landed both mid-write and between


def test_sigkill_while_autosaving_keeps_a_loadable_autosave(tmp_path, mini):
    game = play(mini, 300)
    store = SaveStore(tmp_path, mini)
    rng = random.Random(7)
    last_good = None
    stats = {"iterations": ITERATIONS // 2, "mid_write": 0, "got_save_in_progress": 0, "got_last_completed": 0}
    for iteration in range(ITERATIONS // 2):
        start = iteration * 1_000_000
        started, finished = _run_and_kill(store, game, start, rng.uniform(0.0, 0.06), autosave=True)
        stats["mid_write"] += bool(_temps(tmp_path))
        for temp in _temps(tmp_path):
            temp.unlink()
        if finished is not None:
            last_good = finished
        if last_good is None and not store.path(autosave_key(playthrough_id(game), 1)).exists():
            continue
        latest = store.latest()
        assert latest is not None and latest.kind == "autosave"
        got = int(latest.play_seconds)
        assert got in {last_good, started} - {None}, (got, started, finished)
        stats["got_save_in_progress" if got == started else "got_last_completed"] += 1
        if got == started:
            last_good = got
        assert all(i.damaged is None for i in store.list_slots())
        assert not [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    print(f"\nkill-during-autosave: {stats}")
