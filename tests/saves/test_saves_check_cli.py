"""`steppe saves check`: which saves load cleanly, which fall back and why, which are damaged and why."""

from __future__ import annotations

import json
import subprocess
import sys

from savehelp import MINI, MINI_V2, play

from game import cli
from game.saves.store import SaveStore


def _folder(tmp_path, mini, mini_v2):
    old = SaveStore(tmp_path, mini)
    fresh = SaveStore(tmp_path, mini_v2)
    fresh.save("Fresh on v2", play(mini_v2, 6))
    for seed in range(100):  # a v1 game that ended in the storylet v2 cut
        game = play(mini, 9, seed=seed)
        if game.state.scene == "gig_b":
            old.save("In the cut gig", game)
            break
    old.save("Renamed only", play(mini, 1))  # intro, no v1-only values: only the renames apply
    old.save("With backup", play(mini, 2))
    old.save("With backup", play(mini, 3))
    whole = old.path("with_backup").read_bytes()
    old.path("with_backup").write_bytes(whole[: len(whole) // 2])  # as a crash mid-write would leave it
    (tmp_path / "broken.save.json").write_text("not json at all")
    return tmp_path


def test_check_reports_each_save_and_fails_on_damage(tmp_path, mini, mini_v2, capsys):
    folder = _folder(tmp_path, mini, mini_v2)
    code = cli.main(["saves", "check", str(folder), "--story", str(MINI_V2)])
    out = capsys.readouterr().out
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"{folder}: saves checked against 'mini' v2"
    assert any(line.split()[:2] == ["ok", "fresh_on_v2"] for line in lines)
    assert any(line.split()[:2] == ["ok", "renamed_only"] for line in lines)
    assert any(line.split()[:2] == ["fallback", "in_the_cut_gig"] for line in lines)
    assert "the scene you saved in ('gig_b') was removed from the story; resuming at 'Crossroads'" in out
    assert "dropped: met" in out and "starting at their initial values: Energy" in out
    assert any(line.split()[:2] == ["fallback", "with_backup"] for line in lines)
    assert "the save is damaged (the file is truncated" in out and "its backup loads" in out
    assert any(line.split()[:2] == ["damaged", "broken"] for line in lines)
    assert "not valid JSON" in out
    assert lines[-1] == "5 saves: 2 load cleanly, 2 fall back, 1 damaged"  # notes on ok saves: variables
    # checking changed nothing
    assert (folder / "broken.save.json").read_text() == "not json at all"


def test_check_json_and_clean_exit(tmp_path, mini, mini_v2, capsys):
    SaveStore(tmp_path, mini).save("one", play(mini, 4))
    assert cli.main(["saves", "check", str(tmp_path), "--story", str(MINI), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["ok"], report["fallback"], report["damaged"]) == (1, 0, 0)
    assert report["saves"][0]["slot"] == "one" and report["saves"][0]["status"] == "ok"


def test_check_of_a_broken_story_says_so(tmp_path, capsys):
    (tmp_path / "story").mkdir()
    assert cli.main(["saves", "check", str(tmp_path), "--story", str(tmp_path / "story")]) == 1
    assert "does not load" in capsys.readouterr().err


def test_check_strips_control_characters_from_names(tmp_path, mini, capsys):
    SaveStore(tmp_path, mini).save("x", play(mini, 2, name="Evil\x1b]0;pwned\x07"))
    cli.main(["saves", "check", str(tmp_path), "--story", str(MINI)])
    assert "\x1b" not in capsys.readouterr().out


def test_saves_command_does_not_import_textual(tmp_path):
    code = (
        "import sys; from game import cli; cli.main(['saves', 'check', sys.argv[1], '--story', sys.argv[2]]); "
        "print('textual' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path), str(MINI)], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip().splitlines()[-1] == "False"
