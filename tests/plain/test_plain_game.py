"""`steppe play --plain`: whole playthroughs piped through it, bad input, end of input, saves, gallery."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata

from game.engine.session import Session
from game.saves.store import SaveStore
from game.story.bundled import bundled_story_dir
from game.story.loader import load_story

from .conftest import MINI, ROOT, finish_first, route, seeded_picker

# Any control character but the line break ends a line early in a terminal, or starts an escape sequence.
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def title_answers(origin_number: int = 1, stage_name: str = "") -> list[str]:
    """New game (the first item when there is nothing to continue), a musician, a stage name."""
    return ["1", str(origin_number), stage_name]


def test_the_plain_package_never_imports_textual_or_the_tui() -> None:
    code = (
        "import sys\nimport game.plain.play, game.plain.launch, game.plain.words, game.plain.prose\n"
        "import game.tools.export\nassert 'textual' not in sys.modules, 'textual was imported'\n"
        "assert not [m for m in sys.modules if m.startswith('game.tui')], 'game.tui was imported'\nprint('clean')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "clean" in result.stdout, result.stderr


def test_a_whole_mini_playthrough_reaches_its_ending(plain, tmp_path) -> None:
    story = load_story(MINI)
    way = route(story, "ana", 7, finish_first)
    assert way.ending_title == "Done"
    run = plain([str(MINI), "--seed", "7"], "\n".join([*title_answers(), *way.answers, "5"]) + "\n", tmp_path)
    assert run.returncode == 0, run.stderr
    assert "NO-TEXTUAL" in run.stderr  # the whole run, start to ending, without Textual
    out = run.stdout
    # Every scene the engine went through is shown, in order, by its title.
    position = 0
    for title in way.titles:
        position = out.index(f"\n{title}\n", position) + 1
    assert "THE END\nDone\nThe End\n" in out
    assert "Your career" in out and "Final stats:" in out
    assert "Recorded in the endings gallery: 1 of 1 endings found." in out
    assert "Goodbye." in out
    # Changes are said in words, in the story's units; odds and locks too.
    assert "Fame rose by 5. Money rose by 500\u00a0₸. 1 week passed." in out
    assert "2. Be rich (locked: You need 5,000 ₸)" in out
    assert re.search(r"Audition \(risky: \d+% chance it works, [a-z ]+\)", out)
    # The answers are echoed after the prompt (standard input is a pipe), so the output reads as a transcript.
    assert "Your choice (1-2, or help): 1\nBand name? (press Enter for “The Dunes”): Typed 1\n" in out
    gallery = json.loads((tmp_path / "gallery.json").read_text())
    assert [e["ending"] for e in gallery["endings"]] == ["done"]


def test_a_whole_bundled_playthrough_reaches_an_ending(plain, tmp_path) -> None:
    story = load_story(bundled_story_dir())
    origin = next(iter(story.origins))
    way = route(story, origin, 11, seeded_picker(3))
    assert way.ending_title is not None, "the seeded route should end within the limit"
    run = plain(["--seed", "11"], "\n".join([*title_answers(), *way.answers, "5"]) + "\n", tmp_path, timeout=180)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert f"THE END\n{way.ending_title}\n" in out
    assert out.count("Your choice (") >= len(way.answers) - way.answers.count("")
    assert not any(CONTROL.search(line) for line in run.lines)
    assert all(len(line) <= 100 for line in run.lines if " " in line.strip())  # wrapped (one long word may run over)
    assert "─" not in out and "│" not in out  # no box drawing


def test_bad_input_gets_a_clear_line_and_the_same_question(plain, tmp_path) -> None:
    answers = [*title_answers(), "7", "2", "dance", "0", ""]
    run = plain([str(MINI), "--seed", "1"], "\n".join(answers) + "\n", tmp_path)
    assert run.returncode == 0
    lines = run.lines
    prompt = "Your choice (1-2, or help): "
    asked = [i for i, line in enumerate(lines) if line.startswith(prompt)]
    assert len(asked) == 6  # five answers, then the end of input at the same question
    assert lines[asked[0] + 1] == "There is no choice 7 here: choose from 1 to 2."
    assert lines[asked[1] + 1] == "Choice 2 is locked: You need 5,000 ₸. Choose another."
    assert lines[asked[2] + 1] == "“dance” is not a choice or a command here. Type a number, or help."
    assert lines[asked[3] + 1] == "There is no choice 0 here: choose from 1 to 2."
    assert lines[asked[4] + 1] == "Type a number to choose, or help for the commands."
    assert lines[-1].startswith("End of input.")


def test_end_of_input_mid_game_exits_cleanly_with_the_game_autosaved(plain, tmp_path) -> None:
    story = load_story(MINI)
    way = route(story, "bek", 5, finish_first)
    answers = [*title_answers(origin_number=2), *way.answers[:5]]
    run = plain([str(MINI), "--seed", "5"], "\n".join(answers) + "\n", tmp_path)
    assert run.returncode == 0 and "Traceback" not in run.stderr
    assert run.lines[-1] == (
        "End of input. Your game was autosaved after your last choice: Continue picks it up next time."
    )
    # Continue (the first item now) picks up exactly where the pipe ended.
    made = len(SaveStore(tmp_path, story).load(SaveStore(tmp_path, story).latest(story).slot).game.state.turns)
    assert made == 4  # five answers: four choices, one of them with a typed name
    again = plain([str(MINI)], "1\n", tmp_path)
    assert "\n1. Continue (Bek · " in again.stdout
    resumed = again.stdout.split("Your choice (1-5): 1\n", 1)[1]
    assert resumed.startswith("Loaded “Autosave")
    assert f"\n{way.titles[made]}\n" in resumed


def test_no_output_line_carries_an_escape_sequence(plain, tmp_path) -> None:
    hostile = "\x1b[31mRed\x1b]0;owned\x07 \x9b2J[b]Zed[/b]\x08"
    story = load_story(MINI)
    way = route(story, "ana", 2, finish_first, name=hostile)
    answers = [*title_answers(stage_name=hostile), "1", "\x1b[2J*band* <i>", "journal", "stats", *way.answers[2:]]
    run = plain([str(MINI), "--seed", "2"], "\n".join(answers) + "\n", tmp_path)
    assert run.returncode == 0
    for line in run.lines:
        assert not CONTROL.search(line), repr(line)
        assert all(unicodedata.category(ch) != "Cc" for ch in line)
    # Player text is shown literally: markup and Markdown stay as typed, only the control characters go.
    assert "Hello [31mRed]0;owned 2J[b]Zed[/b]" in run.stdout
    assert "Band name is now [2J*band* <i>." in run.stdout


def test_a_plain_save_loads_in_the_save_store_the_tui_uses_and_back(plain, tmp_path) -> None:
    story = load_story(MINI)
    way = route(story, "ana", 9, finish_first)
    answers = [*title_answers(stage_name="Áine"), *way.answers[:4], "save My Slot", "quit"]
    run = plain([str(MINI), "--seed", "9"], "\n".join(answers) + "\n", tmp_path)
    assert "Saved: “My Slot”." in run.stdout
    # The TUI loads through SaveStore and Session.from_game: the same game, turn for turn.
    store = SaveStore(tmp_path, story)
    result = store.load("My Slot", story)
    assert result.game is not None, result.error
    expected = route(story, "ana", 9, finish_first, name="Áine", limit=len([a for a in way.answers[:4] if a.isdigit()]))
    session = Session.from_game(story, result.game, result.play_seconds)
    assert session.musician() == "Áine"
    assert [t.choice for t in session.turns] == [t.choice for t in expected.game.state.turns]
    assert session.game.state.variables == expected.game.state.variables

    # The other way: a save written as the TUI writes it (SaveStore.save of a Session's game) loads in plain.
    tui = Session.new(story, "bek", "Tui Player", seed=4)
    hub = next(c for c in tui.game.view().choices if c.enabled)
    tui.game.choose(hub.id, "Band")
    store.save("from the tui", tui.game, tui.play_seconds())
    loaded = plain([str(MINI)], "load from the tui\nlook\nstats\nquit\n", tmp_path)
    assert "Loaded “from the tui”." in loaded.stdout
    assert f"\n{tui.game.view().title}\n" in loaded.stdout
    assert "Stats of Tui Player:" in loaded.stdout and "Band name: Band" in loaded.stdout


def test_a_debug_start_is_neither_saved_nor_recorded(plain, tmp_path) -> None:
    run = plain([str(MINI), "--scene", "hub", "--set", "week=5"], "4\n4\n", tmp_path)
    assert run.returncode == 0, run.stdout
    assert "Debug start at 'hub': this game is not saved." in run.stdout
    assert "Debug start: this ending is not recorded in the gallery." in run.stdout
    assert not list(tmp_path.glob("*.json"))


def test_undo_journal_and_export_from_the_prompt(plain, tmp_path) -> None:
    story = load_story(MINI)
    way = route(story, "ana", 3, finish_first)
    target = tmp_path / "career.html"
    answers = [*title_answers(stage_name="<b>Ana</b>"), *way.answers[:4], "undo", "journal", f"export html {target}"]
    run = plain([str(MINI), "--seed", "3"], "\n".join(answers) + "\n", tmp_path)
    assert run.returncode == 0
    assert "Took back: " in run.stdout
    assert "Journal of <b>Ana</b>, " in run.stdout and "(you are here)" in run.stdout
    assert f"Your career story was written to {target}" in run.stdout
    page = target.read_text()
    assert "&lt;b&gt;Ana&lt;/b&gt;" in page and "<b>Ana</b>" not in page and "<script" not in page


def test_watch_is_refused_with_a_clear_message(plain, tmp_path) -> None:
    run = plain([str(MINI), "--watch"], "", tmp_path)
    assert run.returncode == 2
    assert "--watch needs the full-screen game" in run.stderr


def test_an_unusable_saves_folder_is_said_and_never_claimed_saved(plain, tmp_path) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    run = plain([str(MINI), "--seed", "1"], "1\n1\n\n1\n\n", blocker / "saves")
    assert run.returncode == 0 and "Traceback" not in run.stderr
    assert "Autosave failed: could not autosave in " in run.stdout
    assert run.lines[-1] == "End of input. The last autosave failed (see above): your latest choices are not saved."


def test_a_story_with_errors_is_reported_not_played(plain, tmp_path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "story.yaml").write_text("story: [\n")
    run = plain([str(broken)], "", tmp_path / "saves")
    assert run.returncode == 1
    assert "story.yaml:2:1:" in run.stdout and "has errors and cannot be played" in run.stdout


BOOM_SCENES = """\
scenes:
  - id: start
    title: Start
    text: Hello.
    choices:
      - id: go
        text: Go
        goto: boom
  - id: boom
    title: Boom
    text: "{{ 10 // fame }} gigs a week."
    choices:
      - id: back
        text: Back
        goto: start
