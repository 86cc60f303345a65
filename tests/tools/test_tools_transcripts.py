"""Recorded playthroughs: record, replay against today's story, and report where they diverge."""

import json
import shutil
from pathlib import Path

import pytest

from game.cli import main
from game.engine.game import EngineError
from game.story.loader import load_story
from game.tools.transcripts import Transcript, TranscriptError, record, replay

TRANSCRIPTS = Path(__file__).parent.parent / "transcripts"


def _edited_mini(tmp_path, mini_dir, old: str, new: str) -> Path:
    folder = tmp_path / "mini"
    shutil.copytree(mini_dir, folder)
    text = (folder / "story.yaml").read_text(encoding="utf-8")
    assert old in text
    (folder / "story.yaml").write_text(text.replace(old, new), encoding="utf-8")
    return folder


def test_record_is_deterministic_and_reaches_an_ending(mini):
    first = record(mini, "ana", 5)
    again = record(mini, "ana", 5)
    assert first.to_json() == again.to_json()
    assert first.ending == "done"
    assert first.story_id == "mini" and first.story_version == 1
    assert first.turns[-1].scene == "the_end"


def test_record_with_typed_input_keeps_the_text(mini):
    transcript = record(mini, "bek", 2, "Bek", [("band", "The Dunes"), ("audition", None)], finish_randomly=False)
    assert transcript.turns[0].input == "The Dunes"
    assert [t.scene for t in transcript.turns] == ["hub", "hub"]
    assert transcript.ending is None  # stopped after the given choices, short of an ending
    with pytest.raises(EngineError, match="no choice 'finish'"):
        record(mini, "bek", 2, "Bek", [("finish", None)], finish_randomly=False)


def test_round_trip_through_json(mini, tmp_path):
    transcript = record(mini, "ana", 9)
    path = tmp_path / "t.json"
    transcript.save(path)
    assert Transcript.load(path).to_json() == transcript.to_json()
    assert replay(mini, Transcript.load(path)).ok


@pytest.mark.parametrize("path", sorted((TRANSCRIPTS / "mini").glob("*.json")), ids=lambda p: p.name)
def test_blessed_transcripts_replay_on_mini(path, mini):
    result = replay(mini, Transcript.load(path), str(path))
    assert result.ok, result.text()


def test_a_removed_choice_is_reported_with_what_is_there_now(tmp_path, mini_dir):
    transcript = Transcript.load(TRANSCRIPTS / "mini" / "mini-ana-band.json")
    story = load_story(_edited_mini(tmp_path, mini_dir, "      - id: audition\n", "      - id: try_out\n"))
    result = replay(story, transcript)
    assert result.kind == "missing_choice"
    assert result.turns == 3  # turns 1-3 replayed; the 4th was the audition
    assert "no choice 'audition'" in result.message
    assert "try_out" in result.available
    assert "DIVERGES at turn 4 of 11" in result.text()


def test_a_changed_target_shows_expected_and_actual_scene(tmp_path, mini_dir):
    transcript = Transcript.load(TRANSCRIPTS / "mini" / "mini-ana-band.json")
    story = load_story(
        _edited_mini(
            tmp_path,
            mini_dir,
            "        input: {variable: band_name, prompt: Band name?, "
            "default: The Dunes, max_length: 20}\n        goto: hub",
            "        input: {variable: band_name, prompt: Band name?, "
            "default: The Dunes, max_length: 20}\n        goto: the_end",
        )
    )
    result = replay(story, transcript)
    assert result.kind == "scene"
    assert (result.turns, result.expected, result.actual) == (0, "hub", "the_end")


def test_renamed_choices_and_scenes_still_replay(tmp_path, mini_dir):
    transcript = Transcript.load(TRANSCRIPTS / "mini" / "mini-ana-band.json")
    folder = _edited_mini(
        tmp_path, mini_dir, "      - id: audition\n", "      - id: try_out\n        renamed_from: [audition]\n"
    )
    text = (folder / "story.yaml").read_text(encoding="utf-8")
    text = text.replace("  - id: hub\n", "  - id: crossroads\n    renamed_from: [hub]\n")
    text = text.replace("goto: hub", "goto: crossroads")
    (folder / "story.yaml").write_text(text, encoding="utf-8")
    result = replay(load_story(folder), transcript)
    assert result.ok, result.text()


def test_wrong_story_and_changed_ending(tmp_path, mini_dir):
    transcript = Transcript.load(TRANSCRIPTS / "mini" / "mini-ana-1.json")
    other = load_story(_edited_mini(tmp_path, mini_dir, "id: mini", "id: other"))
    assert replay(other, transcript).kind == "story"
    (tmp_path / "mini").rename(tmp_path / "old")
    ended = load_story(_edited_mini(tmp_path, mini_dir, "ending: {id: done", "ending: {id: finished"))
    result = replay(ended, transcript)
    assert result.kind == "ending"
    assert "DIVERGES at the end" in result.text()


