"""Every diagnostic code, from a small broken story: the code, the file and the line are asserted."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.story.diagnostics import CODES
from game.story.loader import check_story

SCENE_HEAD = """\
scenes:
  - id: extra
    title: Extra
    text: Hi.
"""

# A manifest with a dated calendar and chapters (line 6 is the second chapter's).
CHAPTERED = """\
story:
  id: tiny
  title: Tiny
  chapters:
    - {id: youth, title: Youth}
    - {id: stage, title: Stage}
  calendar: {start_year: 1990}
origins:
  - {id: ana, name: Ana, home: Almaty, instrument: dombra, intro: A dombra player., start: start, age: 8}
"""

# (code, files to add or replace, file the diagnostic must name, its line)
CASES: list[tuple[str, dict[str, str], str, int]] = [
    ("E001", {"x.yaml": "scenes:\n  - id: a\n    title: [oops\n"}, "x.yaml", 4),
    ("E002", {"x.yaml": "scenes: []\nscenes: []\n"}, "x.yaml", 2),
    ("E003", {"x.yaml": "scenes: !include other.yaml\n"}, "x.yaml", 1),
    ("E005", {"x.yaml": "story:\n  id: other\n  title: Other\n"}, "x.yaml", 1),
    (
        "E101",
        {"x.yaml": SCENE_HEAD + "    choices:\n      - id: a\n        text: A\n        goot: start\n"},
        "x.yaml",
        8,
    ),
    (
        "E102",
        {
            "x.yaml": 'scenes:\n  - id: p\n    title: P\n    pool: {name: g, weight: "2"}\n'
            "    choices: [{id: a, text: A, goto: start}]\n"
        },
        "x.yaml",
        4,
    ),
    ("E103", {"x.yaml": "scenes:\n  - id: notitle\n    text: Hi.\n"}, "x.yaml", 2),
    ("E201", {"x.yaml": "scenes:\n  - id: start\n    title: Again\n    ending: {id: other, title: O}\n"}, "x.yaml", 2),
    (
        "E202",
        {
            "x.yaml": SCENE_HEAD + "    choices:\n      - {id: a, text: A, goto: start}\n"
            "      - {id: a, text: B, goto: start}\n"
        },
        "x.yaml",
        7,
    ),
    ("E203", {"x.yaml": "variables:\n  fame: {type: number, initial: 0, min: 0, max: 10}\n"}, "x.yaml", 2),
    (
        "E204",
        {"x.yaml": "origins:\n  - {id: ana, name: A, home: B, instrument: C, intro: D, start: start}\n"},
        "x.yaml",
        2,
    ),
    ("E205", {"x.yaml": "scenes:\n  - id: end2\n    title: End 2\n    ending: {id: fin, title: Again}\n"}, "x.yaml", 4),
    ("E206", {"x.yaml": SCENE_HEAD + "    renamed_from: [start]\n    ending: {id: e2, title: E}\n"}, "x.yaml", 5),
    ("E207", {"x.yaml": "variables:\n  week: {type: counter}\n"}, "x.yaml", 2),
    ("E301", {"x.yaml": SCENE_HEAD + "    choices:\n      - {id: a, text: A, goto: nowhere}\n"}, "x.yaml", 6),
    ("E302", {"x.yaml": SCENE_HEAD + "    choices:\n      - {id: a, text: A, draw: gigs}\n"}, "x.yaml", 6),
    (
        "E303",
        {
            "x.yaml": SCENE_HEAD + "    choices:\n      - id: a\n        text: A\n        goto: start\n"
            "        draw: gigs\n"
        },
        "x.yaml",
        6,
    ),
    (
        "E304",
        {
            "x.yaml": SCENE_HEAD + "    choices:\n      - id: a\n        text: A\n"
            "        check: {stat: fame, difficulty: 10}\n        success: {goto: start}\n"
        },
        "x.yaml",
        8,
    ),
    (
        "E305",
        {
            "x.yaml": SCENE_HEAD + "    ending: {id: e2, title: E}\n    choices:\n"
            "      - {id: a, text: A, goto: start}\n"
        },
        "x.yaml",
        6,
    ),
    ("E306", {"x.yaml": SCENE_HEAD}, "x.yaml", 2),
    (
        "E307",
        {
            "x.yaml": SCENE_HEAD + "    choices:\n      - id: a\n        text: A\n        goto: start\n"
            "        limit: 2\n"
        },
        "x.yaml",
        9,
    ),
    (
        "E401",
        {
            "x.yaml": SCENE_HEAD + "    choices:\n      - id: a\n        text: A\n        when: fam > 3\n"
            "        goto: start\n"
        },
        "x.yaml",
        8,
    ),
    (
        "E402",
        {
            "x.yaml": SCENE_HEAD + "    choices:\n      - id: a\n        text: A\n        when: fame >\n"
            "        goto: start\n"
        },
        "x.yaml",
        8,
    ),
    (
        "E403",
        {
            "x.yaml": SCENE_HEAD + "    choices:\n      - id: a\n        text: A\n"
            "        when: fame.__class__\n        goto: start\n"
        },
        "x.yaml",
        8,
    ),
    (
        "E404",
        {
            "x.yaml": SCENE_HEAD + "    choices:\n      - id: a\n        text: A\n"
            f"        when: {' + '.join(['fame'] * 200)} > 0\n        goto: start\n"
        },
        "x.yaml",
        8,
    ),
    (
        "E405",
        {
            "x.yaml": SCENE_HEAD + "    choices:\n      - id: a\n        text: A\n"
            "        effects: {set: {fame: 500}}\n        goto: start\n"
        },
        "x.yaml",
        8,
    ),
    (
        "E501",
        {
            "x.yaml": "scenes:\n  - id: extra\n    title: Extra\n    text: |\n      Fine.\n"
            "      {% if fame %}never closed\n    choices: [{id: a, text: A, goto: start}]\n"
        },
        "x.yaml",
        6,
    ),
    (
        "E502",
        {
            "x.yaml": "scenes:\n  - id: extra\n    title: Extra\n    text: |\n      Line one.\n"
            "      Hello {{ nobody }}.\n    choices: [{id: a, text: A, goto: start}]\n"
        },
        "x.yaml",
        6,
    ),
    (
        "E503",
        {
            "x.yaml": "scenes:\n  - id: extra\n    title: Extra\n    text: |\n      Intro.\n      ```\n"
            "      code\n    choices: [{id: a, text: A, goto: start}]\n"
        },
        "x.yaml",
        6,
    ),
    (
        "E504",
        {
            "x.yaml": "scenes:\n  - id: extra\n    title: Extra\n    text: |\n      Line one.\n"
            "      Hello {{ fame.__class__ }}.\n    choices: [{id: a, text: A, goto: start}]\n"
        },
        "x.yaml",
        6,
    ),
    ("W601", {"x.yaml": SCENE_HEAD + "    choices: [{id: a, text: A, goto: start}]\n"}, "x.yaml", 2),
    (
        "W602",
        {
            "x.yaml": "scenes:\n  - id: hub\n    title: Hub\n    choices: [{id: a, text: A, draw: never}]\n"
            "  - id: member\n    title: Member\n    pool: {name: never, when: false}\n"
            "    choices: [{id: b, text: B, goto: start}]\n"
        },
        "x.yaml",
        7,
    ),
    (
        "W603",
        {"x.yaml": SCENE_HEAD + "    effects: {set: {city: no}}\n    choices: [{id: a, text: A, goto: start}]\n"},
        "x.yaml",
        5,
    ),
    (
        "W605",
        {
            "x.yaml": "scenes:\n  - id: loop\n    title: Loop\n    choices: [{id: a, text: A, goto: loop}]\n",
            "scenes.yaml": "scenes:\n  - id: start\n    title: Start\n    choices:\n"
            "      - {id: go, text: Go, goto: end}\n      - {id: trap, text: Trap, goto: loop}\n"
            "  - id: end\n    title: End\n    ending: {id: fin, title: Fin}\n",
        },
        "x.yaml",
        2,
    ),
    (
        "W604",
        {"scenes.yaml": "scenes:\n  - id: start\n    title: Start\n    choices: [{id: go, text: Go, goto: start}]\n"},
        "scenes.yaml",
        2,
    ),
    # The second edition's codes: chapters, pool rules, scored pools, succeeded(), dates.
    ("E208", {"x.yaml": "pools:\n  g: {when_empty: disable}\n", "y.yaml": "pools:\n  g: {}\n"}, "y.yaml", 2),
    (
        "E209",
        {"story.yaml": CHAPTERED.replace("{id: stage, title: Stage}", "{id: youth, title: Again}")},
        "story.yaml",
        6,
    ),
    (
        "E309",
        {"x.yaml": SCENE_HEAD + "    chapter: nowhere\n    choices: [{id: a, text: A, goto: start}]\n"},
        "x.yaml",
        5,
    ),
    (
        "E310",
        {
            "x.yaml": "scenes:\n  - id: e1\n    title: E1\n    pool: {name: fate, score: fame}\n"
            "    ending: {id: e1, title: E1}\n  - id: e2\n    title: E2\n    pool: {name: fate}\n"
            "    ending: {id: e2, title: E2}\n"
        },
        "x.yaml",
        8,
    ),
    (
        "E311",
        {"x.yaml": SCENE_HEAD + '    choices: [{id: a, text: A, when: \'succeeded("start", "go")\', goto: start}]\n'},
        "x.yaml",
        5,
    ),
    ("E408", {"x.yaml": SCENE_HEAD + "    choices: [{id: a, text: A, when: year > 1990, goto: start}]\n"}, "x.yaml", 5),
    (
        "W606",
        {
            "x.yaml": "pools:\n  g: {when_empty: $return}\nscenes:\n  - id: m\n    title: M\n    pool: {name: g}\n"
            "    text: The same every time.\n    choices: [{id: a, text: A, goto: $return}]\n"
        },
        "x.yaml",
        6,
    ),
    (
        "W608",
        {
            "story.yaml": CHAPTERED,
            "x.yaml": SCENE_HEAD + "    choices: [{id: a, text: A, when: 'season == \"sumer\"', goto: start}]\n",
        },
        "x.yaml",
        5,
    ),
    (
        "W607",
        {
            "x.yaml": "scenes:\n  - id: e1\n    title: E1\n    pool: {name: fate, score: fame}\n"
            "    ending: {id: e1, title: E1}\n  - id: e2\n    title: E2\n    pool: {name: fate, score: fame}\n"
            "    ending: {id: e2, title: E2}\n"
        },
        "x.yaml",
        8,
    ),
]


@pytest.mark.parametrize(("code", "files", "filename", "line"), CASES, ids=[c[0] for c in CASES])
def test_each_code_points_at_file_and_line(make_story, code, files, filename, line) -> None:
    root = make_story(files)
    _story, diagnostics = check_story(root)
    matching = [d for d in diagnostics if d.code == code]
    assert matching, f"expected {code}, got {[str(d) for d in diagnostics]}"
    assert any(Path(d.path).name == filename and d.line == line for d in matching), [str(d) for d in matching]


def test_non_utf8_file_is_e004(make_story) -> None:
    root = make_story()
    (root / "bad.yaml").write_bytes(b"scenes: []\n# caf\xe9\n")
    _story, diagnostics = check_story(root)
    assert [(d.code, Path(d.path).name, d.line) for d in diagnostics] == [("E004", "bad.yaml", 2)]


def test_missing_manifest_is_e005(tmp_path) -> None:
    _story, diagnostics = check_story(tmp_path)
    assert [d.code for d in diagnostics] == ["E005"]


def test_require_without_locked_is_e307(make_story) -> None:
    root = make_story(
        {
            "x.yaml": SCENE_HEAD + "    choices:\n      - id: a\n        text: A\n"
            "        require: fame > 1\n        goto: start\n"
        }
    )
    _story, diagnostics = check_story(root)
    assert [(d.code, d.line) for d in diagnostics if d.code.startswith("E")] == [("E307", 8)]


def test_return_to_needs_draw_or_offer_and_a_real_scene(make_story) -> None:
    root = make_story(
        {
            "x.yaml": SCENE_HEAD + "    choices:\n      - id: a\n        text: A\n"
            "        goto: start\n        return_to: nowhere\n"
        }
    )
    _story, diagnostics = check_story(root)
    assert sorted((d.code, d.line) for d in diagnostics if d.code.startswith("E")) == [("E301", 9), ("E307", 9)]


def test_every_code_is_covered_by_a_case() -> None:
    covered = {c[0] for c in CASES} | {"E004"}
    assert covered == set(CODES)


def test_all_problems_of_a_story_in_one_run(make_story) -> None:
    root = make_story(
        {
            "a.yaml": SCENE_HEAD + "    choices:\n      - {id: a, text: A, goto: nowhere}\n",
            "b.yaml": "scenes:\n  - id: b\n    title: B\n    goot: 1\n",
            "c.yaml": "scenes: [\n",
        }
    )
    story, diagnostics = check_story(root)
    assert story is None
    assert {"E101", "E001"} <= {d.code for d in diagnostics}
    # While c.yaml cannot be read, "no scene 'nowhere'" may only mean its scenes are missing: it waits.
    assert "E301" not in {d.code for d in diagnostics}
    assert diagnostics[0].code == "E001"  # the cause first
    (root / "c.yaml").write_text("scenes: []\n", encoding="utf-8")
    assert "E301" in {d.code for d in check_story(root)[1]}


def test_a_scene_with_a_shape_error_still_gets_its_other_problems_reported(make_story) -> None:
    root = make_story(
        {
            "x.yaml": "scenes:\n  - id: extra\n    title: Extra\n    text: Hi {{ nmae }}.\n"
            "    choices:\n      - id: a\n        text: A\n        when: fam > 2\n"
            "        effects: {add: {fame: lots}}\n        goto: nowhere\n"
        }
    )
    _story, diagnostics = check_story(root)
    assert {(d.code, d.line) for d in diagnostics if d.severity == "error"} == {
        ("E502", 4),
        ("E401", 8),
        ("E102", 9),
        ("E301", 10),
    }


def test_diagnostic_format_is_path_line_col_code_message(make_story) -> None:
    root = make_story({"x.yaml": SCENE_HEAD + "    choices:\n      - {id: a, text: A, goto: nowhere}\n"})
    _story, diagnostics = check_story(root)
    text = str(next(d for d in diagnostics if d.code == "E301"))
    path, line, col, rest = text.split(":", 3)
    assert path.endswith("x.yaml") and line == "6" and int(col) > 0
    assert rest.startswith(" E301 no scene 'nowhere'")


def test_unknown_key_suggests_the_right_one(make_story) -> None:
    root = make_story({"x.yaml": SCENE_HEAD + "    choices:\n      - id: a\n        text: A\n        goot: start\n"})
    _story, diagnostics = check_story(root)
    assert any("did you mean 'goto'" in d.message for d in diagnostics if d.code == "E101")


def test_expression_error_column_points_inside_the_expression(make_story) -> None:
    root = make_story(
        {
            "x.yaml": SCENE_HEAD + "    choices:\n      - id: a\n        text: A\n"
            "        when: fame > 3 and fam < 2\n        goto: start\n"
        }
    )
    _story, diagnostics = check_story(root)
    e401 = next(d for d in diagnostics if d.code == "E401")
    assert "'fam'" in e401.message
    assert e401.col == len("        when: ") + len("fame > 3 and ") + 1


def test_billion_laughs_fails_fast(make_story) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, cur in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{cur}: &{cur} [{','.join(['*' + prev] * 9)}]")
    bomb = "\n".join(lines) + "\n"
    assert len(bomb.encode()) < 1100
    root = make_story({"bomb.yaml": bomb})
    _story, diagnostics = check_story(root)
    assert [d.code for d in diagnostics] == ["E003"]


def test_deep_nesting_is_refused(make_story) -> None:
    root = make_story({"deep.yaml": "[" * 5000 + "]" * 5000 + "\n"})
    _story, diagnostics = check_story(root)
    assert [d.code for d in diagnostics] == ["E003"]