"""


def test_a_scene_that_fails_to_show_is_said_once_and_undo_gets_out(plain, make_story, tmp_path) -> None:
    root = make_story({"scenes.yaml": BOOM_SCENES})
    run = plain([str(root)], "1\n1\n\n1\nstats\nundo\nquit\n", tmp_path / "saves")
    assert run.returncode == 0 and "Traceback" not in run.stdout + run.stderr
    assert run.stdout.count("This scene could not be shown: scene 'boom'") == 1
    assert "Took back: Go" in run.stdout
    assert run.lines[-1] == "Goodbye."  # back at the start: nothing chosen, so nothing to say was saved
    assert run.stdout.split("Took back: Go\n", 1)[1].startswith("\nStart\n")


def test_ctrl_c_says_so_and_exits_130(tmp_path) -> None:
    import io

    from game.plain.play import PlainGame
    from game.plain.terminal import Terminal
    from game.saves.gallery import Gallery

    class Interrupting(io.StringIO):
        def readline(self, *args):
            raise KeyboardInterrupt

    story = load_story(MINI)
    out = io.StringIO()
    game = PlainGame(Terminal(Interrupting(), out, echo=True), story, SaveStore(tmp_path, story), Gallery(tmp_path))
    assert game.run() == 130
    assert out.getvalue().endswith("\nInterrupted.\n")


def test_a_life_in_chapters_is_told_by_chapter_year_and_age(plain, tmp_path) -> None:
    """The guide's dated story: each new chapter is announced once, and the header gives year and age."""
    guide = (ROOT / "WRITING.md").read_text(encoding="utf-8")
    body = next(b for b in re.findall(r"```yaml\n(.*?)```", guide, re.S) if "a-life-in-chapters" in b)
    folder = tmp_path / "life"
    folder.mkdir()
    (folder / "story.yaml").write_text(body, encoding="utf-8")
    way = route(load_story(folder), "timur", 4, seeded_picker(1))
    assert way.ending_title is not None
    run = plain([str(folder), "--seed", "4"], "\n".join([*title_answers(2), *way.answers, "5"]) + "\n", tmp_path)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert out.count("Chapter 1: Childhood\n") == 1
    assert re.search(r"\nThe Yard\n[^\n]*1990, age 7\n", out)
    assert "week 10" not in out.lower()
    assert "1. Practise until your fingers hurt (costs −10 Energy · 2 months)" in out
