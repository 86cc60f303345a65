"""`steppe new DIR`: a story folder that loads, plays and passes `steppe check --strict` from the start.

It has a manifest, one origin, a hub scene that draws from a pool of two storylets, and an ending. The
JSON Schema is copied into the folder and every file's `# yaml-language-server: $schema=` line points at
that copy with a path relative to the file, so the editor's completion keeps working wherever the folder
is, and after it moves (a path back into this repository would break silently). Editor settings for VS
Code and Helix come with it; they start `steppe lsp` and read YAML as 1.1, as the game does.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from game.tools.schema import schema_text

SCHEMA_FILE = "story.schema.json"


def _schema_line(depth: int) -> str:
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_FILE}\n"


def _story_id(folder: Path) -> str:
    slug = re.sub(r"[^a-z0-9_-]+", "-", folder.name.lower()).strip("-_")
    return slug if slug and slug[0].isalnum() else f"story-{slug}".rstrip("-")


MANIFEST = """\
story:
  id: {id}
  title: {title}
  version: 1
  author: ""

# Every name a condition, an effect or a text uses is declared here.
variables:
  fame:
    type: number
    initial: 0
    min: 0
    max: 100
    label: Fame
    show: bar
    help: How many people know your name.
  gigs_played:
    type: counter
    label: Gigs played
    help: Every gig counts, the good ones and the bad ones.

origins:
  - id: aru
    name: Aru
    home: Almaty
    instrument: dombra
    intro: A dombra player with a borrowed amplifier and a head full of songs.
    start: hub
"""

HUB = """\
scenes:
  - id: hub
    title: Week {{{{ week }}}}
    text: |
      {{% if fame >= 10 %}}People in town know your songs now.{{% else %}}Nobody knows your name yet.{{% endif %}}
      You have played {{{{ gigs_played }}}} gigs.
    choices:
      - id: gig
        text: Look for a gig
        draw: gigs
      - id: retire
        text: Hang up the dombra, proud of what you did
        when: fame >= 10
        locked: You are not done yet (fame 10)
        goto: ending

  - id: ending
    title: A Name in Town
    text: |
      They still hum your songs at the bazaar.
    ending: {{id: known, title: A Name in Town}}
"""

GIGS = """\
# Storylets: each joins the pool `gigs`; `goto: $return` goes back to whichever scene drew it.
scenes:
  - id: gig_wedding
    title: A Wedding
    pool: {{name: gigs}}
    text: |
      The bride's uncle requests the same song four times.
    choices:
      - id: play
        text: Play it a fifth time, with feeling
        effects: {{add: {{fame: 4, gigs_played: 1}}, weeks: 1}}
        goto: $return

  - id: gig_cafe
    title: An Empty Café
    pool: {{name: gigs, weight: 2}}
    text: |
      Three people and a cat. The cat listens best.
    choices:
      - id: play
        text: Play for the cat
        effects: {{add: {{fame: 2, gigs_played: 1}}, weeks: 1}}
        goto: $return
"""


def _editor_files() -> dict[str, str]:
    vscode = {  # Red Hat's YAML extension for the schema; "Generic LSP Client (v2)" for `steppe lsp`
        "yaml.yamlVersion": "1.1",
        "yaml.schemas": {f"./{SCHEMA_FILE}": "**/*.yaml"},
        "glspc.server.command": "steppe",
        "glspc.server.commandArguments": ["lsp"],
        "glspc.server.languageId": ["yaml"],
    }
    helix = (
        "# Helix: `steppe lsp` for diagnostics, completion, hover, go to definition, references and rename,\n"
        "# next to yaml-language-server for the schema.\n"
        "[language-server.steppe]\n"
        'command = "steppe"\n'
        'args = ["lsp"]\n\n'
        "[[language]]\n"
        'name = "yaml"\n'
        'language-servers = ["steppe", "yaml-language-server"]\n'
    )
    return {".vscode/settings.json": json.dumps(vscode, indent=2) + "\n", ".helix/languages.toml": helix}


def scaffold(folder: Path, title: str | None = None) -> list[Path]:
    """Write a new story into ``folder`` (which must not exist, or be empty); returns the files written."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise FileExistsError(f"{folder} already exists and is not an empty folder")
    name = title or folder.name.replace("-", " ").replace("_", " ").strip().title() or "A New Story"
    files = {
        "story.yaml": _schema_line(0) + MANIFEST.format(id=_story_id(folder), title=json.dumps(name)),
        "scenes/hub.yaml": _schema_line(1) + HUB.format(),
        "scenes/gigs.yaml": _schema_line(1) + GIGS.format(),
        SCHEMA_FILE: schema_text(),
        **_editor_files(),
    }
    written: list[Path] = []
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def run_new(folder: str, title: str | None) -> int:
    """`steppe new DIR`: write the story, say what was made and what to do next (exit 2 if DIR is taken)."""
    import sys

    target = Path(folder)
    try:
        written = scaffold(target, title)
    except (FileExistsError, OSError) as err:
        print(f"steppe new: {err}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path}")
    print(f"\nNext: steppe check {target} --strict, then steppe play {target} --watch while you write.")
    print("Editors: the files point at the schema copied into the folder; see the README's Editor setup.")
    return 0
