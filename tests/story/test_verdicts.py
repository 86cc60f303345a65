"""`steppe check` remembers its answer for an unchanged story, and never for a changed one."""

from __future__ import annotations

import pytest

import game.story.loader as loader
from game.cli import main
from game.story import cache
from tests.conftest import BASE_SCENES


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("STEPPE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("STEPPE_NO_CACHE", raising=False)
    cache.clear()
    yield tmp_path / "cache"
    cache.clear()


def _loads(monkeypatch) -> list[object]:
    """Count full loads from here on."""
    calls: list[object] = []
    real = loader.check_story

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(loader, "check_story", counted)
    return calls


BROKEN = BASE_SCENES.replace("goto: end", "goto: nowhere")  # the base story with one dangling goto


def test_an_unchanged_story_gets_the_same_answer_without_being_loaded(make_story, own_cache, monkeypatch, capsys):
    story = make_story({"scenes.yaml": BROKEN})
    loads = _loads(monkeypatch)
    assert main(["check", str(story)]) == 1
    first = capsys.readouterr().out
    assert "E301 no scene 'nowhere'" in first
    assert main(["check", str(story)]) == 1
    assert capsys.readouterr().out == first
    assert len(loads) == 1
    assert main(["check", str(story), "--format", "json"]) == 1
    assert '"errors": 1' in capsys.readouterr().out
    assert len(loads) == 1


def test_any_change_to_the_files_is_checked_again(make_story, own_cache, monkeypatch, capsys):
    story = make_story({"scenes.yaml": BROKEN})
    loads = _loads(monkeypatch)
    assert main(["check", str(story)]) == 1
    (story / "scenes.yaml").write_text(BROKEN.replace("nowhere", "end"), encoding="utf-8")
    assert main(["check", str(story)]) == 0
    assert "0 errors" in capsys.readouterr().out
    (story / "more.yaml").write_text("scenes: [}", encoding="utf-8")  # a new file, broken
    assert main(["check", str(story)]) == 1
    assert "more.yaml:1" in capsys.readouterr().out
    assert len(loads) == 3


def test_a_tampered_answer_is_not_believed(make_story, own_cache, monkeypatch, capsys):
    story = make_story({"scenes.yaml": BROKEN})
    assert main(["check", str(story)]) == 1
    table = next(own_cache.rglob("checks.table"))
    signature, _, body = table.read_bytes().partition(b"\n")
    table.write_bytes(signature + b"\n" + body.replace(b"nowhere", b"elsewhere"))
    loads = _loads(monkeypatch)
    capsys.readouterr()
    assert main(["check", str(story)]) == 1
    assert "nowhere" in capsys.readouterr().out and len(loads) == 1


def test_without_the_cache_every_check_loads(make_story, own_cache, monkeypatch, capsys):
    monkeypatch.setenv("STEPPE_NO_CACHE", "1")
    cache.clear()
    story = make_story({"scenes.yaml": BROKEN})
    loads = _loads(monkeypatch)
    assert main(["check", str(story)]) == 1
    assert main(["check", str(story)]) == 1
    assert len(loads) == 2
