"""The second edition's format, played: conditional effects, succeeded(), dates and ages, chapters,
cooldowns and windows, when_empty rules, scored endings and costs shown before choosing."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.game import EngineError, Game
from game.engine.state import GameState
from game.story.loader import load_story

MANIFEST = """\
story:
  id: life
  title: Life
  calendar: {start_year: 1990, start_week: 10, cost: true}
  chapters:
    - {id: childhood, title: Childhood}
    - {id: youth, title: Youth}
variables:
  energy: {type: number, initial: 50, min: 0, max: 100, label: Energy, cost: true}
  skill: {type: number, initial: 0, min: 0, max: 100, label: Skill}
  luck: {type: number, initial: 0, min: 0, max: 100}
origins:
  - {id: ana, name: Ana, home: Almaty, instrument: dombra, intro: Ana., start: yard, birth_year: 1982}
  - {id: bo, name: Bo, home: Aktau, instrument: dombra, intro: Bo., start: yard, age: 7}
"""


def _story(tmp_path: Path, scenes: str, extra: str = ""):
    folder = tmp_path / "story"
    folder.mkdir(exist_ok=True)
    (folder / "story.yaml").write_text(MANIFEST + extra, encoding="utf-8")
    (folder / "scenes.yaml").write_text(scenes, encoding="utf-8")
    return load_story(folder)


END = """\
  - id: end
    title: End
    ending: {id: end, title: End}
"""


def test_conditional_effects_apply_the_branch_that_holds_at_any_depth(tmp_path):
    story = _story(
        tmp_path,
        """\
chapter: childhood
scenes:
  - id: yard
    title: Yard
    choices:
      - id: practise
        text: Practise
        effects:
          add: {energy: -30}
          if: energy >= 30
          then: {add: {skill: 5}}
          else:
            add: {skill: 1}
            if: skill >= 3
            then: {set: {luck: 7}}
            else: {set: {luck: 1}}
        goto: yard
      - {id: stop, text: Stop, goto: end}
"""
        + END,
    )
    game = Game.start(story, "ana")
    game.choose("practise")  # energy 50 -> 20: the else branch, skill 0 -> 1: the inner else
    assert (game.variables["energy"], game.variables["skill"], game.variables["luck"]) == (20, 1, 1)
    game.variables["skill"] = 4
    game.choose("practise")  # energy 20 -> 0, skill 4 -> 5, then skill >= 3
    assert (game.variables["skill"], game.variables["luck"]) == (5, 7)
    game.variables["energy"] = 100
    game.choose("practise")  # 100 -> 70: the then branch
    assert game.variables["skill"] == 10


def test_dates_ages_chapters_and_time_effects(tmp_path):
    story = _story(
        tmp_path,
        """\
scenes:
  - id: yard
    title: Yard
    chapter: childhood
    text: "{{ season }} {{ year }}, month {{ month }}, age {{ age }}"
    choices:
      - id: grow
        text: Grow
        effects: {years: 6, months: 6, weeks: 1}
        goto: storylet
  - id: storylet
    title: Shared
    text: "{{ year }}"
    choices:
      - {id: onward, text: Onward, goto: hall}
  - id: hall
    title: Hall
    chapter: youth
    choices:
      - {id: back, text: Back, goto: storylet}
      - {id: stop, text: Stop, goto: end}
