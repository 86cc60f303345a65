"""A choice is all or nothing, and one replay routine serves undo, live reload, transcripts, saves and the
journal, following every kind of rename the same way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.engine.game import EngineError, Game
from game.engine.journal import build_history
from game.engine.replay import follow_choice, follow_turn, planned, replay
from game.engine.session import Session, Start
from game.saves.migrate import restore_state
from game.story.loader import load_story
from game.tools.transcripts import from_game
from game.tools.transcripts import replay as replay_transcript

FAILING = """\
story: {id: atomic, title: Atomic}
variables:
  fame: {type: number, initial: 10, min: 0, max: 100, label: Fame}
  city: {type: string, initial: Almaty, values: [Almaty, Paris]}
  gigs: {type: counter, label: Gigs}
origins:
  - {id: ana, name: Ana, home: Almaty, instrument: dombra, intro: Hi., start: hub}
scenes:
  - id: hub
    title: Hub
    text: "Fame {{ fame }}."
    choices:
      - {id: fine, text: Fine, effects: {add: {fame: 1, gigs: 1}}, goto: hub}
      - {id: to_broken_entry, text: Enter, effects: {add: {fame: 5, gigs: 1}}, goto: broken_entry}
      - id: broken_outcome
        text: Risk an outcome that fails
        effects: {add: {gigs: 1}}
        check: {stat: fame, difficulty: 10}
        success: {effects: {add: {fame: 3}, calc: {city: "'Nowhere'"}}, goto: hub}
        failure: {effects: {add: {fame: 3}, calc: {city: "'Nowhere'"}}, goto: hub}
      - id: broken_text
        text: Risk an outcome whose text fails
        effects: {add: {gigs: 1}}
        check: {stat: fame, difficulty: 10}
        success: {text: "{{ 1 // (fame - fame) }}", effects: {add: {fame: 3}}, goto: hub}
        failure: {text: "{{ 1 // (fame - fame) }}", effects: {add: {fame: 3}}, goto: hub}
      - id: broken_draw
        text: Risk a draw from a pool that has nothing left
        effects: {add: {gigs: 1}}
        check: {stat: fame, difficulty: 10}
        success: {effects: {add: {fame: 3}}, draw: never}
        failure: {effects: {add: {fame: 3}}, draw: never}
  - id: broken_entry
    title: Broken
    effects: {calc: {city: "'Nowhere'"}}
    text: Never shown.
    choices:
      - {id: back, text: Back, goto: hub}
  - id: never_member
    title: Never
    pool: {name: never, when: fame > 1000}
    text: Never drawn.
    choices:
      - {id: back, text: Back, goto: $return}
"""


@pytest.fixture
def failing(make_story):
    return load_story(make_story({"story.yaml": FAILING}, base=False))


def _everything(game: Game) -> tuple[str, frozenset[tuple[str, str]], list[str], str]:
    """The whole of a game as far as a choice can change it: state, memory of choices, current options."""
    return game.state.dumps(), frozenset(game._chosen), [o.id for o in game.options()], game.view().text


@pytest.mark.parametrize(
    ("choice", "message"),
    [
        ("to_broken_entry", "entering scene 'broken_entry'"),
        ("broken_outcome", "Nowhere"),
        ("broken_text", "division"),
        ("broken_draw", "nothing eligible"),
    ],
)
def test_a_failing_choice_leaves_the_game_exactly_as_it_was(failing, choice, message) -> None:
    game = Game.start(failing, "ana", seed=5)
    game.choose("fine")
    before = _everything(game)
    with pytest.raises(EngineError, match=message):
        game.choose(choice)
    assert _everything(game) == before
    # The generators' position is restored too: the next choice plays out as in a game that never failed.
    game.choose("fine")
    twin = Game.start(failing, "ana", seed=5)
    twin.choose("fine")
    twin.choose("fine")
    assert game.state.dumps() == twin.state.dumps()


def test_a_failed_choice_can_be_retried_without_adding_its_effects_again(failing) -> None:
    game = Game.start(failing, "ana", seed=2)
    for _ in range(3):
        with pytest.raises(EngineError):
            game.choose("broken_text")
    assert game.variables["gigs"] == 0 and game.variables["fame"] == 10 and game.state.turns == []


def test_replay_keeps_what_still_fits_and_says_where_it_stopped(failing) -> None:
    played = Game.start(failing, "ana", seed=3)
    played.choose("fine")
    played.choose("fine")
    done = replay(Game.start(failing, "ana", seed=3), played.state.turns)
    assert done.complete and done.applied == 2
    assert done.game.state.dumps() == played.state.dumps()
    other = replay(Game.start(failing, "ana", seed=3), planned([("fine", None), ("gone", None), ("fine", None)]))
    assert other.applied == 1
    assert other.divergence is not None
    assert (other.divergence.index, other.divergence.kind, other.divergence.scene) == (1, "missing_choice", "hub")
    assert "fine" in other.divergence.available
    failed = replay(Game.start(failing, "ana", seed=3), planned([("fine", None), ("broken_text", None)]))
    assert failed.applied == 1 and failed.divergence is not None and failed.divergence.kind == "failed"


# -- renames: one story, then the same story with a storylet, a choice and a scene renamed ---------------

OLD = """\
story: {id: renames, title: Renames, version: 1}
variables:
  fame: {type: number, initial: 0, min: 0, max: 100, label: Fame}
