"""Hostile save folders (issue 17): whatever is put in the saves folder, nothing is lost and nothing hangs.

Each test names the issue item it keeps fixed.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hostilehelp import MINI, play, within

from game.saves import atomic
from game.saves import format as save_format
from game.saves.check import check_folder
from game.saves.gallery import Gallery
from game.saves.store import SaveError, SaveStore, autosave_key, playthrough_id, slot_key

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")


def _sums(folder: Path) -> dict[str, str]:
    """What every entry in the folder is: a file's SHA-256, a link's target, a FIFO as such."""
    sums = {}
    for path in sorted(folder.iterdir()):
        if path.is_symlink():
            sums[path.name] = "link:" + os.readlink(path)
        elif path.is_fifo():
            sums[path.name] = "fifo"
        else:
            sums[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return sums


def _signed(store: SaveStore, key: str, change: object) -> Path:
    """Edit a saved file the way a determined player would, then re-sign it with a valid checksum."""
    path = store.path(key)
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)  # type: ignore[operator]
    body = {k: v for k, v in document.items() if k != "checksum"}
    body["checksum"] = (
        "sha256:"
        + hashlib.sha256(
            json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
        ).hexdigest()
    )
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    return path


def hostile_folder(folder: Path, mini) -> Path:
    """A saves folder with a FIFO, a /dev/zero link, a huge number, a bad date and a damaged backup."""
    store = SaveStore(folder, mini)
    store.save("good", play(mini, 3))
    store.save("with backup", play(mini, 2))
    store.save("with backup", play(mini, 4))
    store.backup_path("with_backup").write_text('{"format": "steppe-to-stage save", "schema": 1,')  # cut short
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.save.json")
        os.mkfifo(folder / "gallery.json")
    if Path("/dev/zero").exists():
        (folder / "zero.save.json").symlink_to("/dev/zero")
    (folder / "digits.save.json").write_text('{"format": "steppe-to-stage save", "n": ' + "9" * 5000 + "}")
    store.save("big var", play(mini, 3))
    _signed(store, "big_var", lambda d: d["state"]["variables"].update(fame=10**400))
    store.save("big time", play(mini, 3))
    _signed(store, "big_time", lambda d: d.update(play_seconds=10**400))
    store.save("bad date", play(mini, 3))
    _signed(store, "bad_date", lambda d: d.update(saved_at="0001-01-01T00:00:00+14:00"))
    return folder


# -- items 7, 8, 11 and 5 together: the folder the closing note shows --------------------------------


def test_hostile_folder_is_listed_without_hang_crash_or_change(tmp_path, mini):
    """Items 5, 7, 8, 11: every hostile entry is listed as damaged, in bounded time, and nothing changes."""
    folder = hostile_folder(tmp_path, mini)
    before = _sums(folder)
    store = SaveStore(folder, mini)
    infos = {i.slot: i for i in within(20, store.list_slots)}
    assert infos["good"].loadable and infos["good"].damaged is None
    for key in ("big_var", "big_time", "bad_date", "digits") + (("pipe",) if hasattr(os, "mkfifo") else ()):
        assert not infos[key].loadable and infos[key].damaged, key
    if Path("/dev/zero").exists():
        assert "not a file" in infos["zero"].damaged
    assert "too large" in infos["digits"].damaged
    assert "date" in infos["bad_date"].damaged
    assert infos["with_backup"].loadable and infos["with_backup"].backup_damaged
    latest = within(20, lambda: store.latest())
    assert latest is not None and latest.loadable  # Continue still works
    result = within(20, lambda: check_folder(folder, mini))
    statuses = {c.info.slot: c.status for c in result.slots}
    assert statuses["good"] == "ok" and statuses["bad_date"] == "damaged"
    assert statuses["with_backup.backup.json"] == "damaged"  # item 5: saves check reports a damaged backup
    if hasattr(os, "mkfifo"):
        assert result.gallery_damaged and "pipe" in result.gallery_damaged
    assert _sums(folder) == before
    store.save("new game", play(mini, 1))  # a save is still possible (item 7: "New game is impossible too")


@needs_fifo
def test_saves_check_cli_on_hostile_folder(tmp_path, mini):
    """Items 7, 8, 11 from the command line: exit 1 with a listing, never a hang or a traceback."""
    folder = hostile_folder(tmp_path, mini)
    before = _sums(folder)
    done = subprocess.run(
        [sys.executable, "-m", "game", "saves", "check", str(folder), "--story", str(MINI)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "damaged   pipe" in done.stdout and "damaged   zero" in done.stdout
    assert "with_backup.backup.json" in done.stdout
    assert _sums(folder) == before


# -- item 3: two open games and the gallery ---------------------------------------------------------------


def test_two_open_games_keep_both_endings_in_the_gallery(tmp_path):
    first, second = Gallery(tmp_path), Gallery(tmp_path)  # both read the (empty) gallery at start
    first.record("fame", "Fame", "ana", "Ana")
    second.record("home", "Home", "bek", "Bek")
    second.record("fame", "Fame", "ana", "Ana")
    entries = {(e.ending_id, e.name): e.count for e in Gallery(tmp_path).entries()}
    assert entries == {("fame", "Ana"): 2, ("home", "Bek"): 1}


def test_gallery_writers_in_threads_lose_nothing(tmp_path):
    def reach(n: int) -> None:
        for i in range(10):
            Gallery(tmp_path).record(f"end{n}_{i}", "E", "o", "N")

    threads = [threading.Thread(target=reach, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(Gallery(tmp_path).entries()) == 30


# -- item 4: a full disk ----------------------------------------------------------------------------------


def test_full_disk_autosave_never_rotates_a_good_autosave_away(tmp_path, mini, monkeypatch):
    store = SaveStore(tmp_path, mini)
    for n in range(3):
        store.autosave(play(mini, n + 1))
    before = _sums(tmp_path)

    def full(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "write", full)
    for n in range(5):
        with pytest.raises(SaveError, match="No space left"):
            store.autosave(play(mini, 5 + n))
    monkeypatch.undo()
    assert _sums(tmp_path) == before  # the three good autosaves are all still there, no temp left behind
    assert len([i for i in store.list_slots() if i.kind == "autosave" and i.loadable]) == 3


# -- item 5: a damaged backup -----------------------------------------------------------------------------


def test_damaged_backup_is_reported_and_set_aside_not_replaced(tmp_path, mini):
    store = SaveStore(tmp_path, mini)
    store.save("slot", play(mini, 2))
    store.save("slot", play(mini, 3))
    store.backup_path("slot").write_text("garbage")
    [info] = store.list_slots()
    assert info.loadable and info.backup_damaged
    store.save("slot", play(mini, 4))
    aside = [p for p in tmp_path.iterdir() if ".backup.json.damaged-" in p.name]
    assert len(aside) == 1 and aside[0].read_text() == "garbage"
    assert store._read(store.backup_path("slot")).document is not None  # the new backup is good


# -- item 6: two copies of the game on one folder ----------------------------------------------------------


def test_each_playthrough_keeps_its_own_autosave_chain_and_continue_picks_the_newest(tmp_path, mini):
    one, two = SaveStore(tmp_path, mini), SaveStore(tmp_path, mini)
    games_one = [play(mini, n, seed=1) for n in range(1, 6)]
    games_two = [play(mini, n, seed=2) for n in range(1, 6)]
    for a, b in zip(games_one, games_two, strict=True):
        one.autosave(a)
        two.autosave(b)
    chain_one, chain_two = playthrough_id(games_one[0]), playthrough_id(games_two[0])
    assert chain_one != chain_two
    for chain, games in ((chain_one, games_one), (chain_two, games_two)):
        for index in (1, 2, 3):
            loaded = one.load(autosave_key(chain, index)).game
            assert loaded is not None and loaded.state.to_json() == games[-index].state.to_json()
    assert one.latest().slot == autosave_key(chain_two, 1)  # the newest across both chains


def test_autosaves_from_two_threads_on_one_chain_never_fail(tmp_path, mini):
    game = play(mini, 5)
    errors: list[Exception] = []

    def run() -> None:
        store = SaveStore(tmp_path, mini)
        for _ in range(25):
            try:
                store.autosave(game)
            except SaveError as err:
                errors.append(err)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert all(i.loadable for i in SaveStore(tmp_path, mini).list_slots())


TWO_COPIES = """
import sys
sys.path.insert(0, {helpers!r})
from hostilehelp import MINI, play
from game.saves.store import SaveError, SaveStore
from game.story.loader import load_story
story = load_story(MINI)
store = SaveStore({folder!r}, story)
failures = 0
for n in range(1, 31):
    try:
        store.autosave(play(story, n % 7 + 1, seed={seed}))
    except SaveError as err:
        failures += 1
        print(err)