"""
        + END,
    )
    ana = Game.start(story, "ana")
    view = ana.view()
    assert view.text == "spring 1990, month 3, age 8"  # week 10 of 1990: early March
    assert (view.chapter, view.chapter_number, view.year, view.age) == ("Childhood", 1, 1990, 8)
    assert view.when == "Chapter 1: Childhood · 1990 · age 8"
    ana.choose("grow")  # 6 years, 26 weeks and 1 week: week 10 + 339 = week 349, in 1996
    assert ana.variables["week"] == 10 + 312 + 26 + 1
    assert (ana.variables["year"], ana.variables["age"], ana.variables["season"]) == (1996, 14, "autumn")
    # A scene without a chapter is in the chapter the player came from.
    assert ana.view().when == "Chapter 1: Childhood · 1996 · age 14"
    ana.choose("onward")
    assert ana.view().chapter == "Youth"
    ana.choose("back")
    assert ana.view().when == "Chapter 2: Youth · 1996 · age 14"
    assert Game.start(story, "bo").view().age == 7  # age: 7 at the start
    # The date built-ins are brought back for a state loaded from JSON (and survive the round trip).
    loaded = Game(story, GameState.loads(ana.state.dumps()))
    assert loaded.view().when == "Chapter 2: Youth · 1996 · age 14"


def test_first_visit_and_visits_here_tell_a_repeat(tmp_path):
    story = _story(
        tmp_path,
        """\
scenes:
  - id: yard
    title: Yard
    text: "{% if first_visit %}new{% else %}again {{ visits_here }}{% endif %}"
    choices:
      - {id: again, text: Again, goto: yard}
      - {id: stop, text: Stop, goto: end}
"""
        + END,
    )
    game = Game.start(story, "ana")
    assert game.view().text == "new"
    game.choose("again")
    game.choose("again")
    assert game.view().text == "again 3"
    game.undo()
    assert game.view().text == "again 2"


def _risky(tmp_path):
    return _story(
        tmp_path,
        """\
scenes:
  - id: yard
    title: Yard
    choices:
      - id: try
        text: Try
        check: {chance: 50}
        success: {goto: after}
        failure: {goto: after}
  - id: after
    title: After
    text: "{% if succeeded('yard', 'try') %}won{% else %}lost{% endif %}"
    choices:
      - {id: stop, text: Stop, when: "succeeded('yard', 'try') or not succeeded('yard', 'try')", goto: end}
"""
        + END,
    )


def test_succeeded_remembers_a_risky_choice_outcome(tmp_path):
    story = _risky(tmp_path)
    seen = set()
    for seed in range(40):
        game = Game.start(story, "ana", seed)
        result = game.choose("try")
        assert game.view().text == ("won" if result.outcome == "success" else "lost")
        seen.add(result.outcome)
        restored = Game(story, GameState.loads(game.state.dumps()))  # derived from the turn log
        assert restored.view().text == game.view().text
    assert seen == {"success", "failure"}


POOLED = """\
scenes:
  - id: yard
    title: Yard
    choices:
      - {id: evening, text: Evening, draw: evenings}
      - {id: wait, text: Wait, effects: {weeks: 1}, goto: yard}
      - {id: stop, text: Stop, goto: end}
  - id: lesson
    title: Lesson
    pool: {name: evenings, cooldown: 3}
    text: "Lesson {{ visits_here }}"
    choices:
      - {id: back, text: Back, goto: $return}
  - id: summer_fair
    title: Fair
    pool: {name: evenings, season: [summer], until_year: 1990}
    text: "Fair {{ visits_here }}"
    choices:
      - {id: back, text: Back, goto: $return}
  - id: quiet
    title: Quiet
    choices:
      - {id: back, text: Back, goto: $return}
