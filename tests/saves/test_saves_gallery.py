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
