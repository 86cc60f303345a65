"""`steppe serve` without a browser: the command each tab runs, and clear errors for bad arguments."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

from game.tools.serve import PAGE, play_command

ROOT = Path(__file__).resolve().parents[2]


def test_each_tab_runs_steppe_play_with_this_interpreter(tmp_path) -> None:
    story = tmp_path / "my story"
    words = shlex.split(play_command(str(story)))
    assert words == [sys.executable, "-m", "game", "play", str(story)]


def test_our_page_loads_nothing_from_outside() -> None:
    page = (PAGE / "app_index.html").read_text()
    assert "{{ app_websocket_url }}" in page and "js/textual.js" in page
    assert "http" not in page.replace("http-equiv", "")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", "serve", *args], capture_output=True, text=True, timeout=60, cwd=ROOT
    )


def test_a_bad_port_or_story_folder_is_one_clear_line(tmp_path) -> None:
    bad_port = run("--port", "70000")
    assert bad_port.returncode == 2 and "--port must be between 1 and 65535" in bad_port.stderr
    missing = run(str(tmp_path / "nowhere"))
    assert missing.returncode == 1 and "no story folder at" in missing.stderr
    assert "Traceback" not in bad_port.stderr + missing.stderr
