"""Diagnostics that teach: one cause first, no false companions, plain words, exact places in text, and
function calls in text checked like `when:` checks them (issue 14)."""

from __future__ import annotations

from game.story.loader import check_story

ACTIVE = """\
scenes:
  - id: extra
    title: Extra
    text: Hi.
    choices:
      - id: a
        text: A
        goto: start
"""


def _found(make_story, files: dict[str, str]) -> list[tuple[str, int, int, str]]:
    _story, diagnostics = check_story(make_story(files))
    return [(d.code, d.line, d.col, d.message) for d in diagnostics if not d.code.startswith("W60")]


def test_function_calls_in_text_are_checked_at_their_place(make_story) -> None:
    text = (
        "scenes:\n  - id: extra\n    title: Extra\n    text: |\n      First line.\n"
        '      {% if chose("start", "goo") %}A{% endif %} {{ visited("strt") }}\n'
        '      {% if available("gigz") %}B{% endif %} {{ chose("start") }} {{ visited(fame) }}\n'
        "    choices: [{id: a, text: A, goto: start}]\n"
    )
    found = _found(make_story, {"x.yaml": text})
    assert found == [
        ("E301", 6, 13, "chose(): scene 'start' has no choice 'goo' (did you mean 'go'?)"),
        ("E301", 6, 53, "visited(): no scene 'strt' (did you mean 'start'?)"),
        ("E302", 7, 13, "available(): no scene joins the pool 'gigz'"),
        ("E402", 7, 49, "chose() takes 2 arguments, got 1"),
        ("E402", 7, 70, 'visited() takes quoted ids, like visited("some_id")'),
    ]


def test_each_unknown_name_in_block_text_at_its_own_place(make_story) -> None:
    text = ACTIVE.replace("    text: Hi.\n", "    text: |\n      Hello.\n      You, {{ nmae }}, of {{ ctiy }}.\n")
    found = _found(make_story, {"x.yaml": text})
    assert found == [
        ("E502", 6, 15, "unknown name 'nmae' (did you mean 'name'?)"),
        ("E502", 6, 30, "unknown name 'ctiy' (did you mean 'city'?)"),
    ]


def test_an_unclosed_if_is_named_at_its_tag(make_story) -> None:
    text = ACTIVE.replace("    text: Hi.\n", "    text: |\n      Hello.\n      {% if fame > 3 %}Known.\n      Bye.\n")
    assert _found(make_story, {"x.yaml": text}) == [
        ("E501", 6, 7, "{% if %} is never closed: add {% endif %} where it should end")
    ]


def test_yaml_errors_in_plain_words_and_no_consequences_elsewhere(make_story) -> None:
    tab = ACTIVE.replace("        goto: start", "\tgoto: start")
    _story, diagnostics = check_story(make_story({"x.yaml": tab, "y.yaml": ACTIVE.replace("extra", "other")}))
    assert [(d.code, d.message) for d in diagnostics] == [
        ("E001", "a tab character: YAML indents with spaces only (replace the tab with spaces)")
    ]
    shifted = ACTIVE.replace("        goto: start", "      goto: start")
    found = _found(make_story, {"x.yaml": shifted})
    assert [(c, m) for c, _, _, m in found] == [
        ("E001", "this line is indented differently from the list it is in: line it up with the keys above it")
    ]


def test_a_bad_value_is_not_also_a_missing_key(make_story) -> None:
    risky = ACTIVE.replace(
        "        goto: start\n",
        "        check: {stat: fame, difficulty: forty}\n"
        "        success: {goto: start}\n        failure: {goto: end}\n",
    )
    assert [(c, m) for c, _, _, m in _found(make_story, {"x.yaml": risky})] == [
        ("E102", "difficulty: 'forty' is not a number")
    ]
    yes = ACTIVE.replace("        text: A\n", "        text: yes\n")
    _story, diagnostics = check_story(make_story({"x.yaml": yes}))
    assert [(d.code, d.message) for d in diagnostics] == [
        ("E102", "text: yes is not text (YAML 1.1 reads the bare word yes as true: quote it)")
    ]
    typo = ACTIVE.replace("        goto: start", "        goot: start")
    assert [(c, m) for c, _, _, m in _found(make_story, {"x.yaml": typo})] == [
        ("E101", "unknown key 'goot' (did you mean 'goto'?)")
    ]


def test_unknown_variable_in_a_condition_gets_a_suggestion(make_story) -> None:
    text = ACTIVE.replace("        goto: start", "        when: fam > 2\n        goto: start")
    assert [(c, m) for c, _, _, m in _found(make_story, {"x.yaml": text})] == [
        ("E401", "unknown variable 'fam' (did you mean 'fame'?)")
    ]
    effect = ACTIVE.replace("        goto: start", "        effects: {add: {fam: 2}}\n        goto: start")
    assert [(c, m) for c, _, _, m in _found(make_story, {"x.yaml": effect})] == [
        ("E401", "undeclared variable 'fam' (did you mean 'fame'?)")
    ]


def test_w603_only_where_a_word_was_meant(make_story) -> None:
    manifest_flag = "  met: {type: flag, initial: no}\n"
    flags = ACTIVE.replace("        goto: start", "        effects: {set: {met: yes}}\n        goto: start")
    root = make_story({"x.yaml": flags + "    pool: {name: g, once: yes}\n"})
    manifest = (root / "story.yaml").read_text(encoding="utf-8")
    (root / "story.yaml").write_text(manifest.replace("variables:\n", "variables:\n" + manifest_flag), "utf-8")
    _story, diagnostics = check_story(root)
    assert "W603" not in {d.code for d in diagnostics}
    word = ACTIVE.replace("        goto: start", "        effects: {set: {city: no}}\n        goto: start")
    _story, diagnostics = check_story(make_story({"x.yaml": word}))
    assert {"W603", "E405"} <= {d.code for d in diagnostics}
    # The value as YAML shows it, never Python's False.
    assert "city is a string; false does not fit" in [d.message for d in diagnostics if d.code == "E405"]
