"""Where the bundled story lives: beside the package in a wheel, or in the checkout's `stories/`."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent
STORY_NAME = "steppe"


def bundled_story_dir() -> Path:
    """The bundled story's folder. A wheel ships it as `game/_stories/`; a checkout has `stories/`."""
    installed = _PACKAGE / "_stories" / STORY_NAME
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "stories" / STORY_NAME


def is_source_checkout() -> bool:
    """True when running from a clone of the repository (not an installed wheel)."""
    root = _PACKAGE.parent
    return (root / "pyproject.toml").is_file() and (root / "stories").is_dir()


def story_dir(value: str | None) -> Path:
    """A story folder given on the command line, or the bundled story when none was given."""
    return Path(value) if value else bundled_story_dir()
