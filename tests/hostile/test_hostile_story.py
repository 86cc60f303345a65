"""Hostile stories (issue 17): whatever a story folder holds, `check` answers in bounded time with positions,
and whatever it accepted, the game shows (or refuses with a reason) in bounded time.

Each test names the issue item it keeps fixed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hostilehelp import within

from game import cli
from game.engine.game import EngineError, Game
from game.engine.session import Session
from game.story import cache
from game.story.loader import check_story, load_story

ROOT = Path(__file__).resolve().parents[2]

MANIFEST = """\
story:
  id: tiny
  title: Tiny
variables:
  fame: {type: number, initial: 0, min: 0, max: 100}
  nick: {type: string, initial: "ab"}
origins:
  - id: ana
    name: Ana
    home: Almaty
    instrument: dombra
    intro: A dombra player.
    start: start
"""

SCENES = """\
scenes:
  - id: start
    title: Start
    text: {text}
    choices:
      - id: a
        text: Again
        goto: start
{extra}      - id: fin
        text: Finish
        goto: end
  - id: end
    title: End
    ending: {{id: fin, title: Fin}}
    text: Bye.
"""


def write_story(root: Path, text: str = "Hello.", extra: str = "", manifest: str = MANIFEST) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "story.yaml").write_text(manifest, encoding="utf-8")
    (root / "scenes.yaml").write_text(SCENES.format(text=text, extra=textwrap.indent(extra, "      ")), "utf-8")
    return root


def codes(root: Path) -> list[str]:
    _, diagnostics = within(20, lambda: check_story(root))
    return [d.code for d in diagnostics if d.severity == "error"]


# -- item 1: live reload never shortens what was played ---------------------------------------------------


def test_reload_while_a_choice_is_gone_keeps_the_full_turn_log(tmp_path):
    risky_b = "- id: b\n  text: Other\n  goto: start\n"
    full = load_story(write_story(tmp_path / "v1", extra=risky_b))
    without_b = load_story(write_story(tmp_path / "v2"))  # as while an editor saves by rename
    session = Session.new(full, "ana", seed=3)
    for choice in ["a"] * 7 + ["b"]:
        session.choose(choice)
    gone, applied = session.rebuild(without_b)
    assert applied == 7 and len(gone.played()) == 8  # 7 of 8 fit; the eighth is kept, not dropped
    back, applied = gone.rebuild(full)
    assert applied == 8 and [t.choice for t in back.turns] == ["a"] * 7 + ["b"]


# -- items 2 and 10: a choice whose outcome fails changes nothing; playtest reports it --------------------

RISKY = """\
- id: risky
  text: Risk it
  check: {chance: "100"}
  success:
    text: "{{ 1 // (fame - fame) }}"
    effects: {add: {fame: 5}}
    goto: start
  failure:
    effects: {add: {fame: 5}}
    goto: start