"""


def test_cooldown_season_window_and_when_empty(tmp_path):
    story = _story(tmp_path, POOLED + END, "pools:\n  evenings: {when_empty: quiet}\n")
    game = Game.start(story, "ana")
    assert [m.scene_id for m in game.eligible_members("evenings")] == ["lesson"]  # March: no fair
    game.choose("evening")
    assert game.state.scene == "lesson"
    game.choose("back")
    assert game.eligible_members("evenings") == []  # cooling down: 0 weeks since the lesson
    assert game.view().choices[0].enabled  # a pool with a when_empty rule is never dimmed
    game.choose("evening")
    assert game.state.scene == "quiet"  # nothing eligible: the rule's scene
    game.choose("back")
    assert game.state.scene == "yard"  # and back where the draw was made
    game.choose("wait")
    game.choose("wait")
    assert game.eligible_members("evenings") == []  # 2 weeks since: still cooling
    game.choose("wait")
    assert [m.scene_id for m in game.eligible_members("evenings")] == ["lesson"]  # 3 weeks: eligible again
    # The same state loaded from a save agrees (the last visit's week is read from the turn log).
    loaded = Game(story, GameState.loads(game.state.dumps()))
    assert [m.scene_id for m in loaded.eligible_members("evenings")] == ["lesson"]

    def at_week(week: int) -> Game:
        state = game.state.copy()
        state.variables["week"] = week
        return Game(story, state)  # the date built-ins follow the week

    assert {m.scene_id for m in at_week(27).eligible_members("evenings")} == {"lesson", "summer_fair"}  # July
    assert [m.scene_id for m in at_week(52 + 27).eligible_members("evenings")] == ["lesson"]  # July 1991


def test_without_a_rule_an_empty_pool_dims_the_draw(tmp_path):
    story = _story(tmp_path, POOLED + END)
    game = Game.start(story, "ana")
    game.choose("evening")
    game.choose("back")
    choice = game.view().choices[0]
    assert not choice.enabled and choice.locked_reason == "Nothing is on offer right now"
    with pytest.raises(EngineError):
        game.choose("evening")


def test_return_rule_goes_back_to_the_drawing_scene(tmp_path):
    story = _story(tmp_path, POOLED + END, "pools:\n  evenings: {when_empty: $return}\n")
    game = Game.start(story, "ana")
    game.choose("evening")
    game.choose("back")
    game.choose("evening")
    assert game.state.scene == "yard" and game.state.visits["yard"] == 3


SCORED = """\
scenes:
  - id: yard
    title: Yard
    choices:
      - {id: train, text: Train, effects: {add: {skill: 10}}, goto: yard}
      - {id: lucky, text: Lucky, effects: {add: {luck: 30}}, goto: yard}
      - {id: finish, text: Finish, draw: fate}
  - id: end_master
    title: Master
    pool: {name: fate, score: skill * 2}
    ending: {id: master, title: Master}
  - id: end_lucky
    title: Lucky
    pool: {name: fate, when: luck > 0, score: luck}
    ending: {id: lucky, title: Lucky}
  - id: end_plain
    title: Plain
    pool: {name: fate, score: 10, weight: 2}
    ending: {id: plain, title: Plain}
  - id: end_other
    title: Other
    pool: {name: fate, score: 10, when: luck == 0}
    ending: {id: other, title: Other}
"""


@pytest.mark.parametrize(
    ("moves", "ending"),
    [
        ((), "plain"),  # plain and other tie at 10: the higher weight wins, whatever the seed
        (("train",), "master"),  # 20
        (("lucky",), "lucky"),  # 30 beats master's 0 and plain's 10; other is not eligible
        (("lucky", "train", "train"), "master"),  # 40 beats 30
    ],
)
def test_scored_pool_resolves_to_the_best_eligible_ending(tmp_path, moves, ending):
    story = _story(tmp_path, SCORED)
    for seed in range(5):
        game = Game.start(story, "ana", seed)
        for move in moves:
            game.choose(move)
        game.choose("finish")
        assert game.view().ending_id == ending


COSTLY = """\
scenes:
  - id: yard
    title: Yard
    choices:
      - id: rehearse
        text: Rehearse
        effects:
          add: {energy: -10, skill: 5}
          weeks: 2
          if: energy < 30
          then: {add: {energy: -15}}
        goto: yard
      - id: busk
        text: Busk
        effects: {roll: {energy: [-8, -3]}, months: 3}
        goto: yard
      - id: gig
        text: Gig
        effects: {weeks: 1, if: energy > 0, then: {roll: {energy: [-6, -2]}}}
        goto: yard
      - id: gamble
        text: Gamble
        effects: {add: {energy: -5}}
        check: {chance: 50}
        success: {effects: {add: {energy: -20, skill: 1}}, goto: yard}
        failure: {effects: {add: {energy: -20}}, goto: yard}
      - id: gamble_unknown
        text: Gamble more
        check: {chance: 50}
        success: {effects: {add: {energy: 10}}, goto: yard}
        failure: {effects: {add: {energy: -20}}, goto: yard}
      - {id: rest, text: Rest, effects: {add: {energy: 20}}, goto: end}
