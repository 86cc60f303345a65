"""Autosaves are taken on the UI thread and written on another, in order; waiting for them works."""

from __future__ import annotations

import threading
import time

from game.saves.store import SaveStore
from game.tui.background_saves import BackgroundSaves
from tests.tui.conftest import press, settle


def test_writes_run_in_the_order_they_were_submitted_off_the_calling_thread() -> None:
    saves = BackgroundSaves()
    done: list[tuple[int, str]] = []
    for n in range(5):

        def write(n: int = n) -> None:
            time.sleep(0.01 if n == 0 else 0)  # the first is slowest: order must not depend on speed
            done.append((n, threading.current_thread().name))

        saves.submit(write, failed=lambda err: None)
    saves.settle()
    assert [n for n, _ in done] == [0, 1, 2, 3, 4]
    assert all(name.startswith("steppe-autosave") for _, name in done)
    saves.close()


def test_a_failed_write_is_handed_to_the_callback_and_later_writes_still_run() -> None:
    saves = BackgroundSaves()
    failures: list[Exception] = []
    done: list[str] = []

    def broken() -> None:
        raise OSError("disk full")

    saves.submit(broken, failed=failures.append)
    saves.submit(lambda: done.append("next"), failed=failures.append)
    saves.close()
    assert [str(err) for err in failures] == ["disk full"]
    assert done == ["next"]


async def test_each_choice_is_autosaved_and_on_disk_once_settled(make_app, saves) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_game("lena")
        await settle(pilot)
        await press(pilot, "1")
        app.settle_saves()
        on_disk = SaveStore(saves).latest(app.story)
        assert on_disk is not None and on_disk.kind == "autosave" and on_disk.scene == "crossroads"
        assert app.latest is not None and app.latest.scene_title == on_disk.scene_title
