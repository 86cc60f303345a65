"""Give the memory a story load freed back to the system.

A cold load builds and drops a great deal (the parsed documents with their source positions are about
twice the size of the story kept); glibc's allocator keeps the freed heap pages in the process, so the
resident memory stays near the load's peak: on a 10,000-scene story ~88 MB held where ~80 MB is in use
afterwards. ``malloc_trim`` hands the free pages back (a few milliseconds). Elsewhere (macOS, Windows, musl)
there is no such call and nothing is done.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from collections.abc import Callable

_UNSET: object = object()
_trim: Callable[[int], int] | object | None = _UNSET


def _malloc_trim() -> Callable[[int], int] | None:
    global _trim
    if _trim is _UNSET:
        _trim = None
        if sys.platform.startswith("linux"):
            try:
                _trim = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
            except (OSError, AttributeError):  # no libc to open, or a libc without it (musl)
                _trim = None
    return _trim  # type: ignore[return-value]


def release_freed_memory() -> bool:
    """Return freed heap pages to the system; whether the platform could."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