"""


def test_costs_are_worked_out_from_effects_before_choosing(tmp_path):
    story = _story(tmp_path, COSTLY + END)
    game = Game.start(story, "ana")
    costs = {c.id: c.cost_text for c in game.view().choices}
    assert costs == {
        "rehearse": "−10 Energy · 2 weeks",  # energy 50 -> 40: the if does not apply
        "busk": "−3–8 Energy · 3 months",
        "gig": "−2–6 Energy · 1 week",  # a roll inside a branch still shows as a range
        "gamble": "−25 Energy",  # the same in both outcomes
        "gamble_unknown": "",  # unknown until rolled
        "rest": "",  # a gain is not a cost
    }
    game.variables["energy"] = 35
    rehearse = next(c for c in game.view().choices if c.id == "rehearse")
    assert rehearse.cost_text == "−25 Energy · 2 weeks"  # 35 -> 25, and now the if applies
    assert [(c.name, c.low, c.high) for c in rehearse.costs] == [("energy", 25, 25), ("week", 2, 2)]
    assert game.variables["energy"] == 35  # working costs out changes nothing


def test_first_edition_story_keeps_its_behaviour(tmp_path):
    """No calendar dates, no chapters, no costs: the views carry none, and no new built-ins are kept."""
    story = load_story(Path(__file__).parent.parent / "fixtures" / "mini")  # written for the first edition
    origin = next(iter(story.origins))
    game = Game.start(story, origin, 1)
    view = game.view()
    assert (view.chapter, view.year, view.age, view.when) == (None, None, None, "")
    assert all(c.costs == () and c.cost_text == "" for c in view.choices)
    assert not {"year", "month", "season", "age", "first_visit", "visits_here"} & set(game.variables)


def test_a_saved_second_edition_game_loads_exactly(tmp_path):
    """Cooldowns, succeeded(), dates and visit counts come back from a save file: they are read from the
    turn log and the week, which saves already keep (no new save field, so first-edition saves are as before)."""
    from game.saves.store import SaveStore

    story = _story(tmp_path, POOLED + END, "pools:\n  evenings: {when_empty: quiet}\n")
    game = Game.start(story, "ana", 3)
    game.choose("evening")
    game.choose("back")
    game.choose("wait")
    store = SaveStore(tmp_path / "saves", story)
    store.save("slot", game)
    loaded = store.load("slot")
    assert loaded.ok, loaded.error
    assert loaded.game is not None
    assert loaded.game.eligible_members("evenings") == game.eligible_members("evenings") == []
    assert loaded.game.view() == game.view()
    for _ in range(2):
        game.choose("wait")
        loaded.game.choose("wait")
    assert [m.scene_id for m in loaded.game.eligible_members("evenings")] == ["lesson"]
    assert loaded.game.view() == game.view()


def test_a_debug_start_that_sets_the_week_shows_its_date(tmp_path):
    from game.engine.debug import jump

    story = _story(tmp_path, POOLED + END)
    game = Game.start(story, "ana")
    jump(game, "yard", {"week": "27"})
    assert (game.variables["year"], game.variables["season"], game.variables["age"]) == (1990, "summer", 8)
    assert game.view().when == "1990 · age 8"


def test_time_that_passed_reads_as_the_cost_said_it(tmp_path):
    """A choice that costs "2 years, 4 months" says so again once taken, not "+121 weeks"."""
    story = _story(
        tmp_path,
        """\
