"""The story's own presentation declarations: no variable of the bundled story is named in Python, and
units, currencies, the header line and the charts come from what the story declares."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.engine.effects import Change
from game.engine.game import Game
from game.present.stat_rows import change_text, compact_stats, format_value, shown_changes, stat_rows, where_and_when
from game.story import models
from game.story.bundled import bundled_story_dir
from game.story.compiled import BUILTIN_VARIABLES
from game.story.loader import check_story, load_story
from game.story.templates import MARKDOWN_ENV, format_money
from game.tui.widgets.chart import chart_scale, columns, nice_ceiling

GAME = Path(__file__).resolve().parents[2] / "game"


def test_no_variable_of_the_bundled_story_is_named_in_python() -> None:
    story = load_story(bundled_story_dir())
    # The format's own words are not the story's names: its keys (an origin's `instrument:`), its text
    # filters (`money`) and its built-in variables.
    keys = {
        key
        for model in vars(models).values()
        if isinstance(model, type) and issubclass(model, models.Model)
        for key in model.model_fields
    }
    vocabulary = keys | set(MARKDOWN_ENV.filters) | set(BUILTIN_VARIABLES)
    names = sorted(set(story.variables) - vocabulary)
    assert len(names) >= 3  # the check reads the story's real declarations (whatever the story names them)
    quoted = re.compile(r"""(['"])(""" + "|".join(map(re.escape, names)) + r""")\1""")
    found = [
        f"{path.relative_to(GAME.parent)}:{number}: {match.group(0)}"
        for path in sorted(GAME.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        for match in quoted.finditer(line)
    ]
    assert found == [], "story variable names in Python:\n" + "\n".join(found)


def test_the_bundled_story_declares_what_the_game_shows() -> None:
    shown = load_story(bundled_story_dir()).presentation
    assert shown.header and shown.charted and shown.tagline and shown.currency


UNITS = """\
story:
  id: units
  title: Units
  presentation:
    header: [town]
    charted: [cash]
    currency: {prefix: "$"}
variables:
  cash: {type: number, initial: 1500, min: 0, max: 100000, label: Cash, unit: currency}
  road: {type: number, initial: 0, min: 0, max: 9000, label: Road, unit: {suffix: " km"}}
  cut: {type: number, initial: 0, min: 0, max: 100, label: Cut, unit: percent}
  town: {type: string, initial: Oslo, label: Town}
origins:
  - {id: o, name: Olga, home: Bergen, instrument: fiddle, intro: A fiddler., start: start}
"""

UNITS_SCENES = """\
scenes:
  - id: start
    title: Start
    text: "You have {{ cash | money }}."
    choices:
      - id: go
        text: Go
        effects: {add: {cash: -2500, road: 1200}, set: {cut: 15}}
        goto: end
  - id: end
    title: End
    ending: {id: fin, title: Fin}
"""


def test_any_currency_and_unit_reads_as_the_story_declares(make_story) -> None:
    story = load_story(make_story({"story.yaml": UNITS, "scenes.yaml": UNITS_SCENES}, base=False))
    game = Game.start(story, "o", 1, None)
    assert game.view().text == "You have $1,500."
    changes = game.choose("go").changes
    # Amounts in the story's currency and unit; a value that is set reads as the value, not as a change.
    assert [c.describe() for c in changes] == ["Cut: 15%", "−$1,500 Cash", "+1,200\u00a0km Road"]
    assert [c.delta for c in changes] == [15, -1500, 1200]
    specs = story.variables
    assert format_value(specs["cash"], 1_234_567) == "$1,234,567"
    assert format_value(specs["road"], 1) == "1\u00a0km"
    assert where_and_when(story, game.variables, "Bergen") == ("Oslo", "Week 1")
    assert [r.name for r in stat_rows(story, game.variables)] == ["cash", "road", "cut"]  # town is in the header
    assert story.presentation.charted == ("cash",)


def test_the_first_editions_unit_tenge_still_loads(make_story) -> None:
    manifest = UNITS.replace('    currency: {prefix: "$"}\n', "").replace("unit: currency", "unit: tenge")
    story = load_story(make_story({"story.yaml": manifest, "scenes.yaml": UNITS_SCENES}, base=False))
    assert Game.start(story, "o", 1, None).view().text == "You have 1,500\u00a0₸."
    assert format_value(story.variables["cash"], -20) == "−20\u00a0₸"
    assert format_money(3000) == "3,000"  # outside a story, an amount has no currency to show


@pytest.mark.parametrize(
    ("change", "code", "expected"),
    [("header: [town]", "header: [nowhere]", ("E401", 5)), ("charted: [cash]", "charted: [town]", ("E405", 6))],
)
def test_presentation_names_are_checked(make_story, change: str, code: str, expected: tuple[str, int]) -> None:
    manifest = UNITS.replace(change, code)
    story, diagnostics = check_story(make_story({"story.yaml": manifest, "scenes.yaml": UNITS_SCENES}, base=False))
    assert story is None
    problem = next(d for d in diagnostics if d.severity == "error")
    assert (problem.code, problem.line) == expected


def test_change_descriptions() -> None:
    assert Change("week", "Week", 1, 4, "weeks").describe() == "+3 weeks"
    assert Change("t", "Tradition ↔ Innovation", 0, -6, "none", "Tradition", "Innovation").describe() == (
        "6 toward Tradition"
    )
    assert Change("x", "Met", False, True).describe() == "Met: yes"


LABELS = """\
story:
  id: labels
  title: Labels
variables:
  deal: {type: string, initial: none, label: Deal, values: [none, memo], labels: {none: no deal, memo: a memorandum}}
  met: {type: flag}
  shown: {type: flag, label: Met the scout, show: value}
  stamina: {type: number, initial: 9, min: 0, max: 10, label: Stamina, show: bar, cost: true}
  skill: {type: number, initial: 1, min: 0, max: 10, label: Skill, show: bar}
origins:
  - {id: o, name: Olga, home: Bergen, instrument: fiddle, intro: A fiddler., start: start}
scenes:
  - id: start
    title: Start
    choices:
      - id: go
        text: Go
        effects: {set: {deal: memo, met: true, shown: true}, add: {stamina: -2}}
        goto: end
  - id: end
    title: End
    ending: {id: fin, title: Fin}
"""


def test_values_read_with_the_storys_labels_and_hidden_flags_stay_out_of_the_news(make_story) -> None:
    story = load_story(make_story({"story.yaml": LABELS}, base=False))
    game = Game.start(story, "o", 1, None)
    assert [c.cost_text for c in game.view().choices] == ["−2 Stamina"]
    changes = shown_changes(story, game.choose("go").changes)
    assert [change_text(story, c) for c in changes] == ["Deal: a memorandum", "Met the scout: yes", "−2 Stamina"]
    assert format_value(story.variables["deal"], "none") == "no deal"
    # Below 80 columns the header line carries what the story marks as costs.
    assert compact_stats(story, game.variables) == ["Stamina 7"]


def test_a_label_for_a_value_a_variable_does_not_have_is_an_error(make_story) -> None:
    story, diagnostics = check_story(
        make_story({"story.yaml": LABELS.replace("memo: a memorandum", "mem: a memo")}, base=False)
    )
    assert story is None and any(d.code == "E405" and "mem" in d.message for d in diagnostics)


def test_charts_scale_to_the_stat_and_not_to_its_own_peak() -> None:
    # A 0–100 stat that went from 0 to 3 is a sliver, not a full chart.
    assert chart_scale([0, 3], 0, 100) == (0, 100)
    assert columns([0, 3], 8, 4, chart_scale([0, 3], 0, 100))[:3] == [" " * 8] * 3
    # Money bounded at 500 million is charted to a round number above its highest value.
    assert chart_scale([10_000, 28_000], 0, 500_000_000) == (0, 50_000)
    assert nice_ceiling(73) == 100 and nice_ceiling(0.4) == 0.5
