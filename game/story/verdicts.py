"""Remembered answers of `steppe check`: the same story, checked again by the same checker, gets the same
answer without loading it (as ruff and mypy remember theirs).

The answer is keyed by everything it depends on: the bytes of every story file (and which files there
are), the checker's own source (every module of ``game.story``), the folder it was asked about and the
working directory (diagnostics show paths relative to it). Anything that cannot be read makes no key, and
the story is loaded as usual, so a file that cannot be read is still reported. Answers live in the parse
cache's private folder, signed like its entries (see :mod:`game.story.cache`); ``STEPPE_NO_CACHE=1`` turns
them off with it.
"""

from __future__ import annotations

import hashlib
from functools import cache as once
from pathlib import Path
from typing import Any

from game import __version__
from game.story import cache
from game.story.diagnostics import Diagnostic
from game.story.files import MAX_FILE_BYTES, story_files
from game.story.safe_read import read_limited

TABLE = "checks"
KEEP = 32  # answers kept: a writer's recent states of a few stories


@once
def _checker() -> str:
    """A digest of the checker itself: an answer from another version of it is never reused."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def story_key(root: Path) -> str | None:
    """The key of an answer about ``root`` as it is on disk now, or None when there can be no answer."""
    if cache.folder() is None:
        return None
    try:
        digest = hashlib.sha256(f"{_checker()}\0{Path.cwd()}\0{root.resolve()}\0".encode())
        for path in story_files(root):
            raw = read_limited(path, MAX_FILE_BYTES)
            digest.update(str(path.relative_to(root)).encode("utf-8", "surrogatepass") + b"\0")
            digest.update(hashlib.sha256(raw).digest())
    except (OSError, ValueError):
        return None  # the full check reports what could not be read
    return digest.hexdigest()


def recall(key: str) -> tuple[list[Diagnostic], dict[str, int] | None] | None:
    """The diagnostics and counts remembered under ``key``, or None (never remembered, or unsound)."""
    entry: Any = cache.load_table(TABLE).get(key)
    if not isinstance(entry, dict):
        return None
    try:
        diagnostics = [
            Diagnostic(str(d["code"]), str(d["message"]), str(d["path"]), int(d["line"]), int(d["col"]))
            for d in entry["diagnostics"]
        ]
        counts = entry["counts"]
        if counts is not None:
            counts = {name: int(counts[name]) for name in ("scenes", "origins", "endings", "pools")}
    except (TypeError, KeyError, ValueError):
        return None
    return diagnostics, counts


def remember(key: str, diagnostics: list[Diagnostic], counts: dict[str, int] | None) -> None:
    """Keep an answer (the oldest go past KEEP; silently nothing when the cache cannot be written)."""
    rows: dict[str, Any] = cache.load_table(TABLE)
    rows.pop(key, None)
    rows[key] = {
        "diagnostics": [
            {"code": d.code, "message": d.message, "path": d.path, "line": d.line, "col": d.col} for d in diagnostics
        ],
        "counts": counts,
    }
    cache.store_table(TABLE, dict(list(rows.items())[-KEEP:]))


def counts_of(story: Any) -> dict[str, int]:
    return {
        "scenes": len(story.scenes),
        "origins": len(story.origins),
        "endings": len(story.endings),
        "pools": len(story.pools),
    }
