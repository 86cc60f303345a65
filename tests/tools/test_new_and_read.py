"""`steppe new` (a story that passes check --strict wherever it lives), `steppe read` (a route as prose) and
global options after the subcommand (issue 14)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from game.cli import build_parser, main
from game.story.loader import check_story, load_story
from game.tools.schema import schema_text

REPO = Path(__file__).resolve().parents[2]


def _steppe(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "STEPPE_NO_CACHE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "game", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )


def _schema_target(path: Path) -> Path:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema="), path
    return (path.parent / first.split("=", 1)[1]).resolve()


def test_new_story_passes_strict_check_outside_the_repository_and_after_a_move(tmp_path: Path) -> None:
    made = _steppe("new", "songs/first", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    root = tmp_path / "songs" / "first"
    checked = _steppe("check", "songs/first", "--strict", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout
    assert "4 scenes, 1 origin, 1 ending, 1 pool — 0 errors, 0 warnings" in checked.stdout
    # Every file's schema line points at the copy inside the folder, which is today's schema...
    for path in root.rglob("*.yaml"):
        assert _schema_target(path) == (root / "story.schema.json").resolve()
    assert (root / "story.schema.json").read_text(encoding="utf-8") == schema_text()
    # ...so it still points at it once the folder has moved.
    moved = tmp_path / "elsewhere" / "renamed"
    moved.parent.mkdir()
    shutil.move(str(root), moved)
    for path in moved.rglob("*.yaml"):
        assert _schema_target(path) == (moved / "story.schema.json").resolve()
    settings = json.loads((moved / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.yamlVersion"] == "1.1"
    assert 'command = "steppe"' in (moved / ".helix" / "languages.toml").read_text(encoding="utf-8")
    # It plays: every random run reaches the ending.
    report = _steppe("playtest", str(moved), "--runs", "30", "--json", cwd=tmp_path)
    assert report.returncode == 0, report.stdout
    summary = json.loads(report.stdout)
    assert summary["endings"]["known"]["count"] == 30 and summary["never_visited_scenes"] == []


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["new", str(tmp_path / "taken")]) == 2
    assert "already exists" in capsys.readouterr().err
    assert (tmp_path / "taken" / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_read_prints_a_route_as_prose(tmp_path: Path, capsys) -> None:
    assert main(["new", str(tmp_path / "s")]) == 0
    capsys.readouterr()
    assert main(["read", str(tmp_path / "s"), "--seed", "3"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# S: Aru\n")
    assert "## 1. Week 1" in text and "Nobody knows your name yet." in text
    assert "- **→ Look for a gig** `gig`" in text
    assert "_(locked: You are not done yet (fame 10))_ `retire`" in text  # offered, not taken, and why
    assert "_Changed: +" in text and text.rstrip().endswith("**The end: A Name in Town.**")


def test_read_follows_a_transcript_and_says_when_it_no_longer_fits(tmp_path: Path, capsys) -> None:
    story_root = tmp_path / "s"
    assert main(["new", str(story_root)]) == 0
    transcript = tmp_path / "t.json"
    assert main(["record", str(story_root), "--origin", "aru", "--seed", "5", "-o", str(transcript)]) == 0
    capsys.readouterr()
    out = tmp_path / "read.md"
    assert main(["read", str(story_root), "--transcript", str(transcript), "-o", str(out)]) == 0
    turns = json.loads(transcript.read_text(encoding="utf-8"))["turns"]
    assert out.read_text(encoding="utf-8").count("- **→ ") == len(turns)
    hub = story_root / "scenes" / "hub.yaml"
    hub.write_text(hub.read_text(encoding="utf-8").replace("id: gig\n", "id: find_gig\n"), encoding="utf-8")
    assert check_story(story_root)[0] is not None
    assert main(["read", str(story_root), "--transcript", str(transcript)]) == 1
    assert "no longer fits the story" in capsys.readouterr().err
    assert load_story(story_root)


def test_global_options_after_the_subcommand(tmp_path: Path) -> None:
    parser = build_parser()
    for argv in (["play", "x"], ["check", "x"], ["graph"], ["saves", "check"], ["lsp"], ["read"]):
        assert parser.parse_args([*argv, "--saves", str(tmp_path)]).saves == str(tmp_path), argv
        assert parser.parse_args(["--saves", str(tmp_path), *argv]).saves == str(tmp_path), argv
