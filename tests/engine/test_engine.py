"""Engine behaviour: every kind of effect, check, pool and ending, determinism, undo and state JSON."""

from __future__ import annotations

import json

import pytest

from game.engine.game import EngineError, Game, clean_player_text
from game.engine.state import GameState
from game.story.loader import load_story

STORY = """\
story:
  id: eng
  title: Engine
variables:
  fame: {type: number, initial: 10, min: 0, max: 100, label: Fame}
  money: {type: number, initial: 1000, min: 0, max: 100000, label: Money, unit: tenge}
  city: {type: string, initial: Almaty, values: [Almaty, Paris]}
  band: {type: string, initial: ""}
  met: {type: flag}
  gigs: {type: counter, label: Gigs}
origins:
  - {id: ana, name: Ana, home: Almaty, instrument: dombra, intro: Hi., start: hub, set: {money: 2000}}
scenes:
  - id: hub
    title: "Week {{ week }}"
    text: "{{ name }} has {{ money | money }}."
    choices:
      - {id: set, text: Set, effects: {set: {city: Paris, met: true}}, goto: hub}
      - {id: calc, text: Calc, effects: {calc: {money: "money * 2 + fame"}}, goto: hub}
      - {id: add, text: Add, effects: {add: {fame: 500, money: -99999}}, goto: hub}
      - {id: fair_up, text: Up, effects: {fair: {fame: 50}}, goto: hub}
      - {id: fair_down, text: Down, effects: {fair: {fame: -50}}, goto: hub}
      - {id: roll, text: Roll, effects: {roll: {money: [100, 200]}}, goto: hub}
      - {id: weeks, text: Wait, effects: {weeks: 3}, goto: hub}
      - id: risky
        text: Risk
        check: {stat: fame, difficulty: 30}
        success: {effects: {add: {fame: 5}}, goto: won, text: "You win."}
        failure: {effects: {add: {fame: -5}}, goto: hub}
      - id: locked
        text: Locked
        when: fame >= 90
        locked: "Need fame 90 (you have {{ fame }})"
        goto: hub
      - {id: hidden, text: Hidden, when: fame >= 90, goto: hub}
      - {id: gig, text: Gig, draw: gigs}
      - {id: pick, offer: gigs}
      - {id: name_band, text: Name, input: {variable: band, prompt: Name?, default: Dunes, max_length: 8}, goto: hub}
      - {id: leave, text: Leave, goto: the_end}
  - id: won
    title: Won
    choices: [{id: back, text: Back, goto: hub}]
  - id: gig_small
    title: Small gig
    teaser: A small gig
    pool: {name: gigs, when: fame < 50}
    effects: {add: {gigs: 1}}
    choices: [{id: done, text: Done, goto: $return}]
  - id: gig_once
    title: Once
    pool: {name: gigs, once: true, weight: 5}
    choices: [{id: done, text: Done, goto: $return}]
  - id: the_end
    title: The End
    ending: {id: fin, title: Finale}
    text: "Fin after {{ gigs }} gigs."
"""


@pytest.fixture
def story(make_story):
    return load_story(make_story({"story.yaml": STORY, "scenes.yaml": "scenes: []\n"}))


def ids(game: Game) -> list[str]:
    return [c.id for c in game.view().choices]


def test_start_applies_origin_and_builtins(story) -> None:
    game = Game.start(story, "ana", seed=1)
    assert game.variables["money"] == 2000
    assert game.variables["week"] == 1
    assert game.variables["name"] == "Ana" and game.variables["origin"] == "ana"
    assert game.view().title == "Week 1"
    assert game.view().text == "Ana has 2,000\u00a0₸."


def test_set_and_flags(story) -> None:
    game = Game.start(story, "ana")
    result = game.choose("set")
    assert game.variables["city"] == "Paris" and game.variables["met"] is True
    assert {c.describe() for c in result.changes} == {"City: Paris", "Met: yes"}


def test_calc(story) -> None:
    game = Game.start(story, "ana")
    game.choose("calc")
    assert game.variables["money"] == 2000 * 2 + 10


def test_add_is_clamped_and_described(story) -> None:
    game = Game.start(story, "ana")
    result = game.choose("add")
    assert game.variables["fame"] == 100 and game.variables["money"] == 0
    assert [c.describe() for c in result.changes] == ["+90 Fame", "−2,000\u00a0₸ Money"]