"""


def test_a_choice_whose_outcome_text_fails_leaves_the_game_unchanged(tmp_path):
    story = load_story(write_story(tmp_path / "s", extra=RISKY))
    game = Game.start(story, "ana", 1)
    before = game.state.to_json()
    for _ in range(3):  # each retry must find the same game: no effects applied twice, no turn lost
        with pytest.raises(EngineError):
            game.choose("risky")
        assert game.state.to_json() == before


def test_playtest_reports_an_outcome_that_fails_instead_of_crashing(tmp_path, capsys):
    root = write_story(tmp_path / "s", extra=RISKY)
    code = cli.main(["playtest", str(root), "--runs", "20", "--seed", "1"])
    out = capsys.readouterr().out
    assert code == 1
    assert "choice 'risky' in scene 'start' could not be made: integer division or modulo by zero" in out
    assert out.rstrip().endswith("FAILED")


def test_a_pool_weight_of_infinity_is_refused_at_load(tmp_path):
    extra = "- id: gig\n  text: Gig\n  draw: gigs\n"
    root = write_story(tmp_path / "s", extra=extra)
    with (root / "pool.yaml").open("w", encoding="utf-8") as handle:
        handle.write(
            "scenes:\n  - id: g1\n    title: G\n    pool: {name: gigs, weight: .inf}\n"
            "    choices: [{id: back, text: Back, goto: $return}]\n"
        )
    assert "E102" in codes(root)


# -- item 9: numbers past Python's limits, and goto "\0" ---------------------------------------------------

BIG = "9" * 4400  # past Python's 4,300-digit int-string limit
BIG_LOOP = "text: '{% for i in [1] %}{{ " + BIG + " }}{% endfor %}'"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda m, s: (m, s.replace("text: Bye.", "text: Bye.\n    x: " + "9" * 5000)), "E102"),
        (lambda m, s: (m.replace("initial: 0,", "initial: 0x" + "f" * 4400 + ","), s), "E102"),
        (lambda m, s: (m, s.replace("goto: end", "goto: end\n        when: 0x" + "f" * 4400)), "E102"),
        (lambda m, s: (m, s.replace("text: Hello.", BIG_LOOP)), "E501"),
        (lambda m, s: (m, s.replace("text: Hello.", f"text: '{{% set x = {BIG} %}}{{{{ x }}}}'")), "E501"),
        (lambda m, s: (m, s.replace("goto: end", 'goto: "\\0"')), "E301"),
    ],
)  # fmt: skip
def test_check_reports_huge_numbers_and_odd_ids_with_a_position(tmp_path, change, code):
    root = write_story(tmp_path / "s")
    manifest, scenes = change(MANIFEST, (root / "scenes.yaml").read_text())
    (root / "story.yaml").write_text(manifest)
    (root / "scenes.yaml").write_text(scenes)
    done = subprocess.run(
        [sys.executable, "-m", "game", "check", str(root)], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert re.search(rf":\d+:\d+: {code} ", done.stdout), done.stdout


# -- items 12 and 13: check never hangs --------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_fifo_in_the_story_folder_does_not_hang_check(tmp_path):
    root = write_story(tmp_path / "s")
    os.mkfifo(root / "pipe.yaml")
    _, diagnostics = within(10, lambda: check_story(root))
    [problem] = [d for d in diagnostics if d.path.endswith("pipe.yaml")]
    assert problem.code == "E004" and "pipe" in problem.message


@pytest.mark.parametrize(
    "text",
    [
        "'{% for i in [1] %}{{ \"x\" * 10**9 }}{% endfor %}'",
        "'{{ 9999999**9999999 }}'",
        "'{% set x = \"y\" * 10**9 %}{{ x }}'",
        "'{{ (\"%01000000000d\" % 1) }}'",
    ],
)
def test_check_does_not_evaluate_huge_constants(tmp_path, text):
    root = write_story(tmp_path / "s", text=text)
    started = time.perf_counter()
    within(20, lambda: check_story(root))
    assert time.perf_counter() - started < 5


# -- items 14 and 22: text and expressions that would freeze the game are refused when shown ---------------


@pytest.mark.parametrize(
    "text",
    [
        "'{{ (fame + 2) ** 99999999 }}'",
        "'{{ \"x\" * 10**9 }}'",
        "'{{ \"%01000000000d\" % 1 }}'",
        "'{{ nick * 2000000000 }}'",
        "'{% for i in [1, 2, 3] %}{% for j in nick %}{{ nick * 40000 }}{% endfor %}{% endfor %}'",
    ],
)
def test_scene_text_that_would_freeze_the_game_is_an_error_with_a_reason(tmp_path, text):
    story = load_story(write_story(tmp_path / "s", text=text))
    game = Game.start(story, "ana", 1)
    with pytest.raises(EngineError) as caught:
        within(10, game.view)
    assert "could not be shown" in str(caught.value) and "over" in str(caught.value)


@pytest.mark.parametrize("condition", ["nick * 2000000000 == ''", "'%01000000000d' % 1 == ''"])
def test_expression_memory_bombs_are_refused_with_a_reason(tmp_path, condition):
    extra = f'- id: bomb\n  text: Bomb\n  when: "{condition}"\n  goto: start\n'
    story = load_story(write_story(tmp_path / "s", extra=extra))
    game = Game.start(story, "ana", 1)
    with pytest.raises(Exception) as caught:  # whichever error the engine wraps it in
        within(10, game.view)
    assert str(caught.value).strip()  # never an empty reason
    assert "over 100,000" in str(caught.value) or "format width" in str(caught.value)


# -- items 15 and 18: the parse cache -----------------------------------------------------------------------


@pytest.fixture
def disk_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("STEPPE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("STEPPE_NO_CACHE", raising=False)
    cache.clear()
    yield tmp_path / "cache" / f"parse-v{cache.VERSION}"
    cache.clear()


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json"))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_fifo_cache_entry_or_table_does_not_hang_loading(tmp_path, disk_cache):
    root = write_story(tmp_path / "s", text="'{{ fame }} and {{ nick }}'")
    _, expected = check_story(root)
    for entry in [*_entries(disk_cache), *disk_cache.glob("*.table")]:
        entry.unlink()
        os.mkfifo(entry)
    cache.clear()
    _, again = within(10, lambda: check_story(root))
    assert [str(d) for d in again] == [str(d) for d in expected]


def test_a_huge_sparse_cache_entry_is_refused_by_its_size(tmp_path, disk_cache):
    root = write_story(tmp_path / "s")
    check_story(root)
    for entry in _entries(disk_cache):
        with entry.open("r+b") as handle:
            handle.truncate(6 << 30)  # 6 GiB, sparse: no disk used
    cache.clear()
    started = time.perf_counter()
    story, _ = within(20, lambda: check_story(root))
    assert story is not None and time.perf_counter() - started < 5


def test_an_entry_re_signed_with_a_plain_hash_is_not_trusted(tmp_path, disk_cache):
    import hashlib

    root = write_story(tmp_path / "s")
    check_story(root)
    tampered = 0
    for entry in _entries(disk_cache):
        _, _, body = entry.read_bytes().partition(b"\n")
        if b'"Tiny"' in body:
            body = body.replace(b'"Tiny"', b'"Pwned"')
            entry.write_bytes(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
            tampered += 1
    assert tampered == 1
    cache.clear()
    story, _ = check_story(root)
    assert story is not None and story.title == "Tiny"
    assert (disk_cache / cache.KEY_FILE).stat().st_mode & 0o077 == 0


# -- items 16 and 17: stories that can never be saved or shown are rejected at load ------------------------

INF_ADD = "- id: up\n  text: Up\n  effects: {add: {fame: .inf}}\n  goto: start\n"
NAN_CHECK = (
    "- id: r\n  text: R\n  check: {stat: fame, difficulty: .nan}\n  success: {goto: start}\n  failure: {goto: start}\n"
)
LOOPS_3 = "'{% for a in nick %}{% for b in nick %}{% for c in nick %}x{% endfor %}{% endfor %}{% endfor %}'"


@pytest.mark.parametrize(
    ("manifest_change", "extra", "text", "code"),
    [
        (("initial: 0,", "initial: .nan,"), "", "Hello.", "E102"),
        (("max: 100}", "max: .inf}"), INF_ADD, "Hello.", "E102"),
        (None, NAN_CHECK, "Hello.", "E102"),
        (None, "", "'{{ fame.__class__ }}'", "E504"),
        (None, "", "'{{ nick.upper() }}'", "E504"),
        (None, "", "'{{ nick[\"__class__\"] }}'", "E504"),
        (None, "", "\"{% include 'x.txt' %}\"", "E504"),
        (None, "", "\"{% extends 'x.txt' %}\"", "E504"),
        (None, "", "\"{% import 'x.txt' as x %}\"", "E504"),
        (None, "", "'{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}'", "E504"),
        (None, "", LOOPS_3, "E504"),
        (None, "", "'{{ nick | center(1000000000) }}'", "E501"),
        (None, "", "'{{ [1, 2] | random }}'", "E501"),
        (("  nick:", "  max: {type: number, initial: 0, min: 0, max: 1}\n  nick:"), "", "Hello.", "E207"),
        (("  nick:", "  _x: {type: flag}\n  nick:"), "", "Hello.", "E207"),
    ],
)  # fmt: skip
def test_what_would_fail_every_time_is_rejected_at_load(tmp_path, manifest_change, extra, text, code):
    manifest = MANIFEST.replace(*manifest_change) if manifest_change else MANIFEST
    root = write_story(tmp_path / "s", text=text, extra=extra, manifest=manifest)
    assert code in codes(root)


# -- item 20: control characters at their real position ------------------------------------------------------


def test_a_control_character_is_reported_at_its_line_and_column_on_one_line(tmp_path):
    root = write_story(tmp_path / "s", text='"Hel\x01lo."')
    _, diagnostics = check_story(root)
    [problem] = [d for d in diagnostics if d.code == "E001"]
    assert (problem.line, problem.col) == (4, 15)
    assert "\n" not in str(problem) and "U+0001" in problem.message


# -- item 23: check output is escaped and shortened -----------------------------------------------------------


def test_check_output_escapes_control_characters_and_shortens_huge_values(tmp_path):
    root = write_story(tmp_path / "s")
    scenes = (root / "scenes.yaml").read_text()
    scenes = scenes.replace("goto: start", 'goto: "\\e]0;PWNED\\a\\e[2J"', 1)
    scenes = scenes.replace("goto: end", 'goto: "' + "y" * 2_000_000 + '"', 1)
    (root / "scenes.yaml").write_text(scenes)
    done = subprocess.run(
        [sys.executable, "-m", "game", "check", str(root)], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert done.returncode == 1
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout
    assert "\\x1b]0;PWNED\\x07\\x1b[2J" in done.stdout
    assert max(len(line) for line in done.stdout.splitlines()) < 1000
    assert "2,000,0" in done.stdout  # says how long the value was


def test_playtest_output_escapes_story_text(tmp_path, capsys):
    """Item 23 for `steppe playtest`: an ending title with escape codes is printed escaped."""
    root = write_story(tmp_path / "s")
    scenes = (root / "scenes.yaml").read_text().replace("title: Fin}", 'title: "\\e]0;PWNED\\a"}')
    (root / "scenes.yaml").write_text(scenes)
    assert cli.main(["playtest", str(root), "--runs", "5", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x1b]0;PWNED\\x07" in out
