"""Which files make a story: light enough to import before deciding whether to load the story at all."""

from __future__ import annotations

import os
from pathlib import Path

MANIFEST = "story.yaml"
MAX_FILE_BYTES = 64 * 1024 * 1024  # one story file; the 10,000-scene benchmark story is 7.7 MB in all


def story_files(root: Path) -> list[Path]:
    """Every ``*.yaml`` file of a story, manifest first, in a stable order; hidden folders skipped."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        found.extend(Path(folder) / f for f in sorted(files) if f.endswith((".yaml", ".yml")) and not f.startswith("."))
    manifest = root / MANIFEST
    return sorted(found, key=lambda p: (p != manifest, str(p.relative_to(root))))
