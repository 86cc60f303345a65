"""`steppe compat OLD NEW`: what a new story version breaks for old saves, and which renames cover it."""

import json

from game.cli import main
from game.tools.compat import compare


def _by(report, status):
    return {(f.kind, f.subject) for f in report.findings if f.status == status}


def test_declared_renames_cover_a_renamed_scene_and_choice(story_at):
    report = compare(story_at("compat_old"), story_at("compat_renamed"))
    assert not report.failed
    assert _by(report, "covered") == {("scene", "cafe"), ("choice", "cafe.sing")}
    assert ("variable", "fame") in _by(report, "note")  # bounds widened: fine, but worth a line


def test_breaking_changes_are_each_reported(story_at):
    report = compare(story_at("compat_old"), story_at("compat_broken"))
    assert report.failed
    assert _by(report, "broken") == {
        ("origin", "bek"),
        ("scene", "cafe"),
        ("choice", "square.leave"),
        ("variable", "mood"),
        ("variable", "fame"),
        ("variable", "city"),
    }
    assert ("variable", "energy") in _by(report, "note")  # new variables take their initial value
    assert not _by(report, "covered")


def test_type_change_and_story_identity(tmp_path, story_at):
    old = story_at("compat_old")
    new = story_at("compat_old")
    new.variables["mood"].type = "string"
    new.id = "other"
    report = compare(old, new)
    broken = {(f.kind, f.subject): f.message for f in report.broken}
    assert "type changed" in broken[("variable", "mood")]
    assert ("story", "compat") in broken
    same = compare(old, story_at("compat_old"))
    assert not same.failed
    assert any("bump it" in f.message for f in same.findings)


def test_cli_exit_codes_and_json(fixtures, capsys):
    old, ok, bad = (str(fixtures / n) for n in ("compat_old", "compat_renamed", "compat_broken"))
    assert main(["compat", old, ok]) == 0
    assert "0 broken, 2 covered by renames — OK" in capsys.readouterr().out
    assert main(["compat", old, bad]) == 1
    out = capsys.readouterr().out
    assert "scene cafe: scene removed" in out and "FAILED" in out
    assert main(["compat", old, bad, "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["broken"] == 6


def test_cli_story_that_does_not_load(fixtures, tmp_path, capsys):
    assert main(["compat", str(fixtures / "compat_old"), str(tmp_path / "missing")]) == 1
    assert "E005" in capsys.readouterr().err