def test_fairmath_moves_a_share_of_the_way(story) -> None:
    game = Game.start(story, "ana")
    game.choose("fair_up")
    assert game.variables["fame"] == 55  # 10 + (100 - 10) * 0.5
    game.choose("fair_down")
    assert game.variables["fame"] == 28  # 55 - 55 * 0.5, rounded


def test_roll_stays_in_range_and_is_seeded(story) -> None:
    amounts = set()
    for seed in range(30):
        game = Game.start(story, "ana", seed=seed)
        game.choose("roll")
        amounts.add(game.variables["money"] - 2000)
        again = Game.start(story, "ana", seed=seed)
        again.choose("roll")
        assert again.variables == game.variables
    assert all(100 <= a <= 200 for a in amounts) and len(amounts) > 5


def test_weeks_advance_the_calendar(story) -> None:
    game = Game.start(story, "ana")
    result = game.choose("weeks")
    assert game.variables["week"] == 4
    assert [c.describe() for c in result.changes] == ["+3 weeks"]


def test_risky_choice_shows_odds_and_takes_both_branches(story) -> None:
    game = Game.start(story, "ana")
    risky = next(c for c in game.view().choices if c.id == "risky")
    assert risky.odds == 50 + (10 - 30) * 2 and risky.kind == "check"
    outcomes = set()
    for seed in range(40):
        game = Game.start(story, "ana", seed=seed)
        result = game.choose("risky")
        outcomes.add(result.outcome)
        if result.outcome == "success":
            assert game.state.scene == "won" and result.outcome_text == "You win."
            assert game.variables["fame"] == 15
        else:
            assert game.state.scene == "hub" and game.variables["fame"] == 5
    assert outcomes == {"success", "failure"}


def test_locked_choice_is_shown_with_reason_and_refused(story) -> None:
    game = Game.start(story, "ana")
    locked = next(c for c in game.view().choices if c.id == "locked")
    assert not locked.enabled and locked.locked_reason == "Need fame 90 (you have 10)"
    assert "hidden" not in ids(game)
    with pytest.raises(EngineError, match="locked"):
        game.choose("locked")
    with pytest.raises(EngineError, match="no choice"):
        game.choose("hidden")


def test_draw_returns_with_dollar_return(story) -> None:
    game = Game.start(story, "ana", seed=3)
    game.choose("gig")
    assert game.state.scene in ("gig_small", "gig_once")
    game.choose("done")
    assert game.state.scene == "hub"


def test_offer_lists_eligible_members_and_once_is_respected(story) -> None:
    game = Game.start(story, "ana")
    offered = [c for c in game.view().choices if c.kind == "offer"]
    assert [(c.id, c.text) for c in offered] == [("pick:gig_small", "A small gig"), ("pick:gig_once", "Once")]
    game.choose("pick:gig_once")
    game.choose("done")
    assert "pick:gig_once" not in ids(game)
    game.choose("add")  # fame 100: the small gig's condition fails too
    assert not any(i.startswith("pick:") for i in ids(game))
    gig = next(c for c in game.view().choices if c.id == "gig")
    assert not gig.enabled and gig.locked_reason


def test_scene_effects_apply_on_entering(story) -> None:
    game = Game.start(story, "ana")
    result = game.choose("pick:gig_small")
    assert game.variables["gigs"] == 1 and "+1 Gigs" in [c.describe() for c in result.changes]


def test_input_is_cleaned_and_limited(story) -> None:
    game = Game.start(story, "ana")
    game.choose("name_band", "\x1b[31mRed\x07 Horse Band")
    assert game.variables["band"] == "[31mRed "[:8].strip() or game.variables["band"]
    assert "\x1b" not in game.variables["band"] and len(game.variables["band"]) <= 8
    game.choose("name_band", "   ")
    assert game.variables["band"] == "Dunes"


def test_clean_player_text_strips_control_characters() -> None:
    assert clean_player_text("a\x1b[2Jb\x00c\n") == "a[2Jbc"


def test_ending_ends_the_playthrough(story) -> None:
    game = Game.start(story, "ana")
    game.choose("pick:gig_small")
    game.choose("done")
    game.choose("leave")
    view = game.view()
    assert game.ended and view.is_ending and view.ending_id == "fin" and view.ending_title == "Finale"
    assert view.text == "Fin after 1 gigs."
    with pytest.raises(EngineError, match="ended"):
        game.choose("anything")


