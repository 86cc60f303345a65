"""The second edition's format as `steppe check` sees it: each mistake a clear, positioned diagnostic."""

from __future__ import annotations

from pathlib import Path

from game.story.loader import check_story

UNDATED = """\
story:
  id: tiny
  title: Tiny
origins:
  - {id: ana, name: Ana, home: Almaty, instrument: dombra, intro: Ana., start: start}
variables:
  fame: {type: number, initial: 0, min: 0, max: 100}
"""

SCENES = """\
scenes:
  - id: start
    title: Start
    choices: [{id: go, text: Go, goto: end}]
  - id: end
    title: End
    ending: {id: fin, title: Fin}
"""


def _codes(make_story, files: dict[str, str]) -> list[tuple[str, str, int]]:
    root = make_story({"story.yaml": UNDATED, "scenes.yaml": SCENES, **files}, base=False)
    _story, diagnostics = check_story(root)
    return sorted((d.code, Path(d.path).name, d.line) for d in diagnostics)


def test_then_or_else_without_if_is_e307(make_story):
    found = _codes(
        make_story,
        {
            "x.yaml": "scenes:\n  - id: x\n    title: X\n    choices:\n      - id: a\n        text: A\n"
            "        effects: {then: {add: {fame: 1}}}\n        goto: start\n"
        },
    )
    assert ("E307", "x.yaml", 7) in found


def test_date_windows_and_birth_years_need_a_dated_calendar(make_story):
    found = _codes(
        make_story,
        {
            "x.yaml": "scenes:\n  - id: x\n    title: X\n    pool: {name: p, season: [summer]}\n"
            "    choices: [{id: a, text: A, goto: $return}]\n"
        },
    )
    assert ("E408", "x.yaml", 4) in found
    manifest = UNDATED.replace("start: start}", "start: start, birth_year: 1980}")
    root = make_story({"story.yaml": manifest, "scenes.yaml": SCENES}, base=False)
    assert [(d.code, d.line) for d in check_story(root)[1] if d.path.endswith("story.yaml")] == [("E408", 5)]


def test_if_one_origin_has_an_age_all_need_one(make_story):
    second = "  - {id: bo, name: Bo, home: Aktau, instrument: dombra, intro: Bo., start: start}\n"
    manifest = UNDATED.replace("start: start}\n", "start: start, age: 9}\n" + second)
    root = make_story({"story.yaml": manifest, "scenes.yaml": SCENES}, base=False)
    diagnostics = check_story(root)[1]
    assert [(d.code, d.line) for d in diagnostics] == [("E103", 6)]
    assert "origin 'bo' needs birth_year: or age:" in diagnostics[0].message


def test_a_files_unknown_chapter_is_reported_once(make_story):
    found = _codes(make_story, {"x.yaml": "chapter: nowhere\n" + SCENES.replace("start", "s2").replace("end", "e2")})
    assert found.count(("E309", "x.yaml", 1)) == 1


def test_first_edition_story_has_no_new_builtins_in_its_variables(make_story):
    story, diagnostics = check_story(make_story({"story.yaml": UNDATED, "scenes.yaml": SCENES}, base=False))
    assert story is not None and not diagnostics
    assert not (story.dated or story.aged or story.visit_names)
    assert story.calendar.start_year is None and story.chapters == {} and story.when_empty == {}


def test_text_reading_an_undated_year_or_a_plain_choices_success(make_story):
    found = _codes(
        make_story,
        {
            "x.yaml": "scenes:\n  - id: x\n    title: X\n    text: |\n      It is {{ year }}.\n"
            "    choices: [{id: a, text: A, goto: start}]\n  - id: y\n    title: Y\n    text: |\n"
            "      {% if succeeded('start', 'go') %}Won.{% endif %}\n    choices: [{id: a, text: A, goto: start}]\n"
        },
    )
    assert ("E408", "x.yaml", 5) in found
    assert ("E311", "x.yaml", 10) in found


def test_a_scene_is_in_the_chapter_its_folder_is_named_after(make_story):
    manifest = UNDATED.replace("  title: Tiny\n", "  title: Tiny\n  chapters: [{id: youth, title: Youth}]\n")
    scene = "scenes:\n  - id: {id}\n    title: T\n    {extra}choices: [{{id: a, text: A, goto: start}}]\n"
    root = make_story(
        {
            "story.yaml": manifest,
            "scenes.yaml": SCENES,
            "youth/gigs/x.yaml": scene.format(id="deep", extra=""),
            "youth/y.yaml": "chapter: nowhere_yet\n" + scene.format(id="named", extra=""),
            "elsewhere/z.yaml": scene.format(id="loose", extra=""),
        },
        base=False,
    )
    story, diagnostics = check_story(root)
    assert [d.code for d in diagnostics if d.severity == "error"] == ["E309"]  # a file's own key wins
    (root / "youth" / "y.yaml").write_text(scene.format(id="named", extra="chapter: youth\n    "), encoding="utf-8")
    story, diagnostics = check_story(root)
    assert story is not None, [str(d) for d in diagnostics]
    assert {s: story.scenes[s].chapter for s in ("deep", "named", "loose", "start")} == {
        "deep": "youth",
        "named": "youth",
        "loose": None,
        "start": None,
    }


def test_a_one_time_load_gives_back_what_it_freed(tmp_path):
    # After a one-time load the parser's remembered tags are dropped and the freed heap is handed back
    # (glibc's malloc_trim): loading again gives the same story, and on glibc the hand-back happens.
    import platform
    import sys

    from game.story import yamlsrc
    from game.story.bundled import bundled_story_dir
    from game.story.loader import check_story
    from game.story.memory import release_freed_memory

    first, _ = check_story(bundled_story_dir())
    assert not yamlsrc._RESOLVED  # the memo of a one-time load is gone
    again, _ = check_story(bundled_story_dir())
    assert first is not None and again is not None and set(first.scenes) == set(again.scenes)
    if sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc":
        assert release_freed_memory() is True
