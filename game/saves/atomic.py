"""Writing a file so that a crash, a kill or a full disk leaves either the old file or the new one, never half.

The recipe (POSIX): write a temporary file in the same folder, flush, fsync, ``os.replace`` it over the
target, then fsync the folder so the rename itself survives a power cut. The temporary file sits in the
same folder because ``os.replace`` is only atomic within one file system.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

TEMP_SUFFIX = ".tmp"


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable. Not every platform can open a folder (Windows): skip there."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a directory; the rename has still happened
    finally:
        os.close(fd)


def temp_path_for(target: Path) -> Path:
    """A fresh hidden temporary name beside ``target`` (hidden so listings never mistake it for a save)."""
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def write_temp(target: Path, data: bytes) -> Path:
    """Write ``data`` to a fresh temporary file beside ``target``, synced to disk; the caller renames it into
    place. On any error no temp is left (so a full disk leaves nothing behind, and nothing was replaced)."""
    temp = temp_path_for(target)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return temp


def atomic_write(target: Path, data: bytes, *, sync_dir: bool = True) -> None:
    """Replace ``target`` with ``data`` atomically. On any error the old file is untouched and no temp is left."""
    temp = write_temp(target, data)
    try:
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    if sync_dir:
        fsync_dir(target.parent)


@contextlib.contextmanager
def folder_lock(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``lock_path`` (made if needed) while the block runs: two copies of the game
    on one folder take turns. Where locks are unavailable (no fcntl, a file system refusing them) the block
    runs unlocked: every step it guards is still atomic on its own."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError:
        yield
        return
    try:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def link_or_copy(source: Path, target: Path) -> None:
    """Make ``target`` the same content as ``source``, atomically; a hard link where possible (no data to write).

    Used to keep the previous save as the backup: once the slot file is replaced, the link still holds the old
    contents. The caller's next folder fsync makes the new name durable.
    """
    with contextlib.suppress(OSError):
        if os.path.samefile(source, target):
            return  # already a link of it (and renaming a link over its twin would do nothing, leaving the temp)
    temp = temp_path_for(target)
    try:
        os.link(source, temp)
    except OSError:  # a file system without hard links (FAT, some network shares): copy instead
        atomic_write(target, source.read_bytes(), sync_dir=False)
        return
    try:
        os.replace(temp, target)
    finally:
        # rename(2) does nothing, successfully, when both names are links of one file: the temp is still
        # there then (and after any error); it is never anything but our own link.
        with contextlib.suppress(OSError):
            temp.unlink()


def remove_stale_temps(folder: Path, older_than: float = 120.0) -> None:
    """Remove our own temporary files left by a killed process (only old ones: another window may be saving)."""
    cutoff = time.time() - older_than
    try:
        candidates = [p for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(TEMP_SUFFIX)]
    except OSError:
        return
    for path in candidates:
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < cutoff:
                path.unlink()
