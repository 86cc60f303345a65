"""The endings gallery: kept across playthroughs, written atomically, a damaged file kept and never deleted."""

from __future__ import annotations

import json

import pytest

from game.saves.gallery import GALLERY_FILE, Gallery, GalleryError


def test_endings_persist_across_playthroughs(tmp_path):
    gallery = Gallery(tmp_path)
    assert gallery.entries() == [] and gallery.damaged is None
    gallery.record("philharmonic", "The Philharmonic", "bakhyt", "Bakhyt")
    gallery.record("wedding_band", "The Wedding Band", "aigerim", "Aigerim")
    again = Gallery(tmp_path)
    assert [(e.ending_id, e.title, e.origin, e.name, e.count) for e in again.entries()] == [
        ("philharmonic", "The Philharmonic", "bakhyt", "Bakhyt", 1),
        ("wedding_band", "The Wedding Band", "aigerim", "Aigerim", 1),
    ]
    assert again.has("philharmonic") and not again.has("nope")


def test_reaching_an_ending_again_counts(tmp_path):
    Gallery(tmp_path).record("e", "E", "o", "N")
    entry = Gallery(tmp_path).record("e", "E", "o", "N")
    assert entry.count == 2 and entry.last >= entry.first
    assert len(Gallery(tmp_path).entries()) == 1


def test_file_is_indented_json_and_names_are_kept_literally(tmp_path):
    Gallery(tmp_path).record("e", "[b]E[/b]", "o", "Zh\x1b[2Jan")
    text = (tmp_path / GALLERY_FILE).read_text(encoding="utf-8")
    assert text.startswith("{\n  ")
    [entry] = json.loads(text)["endings"]
    assert entry["title"] == "[b]E[/b]" and entry["name"] == "Zh[2Jan"


@pytest.mark.parametrize(
    "content",
    [
        "",
        "{not json",
        "[1, 2]",
        '{"format": "steppe-to-stage gallery"}',
        '{"format": "steppe-to-stage gallery", "schema": 9, "endings": []}',
        '{"format": "steppe-to-stage gallery", "schema": 1, "endings": [{"ending": 3}]}',
    ],
)
def test_a_damaged_gallery_is_reported_kept_and_moved_aside_never_deleted(tmp_path, content):
    path = tmp_path / GALLERY_FILE
    path.write_text(content)
    gallery = Gallery(tmp_path)
    assert gallery.damaged is not None and gallery.entries() == []
    assert path.read_text() == content  # reading never changes it
    gallery.record("e", "E", "o", "N")
    [aside] = [p for p in tmp_path.iterdir() if p.name.startswith(f"{GALLERY_FILE}.damaged-")]
    assert aside.read_text() == content
    assert Gallery(tmp_path).damaged is None and len(Gallery(tmp_path).entries()) == 1


def test_write_failure_is_an_error_and_keeps_what_was_there(tmp_path, monkeypatch):
    gallery = Gallery(tmp_path)
    gallery.record("a", "A", "o", "N")
    before = (tmp_path / GALLERY_FILE).read_bytes()

    def refuse(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("game.saves.gallery.atomic_write", refuse)
    with pytest.raises(GalleryError, match="No space left"):
        gallery.record("b", "B", "o", "N")
    assert (tmp_path / GALLERY_FILE).read_bytes() == before
    assert [e.ending_id for e in gallery.entries()] == ["a"]


# -- the rule every interface shares: an ended playthrough enters the gallery once, a debug start never ---


def _ended_session(mini, seed: int = 3):
    from game.engine.session import Session

    session = Session.new(mini, "ana", "Zhan", seed=seed)
    for _ in range(60):  # play on (first choice each time) until the way to the ending opens
        ids = [c.id for c in session.game.view().choices if c.enabled]
        session.choose("finish" if "finish" in ids else ids[0], "The Dunes")
        if session.game.ended:
            break
    assert session.game.ended
    return session


def test_an_ending_enters_the_gallery_once_per_playthrough(tmp_path, mini):
    from game.engine.session import Session
    from game.saves.gallery import record_ending

    gallery = Gallery(tmp_path)
    session = _ended_session(mini)
    assert "1 of" in record_ending(gallery, session)
    record_ending(gallery, session)  # the ending screen shown again
    # Continue after the ending: the same playthrough loaded again (a new session, a new gallery reader).
    resumed = Session.from_game(mini, session.game)
    record_ending(Gallery(tmp_path), resumed)
    assert [e.count for e in Gallery(tmp_path).entries()] == [1]
    # Another playthrough reaching the same ending counts.
    record_ending(Gallery(tmp_path), _ended_session(mini, seed=4))
    assert [e.count for e in Gallery(tmp_path).entries()] == [2]


def test_a_debug_start_never_enters_the_gallery(tmp_path, mini):
    from game.engine.session import Session
    from game.saves.gallery import record_ending

    session = Session.debug(mini, "ana", "hub", {"week": "4"})
    session.choose("finish")
    assert record_ending(Gallery(tmp_path), session).startswith("Debug start")
    assert Gallery(tmp_path).entries() == [] and not (tmp_path / GALLERY_FILE).exists()


def test_a_gallery_written_before_the_rule_still_loads(tmp_path):
    Gallery(tmp_path).record("e", "E", "o", "N")
    data = json.loads((tmp_path / GALLERY_FILE).read_text(encoding="utf-8"))
    assert "playthroughs" not in data["endings"][0]
    entry = Gallery(tmp_path).record("e", "E", "o", "N", "abcd1234")
    assert entry.count == 2 and entry.playthroughs == ("abcd1234",)