origins:
  - {id: ana, name: Ana, home: Almaty, instrument: dombra, intro: Hi., start: hub}
scenes:
  - id: hub
    title: Hub
    text: The hub.
    choices:
      - {id: pick, text: Pick, offer: gigs}
      - {id: rest, text: Rest, effects: {add: {fame: 1}}, goto: hub}
      - {id: finish, text: Finish, goto: end}
  - id: gig_old
    title: The old gig
    teaser: Play the old gig
    pool: {name: gigs}
    text: A gig.
    choices:
      - {id: play, text: Play, effects: {add: {fame: 5}}, goto: $return}
  - id: end
    title: End
    ending: {id: fin, title: Fin}
    text: Bye.
"""

NEW = (
    OLD.replace("version: 1", "version: 2")
    .replace("  - id: gig_old\n", "  - id: gig_new\n    renamed_from: [gig_old]\n")
    .replace("      - {id: rest, text: Rest,", "      - {id: relax, renamed_from: [rest], text: Rest,")
)

PLAYED = [("pick:gig_old", None), ("play", None), ("rest", None), ("pick:gig_old", None), ("play", None)]


@pytest.fixture
def stories(tmp_path: Path):
    def write(name: str, text: str):
        root = tmp_path / name
        root.mkdir()
        (root / "story.yaml").write_text(text, encoding="utf-8")
        return load_story(root)

    return write("old", OLD), write("new", NEW)


def test_renames_are_followed_for_choices_and_offered_members(stories) -> None:
    _old, new = stories
    assert follow_choice(new, "hub", "pick:gig_old") == "pick:gig_new"
    assert follow_choice(new, "hub", "rest") == "relax"
    assert follow_choice(new, "gig_new", "play") == "play"
    played = Game.replay(stories[0], "ana", 1, None, PLAYED)
    assert [follow_turn(new, t).choice for t in played.state.turns] == [
        "pick:gig_new",
        "play",
        "relax",
        "pick:gig_new",
        "play",
    ]


def test_every_replaying_caller_follows_a_renamed_storylet(stories) -> None:
    old, new = stories
    played = Game.replay(old, "ana", 1, None, PLAYED)
    expected_fame = played.variables["fame"]

    # Live reload (and the session's undo) replays the session's turns onto the new story.
    session = Session(old, played, Start("ana", 1))
    rebuilt, done = session.rebuild(new)
    assert done == len(PLAYED) and rebuilt.game.variables["fame"] == expected_fame
    rebuilt.undo(1)
    assert rebuilt.game.state.scene == "gig_new"

    # `steppe replay` of a transcript recorded on the old story.
    result = replay_transcript(new, from_game(played), "old.json")
    assert result.ok, result.text()

    # A save made on the old story: its log is translated, and the journal replays it in full.
    state, _notes = restore_state(new, json.loads(played.state.dumps()))
    assert state.turns[0].choice == "pick:gig_new"
    history = build_history(new, Start("ana", 1).begin, state.turns)
    assert history.complete and len(history.records) == len(PLAYED)
    assert history.records[0].choice_text == "Play the old gig"


def test_a_reload_that_fits_only_a_prefix_never_shortens_the_log(stories, make_story) -> None:
    old, _new = stories
    played = Game.replay(old, "ana", 1, None, PLAYED)
    session = Session(old, played, Start("ana", 1))
    # The story briefly without the gig (an editor saving by rename): only the first turn... fits none.
    without_gig = load_story(
        make_story({"story.yaml": OLD.replace("      - {id: pick, text: Pick, offer: gigs}\n", "")}, base=False)
    )
    shortened, done = session.rebuild(without_gig)
    assert done == 0 and len(shortened.played()) == len(PLAYED)
    # When the file is back, every turn is replayed again.
    restored, done = shortened.rebuild(old)
    assert done == len(PLAYED) and restored.game.state.dumps() == played.state.dumps()
    # A new choice made while some turns did not fit means the player went another way.
    shortened.choose("rest")
    assert shortened.unreplayed == []


def test_a_save_from_an_older_version_says_how_much_of_its_log_still_replays(stories, make_story) -> None:
    old, _new = stories
    played = Game.replay(old, "ana", 1, None, PLAYED)
    # Version 2 hides "rest" (renamed "relax") until fame is out of reach: the third turn no longer fits.
    hidden = NEW.replace(
        "{id: relax, renamed_from: [rest], text: Rest,",
        "{id: relax, renamed_from: [rest], when: fame > 99, text: Rest,",
    )
    newer = load_story(make_story({"story.yaml": hidden}, base=False))
    state, notes = restore_state(newer, json.loads(played.state.dumps()))
    assert state.variables["fame"] == played.variables["fame"]  # the save's values are kept as saved
    assert any("first 2 of 5 choices" in note for note in notes), notes
