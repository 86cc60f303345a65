"""Parsed files, keyed by the SHA-256 of their bytes, so a reload re-parses only what changed.

Parsing dominates loading (libyaml reads ~1.6 MB/s), and live reload and the writers' tools load the same
story again and again: a file whose bytes did not change is not parsed twice in one process.
"""

from __future__ import annotations

from game.story.yamlsrc import SourceDoc

_MEMORY: dict[str, SourceDoc] = {}
_LIMIT = 50_000


def get(digest: str) -> SourceDoc | None:
    return _MEMORY.get(digest)


def put(digest: str, doc: SourceDoc) -> None:
    if len(_MEMORY) >= _LIMIT:
        _MEMORY.clear()
    _MEMORY[digest] = doc


def clear() -> None:
    _MEMORY.clear()