chapter: childhood
scenes:
  - id: yard
    title: Yard
    choices:
      - {id: grow, text: Grow up, effects: {years: 2, months: 4}, goto: yard}
      - {id: wait, text: Wait, effects: {weeks: 3}, goto: yard}
      - {id: stop, text: Stop, goto: end}
"""
        + END,
    )
    game = Game.start(story, "ana", 1)
    grow = next(c for c in game.view().choices if c.id == "grow")
    assert grow.cost_text == "2 years, 4 months"
    assert [c.describe() for c in game.choose("grow").changes] == ["2 years, 4 months passed"]
    assert [c.describe() for c in game.choose("wait").changes] == ["+3 weeks"]


def test_the_calendar_built_ins_always_match_the_week():
    # The clock remembers what each week gives (year, month, season, age) and is shared by every game of
    # the story: whatever a game did before, the built-ins must be what the week says, for each musician.
    import random

    from game.engine.game import sync_time
    from game.story.bundled import bundled_story_dir
    from game.story.loader import load_story

    story = load_story(bundled_story_dir())
    for index, origin in enumerate(sorted(story.origins)):
        game = Game.start(story, origin, index)
        chooser = random.Random(index)
        while not game.ended:
            fresh = dict(game.variables)
            sync_time(story.calendar, story.origins[origin].age, fresh)
            assert {k: game.variables[k] for k in ("year", "month", "season", "age")} == {
                k: fresh[k] for k in ("year", "month", "season", "age")
            }
            game.choose(chooser.choice([o.id for o in game.options() if o.enabled]))


UNTIL = """\
scenes:
  - id: yard
    title: Yard
    choices:
      - id: grow
        text: Grow up
        effects: {until_age: "skill + 18"}
        goto: yard
      - id: back
        text: Try to be young again
        effects: {weeks: 1, until_age: 10}
        goto: yard
      - {id: rest, text: Rest, goto: end}
"""


def test_until_age_moves_the_calendar_on_to_an_age_and_never_back(tmp_path):
    story = _story(tmp_path, UNTIL + END)
    game = Game.start(story, "bo")  # Bo is 7 in week 10 of 1990
    assert (game.variables["age"], game.variables["year"]) == (7, 1990)
    grow = next(c for c in game.view().choices if c.id == "grow")
    assert grow.cost_text == "10 years, 10 months"  # shown before it is taken, like any time (March to January)
    result = game.choose("grow")
    assert (game.variables["age"], game.variables["year"], game.variables["month"]) == (18, 2001, 1)
    assert [(c.before, c.after) for c in result.changes if c.name == "week"] == [(10, 573)]
    game.choose("back")  # 18 is past 10: only the week it also takes passes
    assert (game.variables["age"], game.variables["week"]) == (18, 574)
    # Ana's age comes from her birth year (8 in 1990): the same rule counts from it.
    ana = Game.start(story, "ana")
    ana.choose("grow")
    assert (ana.variables["age"], ana.variables["year"]) == (18, 2000)


def test_until_age_needs_ages_and_a_sensible_number(tmp_path):
    from game.story.loader import check_story

    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "story.yaml").write_text(MANIFEST.replace(", age: 7", "").replace(", birth_year: 1982", ""), "utf-8")
    (folder / "scenes.yaml").write_text(UNTIL + END, encoding="utf-8")
    _, found = check_story(folder)
    assert [d.code for d in found if "until_age" in d.message] == ["E405", "E405"]
    assert "give every origin `age:` or `birth_year:`" in next(d.message for d in found if "until_age" in d.message)
    (folder / "story.yaml").write_text(MANIFEST, encoding="utf-8")
    (folder / "scenes.yaml").write_text(UNTIL.replace("until_age: 10", "until_age: 400") + END, encoding="utf-8")
    _, found = check_story(folder)
    errors = [d.message for d in found if d.severity == "error"]
    assert errors == ["until_age: takes an age from 0 to 150, or an expression"]
