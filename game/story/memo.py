"""A memo of compiled things by their source text, shared by expressions and templates.

The same condition or line of text recurs across a story (and across reloads under ``--watch``), so each
is compiled once. The memo is bounded: past its limit it starts again empty, which keeps a long writing
session's memory flat at the cost of recompiling now and then.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BoundedMemo(Generic[K, V]):
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._found: dict[K, V] = {}

    def get(self, key: K, make: Callable[[], V]) -> V:
        """The value for ``key``, made (and remembered) the first time it is asked for."""
        found = self._found.get(key)
        if found is None:
            found = make()
            if len(self._found) >= self.limit:
                self._found.clear()
            self._found[key] = found
        return found
