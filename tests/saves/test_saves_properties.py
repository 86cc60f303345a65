"""Hypothesis drives random sequences of choose / save / load / undo / autosave / quicksave on the mini story
and checks that what loads is exactly what was saved, and that the current scene always exists."""

from __future__ import annotations

import json
import shutil
import string
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from savehelp import MINI

from game.engine.game import Game
from game.saves.format import SaveDamaged, decode, encode
from game.saves.store import SaveStore, autosave_key, playthrough_id, slot_key
from game.story.loader import load_story

STORY = load_story(MINI)
SLOT_NAMES = ["First", "second", "Slot three", "../../escape", "Сәуле", "[b]x[/b]", "a\x1bb"]
typed_text = st.text(alphabet=string.printable + "ҚқӘәҰұ\x1b\x00\u0085", max_size=25)


class SaveLoadMachine(RuleBasedStateMachine):
    @initialize(
        origin=st.sampled_from(sorted(STORY.origins)), seed=st.integers(0, 2**31), name=st.one_of(st.none(), typed_text)
    )
    def start(self, origin: str, seed: int, name: str | None) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="steppe-saves-prop-"))
        self.store = SaveStore(self.folder, STORY)
        self.game = Game.start(STORY, origin, seed, name)
        self.saved: dict[str, dict] = {}  # slot key -> the state saved there
        self.autosaved: dict | None = None
        self.autosaved_key = ""
        self.quicksaved: dict | None = None

    def teardown(self) -> None:
        if hasattr(self, "folder"):
            shutil.rmtree(self.folder, ignore_errors=True)

    @precondition(lambda self: not self.game.ended)
    @rule(pick=st.integers(0, 100), text=typed_text)
    def choose(self, pick: int, text: str) -> None:
        enabled = [c for c in self.game.view().choices if c.enabled]
        choice = enabled[pick % len(enabled)]
        self.game.choose(choice.id, text if choice.input_prompt else None)
        self.store.autosave(self.game, play_seconds=len(self.game.state.turns))
        self.autosaved = self.game.state.to_json()
        self.autosaved_key = autosave_key(playthrough_id(self.game), 1)  # each playthrough has its own chain

    @precondition(lambda self: len(self.game.state.turns) > 0)
    @rule(steps=st.integers(1, 5))
    def undo(self, steps: int) -> None:
        steps = min(steps, len(self.game.state.turns))
        before = self.game.state.to_json()
        self.game.undo(steps)
        assert len(self.game.state.turns) == len(before["turns"]) - steps
        assert self.game.state.to_json()["turns"] == before["turns"][: len(before["turns"]) - steps]

    @rule(slot=st.sampled_from(SLOT_NAMES), seconds=st.floats(0, 1e6))
    def save(self, slot: str, seconds: float) -> None:
        info = self.store.save(slot, self.game, play_seconds=seconds)
        assert info.slot == slot_key(slot)
        self.saved[info.slot] = self.game.state.to_json()

    @precondition(lambda self: bool(self.saved))
    @rule(data=st.data())
    def load(self, data: st.DataObject) -> None:
        key = data.draw(st.sampled_from(sorted(self.saved)))
        result = self.store.load(key)
        assert result.ok and result.notes == [] and not result.from_backup, result.error
        assert result.game.state.to_json() == self.saved[key]
        self.game = result.game

    @rule()
    def quicksave(self) -> None:
        self.store.quicksave(self.game)
        self.quicksaved = self.game.state.to_json()

    @precondition(lambda self: self.quicksaved is not None)
    @rule()
    def quickload(self) -> None:
        result = self.store.quickload()
        assert result.ok and result.game.state.to_json() == self.quicksaved
        self.game = result.game

    @precondition(lambda self: self.autosaved is not None)
    @rule()
    def continue_latest(self) -> None:
        latest = self.store.latest()
        assert latest is not None
        result = self.store.load(latest.slot)
        assert result.ok
        expected = {**self.saved, "quicksave": self.quicksaved, self.autosaved_key: self.autosaved}
        if latest.slot in expected:
            assert result.game.state.to_json() == expected[latest.slot]
        self.game = result.game

    @precondition(lambda self: bool(self.saved))
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        key = data.draw(st.sampled_from(sorted(self.saved)))
        self.store.delete(key)
        del self.saved[key]
        assert not self.store.load(key).ok

    @invariant()
    def scene_exists_and_file_round_trips(self) -> None:
        if not hasattr(self, "game"):
            return
        assert self.game.state.scene in STORY.scenes
        document = self.store._document(self.game, "x", 0)
        assert decode(encode(document))["state"] == self.game.state.to_json()

    @invariant()
    def every_listed_slot_is_loadable(self) -> None:
        if hasattr(self, "store"):
            assert all(info.loadable and info.damaged is None for info in self.store.list_slots())


TestSaveLoadMachine = SaveLoadMachine.TestCase
TestSaveLoadMachine.settings = settings(
    max_examples=40, stateful_step_count=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_typed_slot_name_gives_a_safe_stable_file_name(typed: str) -> None:
    key = slot_key(typed)
    assert key and len(key) <= 60 and slot_key(key) == key
    assert "/" not in key and "\\" not in key and ".." not in key and not key.startswith(".")
    assert all(ch.isalnum() or ch in "_-" for ch in key)
    folder = Path("/saves")
    assert (folder / f"{key}.save.json").parent == folder


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_never_crash_the_reader(raw: bytes) -> None:
    try:
        decode(raw)
    except SaveDamaged as err:
        assert err.reason


scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8)
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
BASE_GAME = Game.start(STORY, "ana", 3, "Zhan")
for _choice in ("band", "gig", "play", "audition"):
    if any(c.id == _choice and c.enabled for c in BASE_GAME.view().choices):
        BASE_GAME.choose(_choice, "X")


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _paths(inner, (*prefix, index))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_hand_edits_with_a_valid_checksum_never_crash_loading(tmp_path_factory, data) -> None:
    """Replace any one value of a good save by arbitrary JSON, re-sign it: loading says why, or loads; no crash."""
    folder = tmp_path_factory.mktemp("edits")
    store = SaveStore(folder, STORY)
    store.save("s", BASE_GAME)
    document = json.loads(store.path("s").read_text(encoding="utf-8"))
    paths = [p for p in _paths(document) if p and p[0] not in ("checksum",)]
    path = data.draw(st.sampled_from(paths))
    value = data.draw(json_values)
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    store.path("s").write_bytes(encode(document))
    result = store.load("s")
    assert result.ok or result.error
    [info] = store.list_slots()
    assert info.loadable == result.ok
    if result.ok:
        assert result.game.state.scene in STORY.scenes
        result.game.view()
