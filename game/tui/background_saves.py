"""Autosaves written off the UI thread, one at a time, in the order they were taken.

An autosave after every choice means two fsyncs per key press; on a slow disk that is tens of milliseconds
the next scene would wait for. The save is *taken* on the UI thread (the state turned into bytes, so later
choices cannot change it) and only *written* here. One writer thread keeps the rotation of autosave-1…N in
order; :meth:`BackgroundSaves.settle` waits for the writes in flight, so anything that reads or writes the
save folder itself (the save and load screens, quick save, quitting) sees every autosave on disk first.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait

# A write that takes longer than this is waited for no more: the app must still quit on a hung disk.
SETTLE_TIMEOUT = 10.0


class BackgroundSaves:
    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None
        self._pending: list[Future[None]] = []

    def submit(self, write: Callable[[], None], failed: Callable[[Exception], None]) -> None:
        """Run ``write`` after the writes already submitted; call ``failed`` (on the writer thread) with any
        exception it raises."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="steppe-autosave")

        def run() -> None:
            try:
                write()
            except Exception as err:  # noqa: BLE001 - reported to the player by the caller's callback
                failed(err)

        self._pending = [future for future in self._pending if not future.done()]
        self._pending.append(self._pool.submit(run))

    def settle(self, timeout: float = SETTLE_TIMEOUT) -> None:
        """Wait until every write submitted so far is done (or ``timeout`` passes)."""
        if self._pending:
            wait(self._pending, timeout=timeout)
            self._pending = [future for future in self._pending if not future.done()]

    def close(self) -> None:
        """Finish the writes in flight and stop the writer thread."""
        self.settle()
        if self._pool is not None:
            self._pool.shutdown(wait=False)
            self._pool = None