@pytest.mark.parametrize(
    "content, message",
    [
        ("not json", "not JSON"),
        ('{"format": "something-else"}', "not a transcript"),
        ('{"format": "steppe-transcript", "format_version": 99}', "format version"),
        (
            '{"format": "steppe-transcript", "format_version": 1, "story_id": "mini", "story_version": 1, '
            '"origin": "ana", "seed": 1, "name": "A", "turns": [{"choice": 3}]}',
            "turn 1",
        ),
        (
            '{"format": "steppe-transcript", "format_version": 1, "story_id": "mini", "story_version": 1, '
            '"origin": "ana", "seed": "1", "name": "A", "turns": []}',
            "'seed'",
        ),
    ],
)
def test_bad_transcripts_give_a_clear_error(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TranscriptError, match=message):
        Transcript.load(path)


def test_cli_record_and_replay(tmp_path, mini_dir, capsys):
    target = tmp_path / "one.json"
    assert main(["record", str(mini_dir), "--origin", "ana", "--seed", "4", "-o", str(target)]) == 0
    assert "ending 'done'" in capsys.readouterr().out
    assert (
        main(["record", str(mini_dir), "--origin", "bek", "--seed", "10", "--runs", "3", "-o", str(tmp_path / "many")])
        == 0
    )
    capsys.readouterr()
    assert sorted(p.name for p in (tmp_path / "many").iterdir()) == ["bek-10.json", "bek-11.json", "bek-12.json"]
    assert main(["replay", str(target), str(tmp_path / "many"), "--story", str(mini_dir)]) == 0
    assert "4 replayed, 0 diverged, 0 unreadable — OK" in capsys.readouterr().out


def test_cli_replay_reports_divergence_and_unreadable_files(tmp_path, mini_dir, capsys):
    story = _edited_mini(tmp_path, mini_dir, "      - id: audition\n", "      - id: try_out\n")
    (tmp_path / "junk.json").write_text("{", encoding="utf-8")
    files = [str(TRANSCRIPTS / "mini" / "mini-ana-band.json"), str(tmp_path / "junk.json")]
    assert main(["replay", *files, "--story", str(story)]) == 1
    out = capsys.readouterr().out
    assert "DIVERGES at turn 4" in out and "UNREADABLE" in out
    assert main(["replay", files[0], "--story", str(story), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["results"][0]["kind"] == "missing_choice" and data["results"][0]["turn"] == 4


def test_cli_record_usage_errors(mini_dir, tmp_path, capsys):
    assert main(["record", str(mini_dir), "--origin", "zed", "-o", str(tmp_path / "x.json")]) == 2
    assert "no origin 'zed'" in capsys.readouterr().err
    assert main(["record", str(mini_dir), "--origin", "ana", "--choices", "nope", "-o", str(tmp_path / "x.json")]) == 1
    assert "cannot record" in capsys.readouterr().err


_TWO_ENDINGS = """\
scenes:
  - id: start
    title: Start
    text: Hello.
    choices:
      - id: left
        text: Left
        goto: end
      - id: right
        text: Right
        goto: other
  - id: end
    title: End
    ending: {id: fin, title: Fin}
    text: Bye.
  - id: other
    title: Other
    ending: {id: far, title: Far}
    text: Elsewhere.
  - id: never
    title: Never
    ending: {id: unreached, title: Unreached}
    text: Nobody comes here.
"""


def test_record_ending_finds_a_route_to_the_ending_asked_for(make_story, tmp_path, capsys):
    story = make_story({"scenes.yaml": _TWO_ENDINGS})
    for ending, last in (("fin", "end"), ("far", "other")):
        target = tmp_path / f"{ending}.json"
        assert main(["record", str(story), "--ending", ending, "-o", str(target)]) == 0
        assert f"ending '{ending}'" in capsys.readouterr().out
        transcript = Transcript.load(target)
        assert transcript.ending == ending and transcript.turns[-1].scene == last
        assert main(["replay", str(target), "--story", str(story)]) == 0
        capsys.readouterr()


def test_record_ending_says_so_when_no_playthrough_reaches_it(make_story, tmp_path, capsys):
    story = make_story({"scenes.yaml": _TWO_ENDINGS})
    target = tmp_path / "x.json"
    assert main(["record", str(story), "--ending", "unreached", "--tries", "20", "-o", str(target)]) == 1
    assert "no playthrough of 20 reached 'unreached'" in capsys.readouterr().err
    assert not target.exists()
    assert main(["record", str(story), "--ending", "nope", "-o", str(target)]) == 2
    assert "no ending 'nope'; the story has: far, fin, unreached" in capsys.readouterr().err
