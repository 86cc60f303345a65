"""Reading a file that someone else may have put there: only regular files, never more than a limit.

``Path.read_bytes`` on a FIFO blocks until a writer appears (forever, for a game that only reads), and on
``/dev/zero`` (or a symlink to it) never ends. So: the file is opened without blocking, checked with
``fstat`` on the open descriptor (not a separate ``stat``, which a swap could race), refused unless it is a
regular file of at most ``limit`` bytes, and read to at most ``limit + 1`` bytes in case it grows meanwhile.
Used by the story loader, the parse cache and the saves.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path


class UnsafeFile(OSError):
    """The path is not a regular file, or is larger than allowed; ``reason`` says which, for a player."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.strerror = reason


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def read_limited(
    path: str | os.PathLike[str],
    limit: int,
    *,
    follow_symlinks: bool = True,
    accept: Callable[[os.stat_result], bool] | None = None,
) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes. Raises :class:`UnsafeFile` or ``OSError``.

    ``accept`` may refuse the open file on its ``fstat`` (the parse cache wants it to be the user's own)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    # A quick look first: opening some devices has effects of its own (a tape rewinds), so refuse them unopened.
    before = os.stat(path, follow_symlinks=follow_symlinks)
    if not stat.S_ISREG(before.st_mode):
        raise UnsafeFile(f"it is {_kind(before.st_mode)}, not a file")
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # swapped between the look and the open
            raise UnsafeFile(f"it is {_kind(info.st_mode)}, not a file")
        if accept is not None and not accept(info):
            raise UnsafeFile("it is not a file this program may trust")
        if info.st_size > limit:
            raise UnsafeFile(f"it is too large ({info.st_size:,} bytes; the limit is {limit:,})")
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise UnsafeFile(f"it is too large (more than {limit:,} bytes)")
        return data
    finally:
        os.close(fd)


def is_regular(path: Path) -> bool:
    """Whether ``path`` (followed) is a regular file; False for anything missing or unreadable."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False