sys.exit(1 if failures else 0)
"""


def test_two_copies_of_the_game_autosaving_on_one_folder(tmp_path, mini):
    """Item 6 with two real processes: no autosave fails, each keeps its own chain, Continue is the newest."""
    helpers = str(Path(__file__).resolve().parent)
    scripts = [TWO_COPIES.format(helpers=helpers, folder=str(tmp_path), seed=seed) for seed in (1, 2)]
    copies = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) for code in scripts]
    outputs = [copy.communicate(timeout=120)[0] for copy in copies]
    assert [copy.returncode for copy in copies] == [0, 0], outputs
    store = SaveStore(tmp_path, mini)
    autos = [i for i in store.list_slots() if i.kind == "autosave"]
    assert len(autos) == 6 and all(i.loadable for i in autos)  # three per playthrough, none mixed in
    for seed in (1, 2):
        chain = playthrough_id(play(mini, 1, seed=seed))
        mine = [store.load(autosave_key(chain, n)).game for n in (1, 2, 3)]
        assert all(g is not None and g.state.seed == seed for g in mine)
    assert store.latest().saved_at == max(i.saved_at for i in autos)


# -- item 7: huge numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        '{"format": "steppe-to-stage save", "schema": 1, "x": ' + "1" * 4301 + "}",
        '{"format": "steppe-to-stage save", "schema": 1, "x": -' + "1" * 30 + "}",
        '{"format": "steppe-to-stage save", "schema": 1, "x": 1e999}',
    ],
)
def test_a_huge_number_in_any_save_is_damage_not_a_crash(tmp_path, mini, content):
    (tmp_path / "huge.save.json").write_text(content)
    [info] = SaveStore(tmp_path, mini).list_slots()
    assert not info.loadable and info.damaged
    assert not SaveStore(tmp_path, mini).load("huge").ok


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["state"]["variables"].update(fame=10**400),
        lambda d: d.update(play_seconds=10**400),
        lambda d: d["state"].update(seed=10**400),
        lambda d: d["state"]["variables"].update(week=10**30),
    ],
)
def test_a_signed_save_with_a_huge_number_is_damaged(tmp_path, mini, change):
    store = SaveStore(tmp_path, mini)
    store.save("s", play(mini, 3))
    _signed(store, "s", change)
    [info] = store.list_slots()
    assert not info.loadable and info.damaged
    assert store.latest() is None
    assert store.load("s").error


# -- item 8: a date out of range --------------------------------------------------------------------------


@pytest.mark.parametrize("stamp", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00"])
def test_a_date_out_of_range_is_damaged_in_the_list_and_in_check(tmp_path, mini, stamp):
    store = SaveStore(tmp_path, mini)
    store.save("s", play(mini, 3))
    _signed(store, "s", lambda d: d.update(saved_at=stamp))
    [info] = store.list_slots()
    assert not info.loadable and "date" in info.damaged
    assert [c.status for c in check_folder(tmp_path, mini).slots] == ["damaged"]


# -- item 11: FIFOs and devices ---------------------------------------------------------------------------


@needs_fifo
def test_a_fifo_named_like_a_save_or_the_gallery_never_blocks(tmp_path, mini):
    os.mkfifo(tmp_path / "pipe.save.json")
    os.mkfifo(tmp_path / "pipe.backup.json")
    os.mkfifo(tmp_path / "gallery.json")
    store = SaveStore(tmp_path, mini)
    [info] = within(10, store.list_slots)
    assert not info.loadable and "pipe" in info.damaged
    assert within(10, lambda: store.load("pipe")).error
    gallery = within(10, lambda: Gallery(tmp_path))
    assert gallery.damaged and "pipe" in gallery.damaged
    within(10, lambda: gallery.record("fin", "Fin", "ana", "Ana"))  # the FIFO is moved aside, never opened
    assert [e.ending_id for e in Gallery(tmp_path).entries()] == ["fin"]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_link_to_dev_zero_is_not_read(tmp_path, mini):
    (tmp_path / "zero.save.json").symlink_to("/dev/zero")
    (tmp_path / "gallery.json").symlink_to("/dev/zero")
    [info] = within(10, SaveStore(tmp_path, mini).list_slots)
    assert "device" in info.damaged
    assert "device" in within(10, lambda: Gallery(tmp_path)).damaged


def test_an_oversized_save_is_refused_unread(tmp_path, mini):
    with open(tmp_path / "sparse.save.json", "wb") as handle:
        handle.truncate(save_format.MAX_SAVE_BYTES + 1)  # sparse: costs no disk
    [info] = within(10, SaveStore(tmp_path, mini).list_slots)
    assert "too large" in info.damaged


# -- item 21: names the game would not make ---------------------------------------------------------------


def test_save_files_with_foreign_names_are_listed_not_ignored(tmp_path, mini):
    store = SaveStore(tmp_path, mini)
    store.save("victim", play(mini, 2))
    data = store.path("victim").read_bytes()
    store.path("victim").unlink()
    (tmp_path / "Victim.save.json").write_bytes(data)
    (tmp_path / "con.save.json").write_bytes(data)
    (tmp_path / "sp ace.backup.json").write_bytes(data)
    before = _sums(tmp_path)
    infos = {i.slot: i for i in store.list_slots()}
    assert set(infos) == {"Victim", "con", "sp ace"}
    assert all(i.kind == "foreign" and not i.loadable and "rename it" in i.damaged for i in infos.values())
    assert "victim.save.json" in infos["Victim"].damaged
    assert "rename" in store.load("Victim").error
    with pytest.raises(SaveError):
        store.delete("con")  # never deletes another file that slot_key("con") happens to name
    statuses = {c.info.slot: c.status for c in check_folder(tmp_path, mini).slots}
    assert statuses == {"Victim": "damaged", "con": "damaged", "sp ace": "damaged"}
    assert _sums(tmp_path) == before


# -- item 24: a backup that is a hard link of its slot ------------------------------------------------------


def test_no_temp_file_leaks_when_the_backup_is_a_hard_link_of_the_slot(tmp_path, mini):
    store = SaveStore(tmp_path, mini)
    store.save("keep", play(mini, 2))
    os.link(store.path("keep"), store.backup_path("keep"))
    store.save("keep", play(mini, 3))
    store.save("keep", play(mini, 4))
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert store.load("keep").game.state.to_json() == play(mini, 4).state.to_json()


# -- item 25: distinct names, distinct files --------------------------------------------------------------


def test_distinct_slot_names_get_distinct_files_and_bidi_controls_are_stripped(tmp_path, mini):
    names = ["..", "/", "🎸🎸", "-", "*", "?", "save", "İstanbul", "Istanbul", "x" * 70, "x" * 71, "a:b", "a/b"]
    keys = [slot_key(n) for n in names]
    assert len(set(keys)) == len(names), dict(zip(names, keys, strict=True))
    assert slot_key("İstanbul").startswith("istanbul")
    store = SaveStore(tmp_path, mini)
    game = play(mini, 2)
    for name in names:
        store.save(name, game)
    assert len(list(tmp_path.glob("*.save.json"))) == len(names)
    info = store.save("evil\u202etxt.exe", game)
    assert info.display == "eviltxt.exe"
    assert all("\u202e" not in i.display for i in store.list_slots())