def test_same_seed_and_choices_give_the_same_game(story) -> None:
    def play(seed: int) -> str:
        game = Game.start(story, "ana", seed=seed)
        for choice in ["roll", "gig", "done", "risky", "roll", "weeks"]:
            available = ids(game)
            game.choose(choice if choice in available else available[0])
        return game.state.dumps()

    assert play(5) == play(5)
    assert len({play(s) for s in range(8)}) > 1


def test_undo_steps_back_exactly(story) -> None:
    game = Game.start(story, "ana", seed=9)
    snapshots = [game.state.dumps()]
    for choice in ["roll", "set", "weeks", "roll"]:
        game.choose(choice)
        snapshots.append(game.state.dumps())
    game.undo(1)
    assert game.state.dumps() == snapshots[3]
    game.undo(2)
    assert game.state.dumps() == snapshots[1]
    with pytest.raises(EngineError):
        game.undo(5)


def test_state_round_trips_through_json(story) -> None:
    game = Game.start(story, "ana", seed=4, name="Zhanna")
    for choice in ["roll", "gig", "done", "name_band", "risky"]:
        game.choose(choice if choice in ids(game) else ids(game)[0], "Dunes")
    text = json.dumps(game.state.to_json())
    restored = GameState.from_json(json.loads(text))
    assert restored == game.state
    resumed = Game(story, restored)
    assert resumed.view() == game.view()


def test_failed_choice_changes_nothing(story) -> None:
    game = Game.start(story, "ana")
    before = game.state.dumps()
    with pytest.raises(EngineError):
        game.choose("nope")
    assert game.state.dumps() == before


def test_unknown_origin_is_an_engine_error(story) -> None:
    with pytest.raises(EngineError, match="origin"):
        Game.start(story, "nobody")


def test_require_locks_a_shown_choice_and_when_still_hides_it(make_story) -> None:
    root = make_story(
        {
            "scenes.yaml": """\
        scenes:
          - id: start
            title: Start
            choices:
              - id: gig
                text: Gig
                when: city == "Almaty"
                require: fame >= 5
                locked: "Too unknown ({{ fame }})"
                goto: end
              - {id: up, text: Up, effects: {add: {fame: 5}}, goto: start}
              - {id: move, text: Move, effects: {set: {city: Paris}}, goto: start}
          - id: end
            title: End
            ending: {id: fin, title: Fin}
        """
        }
    )
    game = Game.start(load_story(root), "ana")
    gig = next(c for c in game.view().choices if c.id == "gig")
    assert not gig.enabled and gig.locked_reason == "Too unknown (0)"
    game.choose("up")
    assert next(c for c in game.view().choices if c.id == "gig").enabled
    game.choose("move")
    assert "gig" not in ids(game)


def test_return_to_sends_dollar_return_elsewhere(make_story) -> None:
    root = make_story(
        {
            "scenes.yaml": """\
        scenes:
          - id: start
            title: Start
            choices:
              - {id: menu, text: Menu, goto: menu}
              - {id: end, text: End, goto: end}
          - id: menu
            title: Menu
            choices:
              - {id: pick, offer: gigs, return_to: start}
              - {id: back, text: Back, goto: start}
          - id: gig
            title: Gig
            pool: {name: gigs}
            choices: [{id: done, text: Done, goto: $return}]
          - id: end
            title: End
            ending: {id: fin, title: Fin}
        """
        }
    )
    game = Game.start(load_story(root), "ana")
    game.choose("menu")
    game.choose("pick:gig")
    game.choose("done")
    assert game.state.scene == "start"


def test_changes_to_one_stat_are_shown_once_as_a_net_change() -> None:
    from game.engine.effects import Change, merge_changes

    merged = merge_changes(
        [
            Change("energy", "Energy", 50, 55),
            Change("fame", "Fame", 1, 2),
            Change("energy", "Energy", 55, 58),
            Change("fame", "Fame", 2, 1),
        ]
    )
    assert [c.describe() for c in merged] == ["+8 Energy"]


def test_two_sided_stats_read_as_a_move_toward_a_side() -> None:
    from game.engine.effects import Change

    assert (
        Change("t", "Tradition ↔ Innovation", 0, -6, "none", "Tradition", "Innovation").describe()
        == "6 toward Tradition"
    )
    assert (
        Change("t", "Tradition ↔ Innovation", 0, 4, "none", "Tradition", "Innovation").describe()
        == "4 toward Innovation"
    )
