"""Shared fixtures: small stories written to a temporary folder, and the bundled test story."""

from __future__ import annotations

import os
import sys
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

# Keep compiled test modules between runs even where the environment says not to (PYTHONDONTWRITEBYTECODE):
# every xdist worker would otherwise compile every test module again, seconds of each run.
sys.dont_write_bytecode = False
# The same for the games, servers and tools the tests start as processes: each compiled the game's modules
# from source again (about half a second a process) where this environment sets PYTHONDONTWRITEBYTECODE.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

# The parse cache must not write into the real ~/.cache during tests (subprocesses inherit this too).
os.environ.setdefault("STEPPE_CACHE_DIR", tempfile.mkdtemp(prefix="steppe-test-cache-"))

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"

BASE_MANIFEST = """\
story:
  id: tiny
  title: Tiny
variables:
  fame: {type: number, initial: 0, min: 0, max: 100}
  city: {type: string, initial: Almaty, values: [Almaty, Paris]}
origins:
  - id: ana
    name: Ana
    home: Almaty
    instrument: dombra
    intro: A dombra player.
    start: start
"""

BASE_SCENES = """\
scenes:
  - id: start
    title: Start
    text: Hello.
    choices:
      - id: go
        text: Go
        goto: end
  - id: end
    title: End
    ending: {id: fin, title: Fin}
    text: Bye.
"""

StoryMaker = Callable[..., Path]


@pytest.fixture
def make_story(tmp_path: Path) -> StoryMaker:
    """Write a story folder: ``make_story({"story.yaml": ..., "more/x.yaml": ...})`` (text is dedented)."""

    def make(files: dict[str, str] | None = None, *, base: bool = True) -> Path:
        root = tmp_path / "story"
        root.mkdir(exist_ok=True)
        contents = {"story.yaml": BASE_MANIFEST, "scenes.yaml": BASE_SCENES} if base else {}
        contents.update(files or {})
        for name, text in contents.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return root

    return make


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """Two workers a core for ``-n auto``: a good part of the suite waits (screens settling, real pipes,
    subprocesses, fsync) rather than computes, and a second worker per core fills that time (measured on
    2 cores: 72 s with 2 workers, 59 s with 4)."""
    return min(8, 2 * (os.cpu_count() or 1))
