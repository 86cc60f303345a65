"""The `steppe` command: check, playtest, version, and the rule that headless commands don't load Textual."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from game import __version__
from game.cli import main

MINI = Path(__file__).parent / "fixtures" / "mini"


def test_version(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_check_clean_story_exits_0(capsys) -> None:
    assert main(["check", str(MINI)]) == 0
    out = capsys.readouterr().out
    assert "5 scenes, 2 origins, 1 ending," in out and "0 errors, 0 warnings" in out


def test_check_broken_story_exits_1_with_positions(make_story, capsys) -> None:
    root = make_story(
        {"x.yaml": "scenes:\n  - id: x\n    title: X\n    choices:\n      - {id: a, text: A, goto: nowhere}\n"}
    )
    assert main(["check", str(root)]) == 1
    out = capsys.readouterr().out
    assert "x.yaml:5:" in out and "E301 no scene 'nowhere'" in out
    assert "Traceback" not in out


def test_warnings_fail_only_with_strict(make_story, capsys) -> None:
    root = make_story(
        {"x.yaml": "scenes:\n  - id: lonely\n    title: L\n    choices:\n      - {id: a, text: A, goto: start}\n"}
    )
    assert main(["check", str(root)]) == 0
    assert "W601" in capsys.readouterr().out
    assert main(["check", str(root), "--strict"]) == 1


def test_check_json_for_editors(make_story, capsys) -> None:
    root = make_story({"x.yaml": "scenes: [\n"})
    assert main(["check", str(root), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and report["errors"] == 1
    (diagnostic,) = report["diagnostics"]
    assert diagnostic["code"] == "E001" and diagnostic["path"].endswith("x.yaml") and diagnostic["severity"] == "error"


def test_playtest_reports_coverage_and_endings(capsys) -> None:
    assert main(["playtest", str(MINI), "--runs", "50", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "Playtest: 50 runs, seed 3" in out and "done" in out and "Dead ends: 0" in out


def test_playtest_json_is_deterministic(capsys) -> None:
    main(["playtest", str(MINI), "--runs", "40", "--seed", "7", "--json"])
    first = capsys.readouterr().out
    main(["playtest", str(MINI), "--runs", "40", "--seed", "7", "--json"])
    assert capsys.readouterr().out == first
    report = json.loads(first)
    assert report["endings"]["done"]["count"] == 40 and report["problems"] == []


def test_playtest_finds_dead_ends(make_story, capsys) -> None:
    root = make_story(
        {
            "scenes.yaml": """\
        scenes:
          - id: start
            title: Start
            choices:
              - {id: go, text: Go, when: fame > 50, goto: end}
          - id: end
            title: End
            ending: {id: fin, title: Fin}
        """
        }
    )
    assert main(["playtest", str(root), "--runs", "5"]) == 1
    out = capsys.readouterr().out
    assert "Dead ends: 5" in out and "at 'start'" in out


def test_playtest_on_broken_story_prints_diagnostics(make_story, capsys) -> None:
    root = make_story({"x.yaml": "scenes: [\n"})
    assert main(["playtest", str(root), "--runs", "5"]) == 1
    assert "E001" in capsys.readouterr().out


HEADLESS_PROBE = """
import runpy, sys
sys.argv = ["steppe", *sys.argv[1:]]
try:
    runpy.run_module("game", run_name="__main__")
except SystemExit:
    pass
assert "textual" not in sys.modules, "textual was imported"
print("clean")
"""


@pytest.mark.parametrize("args", [["check", str(MINI)], ["playtest", str(MINI), "--runs", "3"], ["--version"]])
def test_headless_commands_never_import_textual(args) -> None:
    result = subprocess.run([sys.executable, "-c", HEADLESS_PROBE, *args], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "clean" in result.stdout


def test_engine_modules_never_import_textual() -> None:
    code = (
        "import sys\nimport game.engine.game, game.engine.playtest, game.story.loader\n"
        "assert 'textual' not in sys.modules\nprint('clean')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "clean" in result.stdout, result.stderr


def test_an_unexpected_error_is_one_line_not_a_traceback(monkeypatch, capsys) -> None:
    import game.cli as cli

    def boom(args):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(cli, "cmd_check", boom)
    monkeypatch.delenv("STEPPE_DEBUG", raising=False)
    assert cli.main(["check", str(MINI)]) == 2
    err = capsys.readouterr().err
    assert "unexpected error: RuntimeError: disk on fire" in err and "Traceback" not in err
