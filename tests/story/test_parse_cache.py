"""The parse cache: a story read from the disk cache gives exactly what a fresh parse gives, and the cache
trusts nothing it reads (a damaged, foreign or loosely permitted entry is ignored and the file parsed)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from game.story import cache
from game.story.expressions import compile_expression, compile_tuple, function_table
from game.story.loader import check_story

MINI = Path(__file__).resolve().parent.parent / "fixtures" / "mini"

# A story with warnings and errors found after parsing, deep in the files: their positions must survive.
EXTRA = """\
scenes:
  - id: extra
    title: Extra
    text: |
      Fine.
    choices:
      - id: go
        text: Go
        effects: {set: {band_name: no}}
        goto: nowhere
      - id: bad
        text: "{{ fame | money }} and {{ nobody }}"
        goto: hub
"""


@pytest.fixture
def disk_cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("STEPPE_CACHE_DIR", str(folder))
    monkeypatch.delenv("STEPPE_NO_CACHE", raising=False)
    cache.clear()
    yield folder / f"parse-v{cache.VERSION}"
    cache.clear()


def _story(tmp_path: Path) -> Path:
    root = tmp_path / "story"
    shutil.copytree(MINI, root)
    (root / "extra.yaml").write_text(EXTRA, encoding="utf-8")
    return root


def _load_twice(root: Path) -> tuple[list[str], list[str]]:
    cache.clear()
    _, cold = check_story(root)
    cache.clear()  # forget the memory layer: the second load reads the disk
    _, warm = check_story(root)
    return [str(d) for d in cold], [str(d) for d in warm]


def test_warm_load_matches_cold_load_exactly(tmp_path, disk_cache):
    root = _story(tmp_path)
    cold, warm = _load_twice(root)
    assert any("E301" in d for d in cold) and any("E502" in d for d in cold) and any("W603" in d for d in cold)
    assert warm == cold
    assert len(list(disk_cache.glob("*.json"))) == 2


def test_cache_folder_is_private(tmp_path, disk_cache):
    check_story(_story(tmp_path))
    assert disk_cache.stat().st_mode & 0o777 == 0o700
    for entry in disk_cache.glob("*.json"):
        assert entry.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("damage", ["garbage", "body", "digest", "permissions", "symlink"])
def test_damaged_entries_are_ignored(tmp_path, disk_cache, damage):
    root = _story(tmp_path)
    cache.clear()
    _, expected = check_story(root)
    for entry in disk_cache.glob("*.json"):
        raw = entry.read_bytes()
        if damage == "garbage":
            entry.write_bytes(b"\x80not json")
        elif damage == "body":  # the data changed but the checksum did not
            entry.write_bytes(raw.replace(b"Hub", b"Bug"))
        elif damage == "digest":  # a valid entry filed under another file's digest
            entry.write_bytes(raw.replace(entry.stem.encode(), b"0" * 64))
        elif damage == "permissions":
            entry.write_bytes(raw.replace(b"Hub", b"Bug"))
            os.chmod(entry, 0o666)
        else:
            other = tmp_path / entry.name
            other.write_bytes(raw)
            entry.unlink()
            entry.symlink_to(other)
    cache.clear()
    _, again = check_story(root)
    assert [str(d) for d in again] == [str(d) for d in expected]
    story, _ = check_story(MINI)
    assert story is not None and story.scenes["hub"].title.source == "Hub"


def test_a_folder_others_can_write_is_not_used(tmp_path, disk_cache):
    disk_cache.mkdir(parents=True)
    os.chmod(disk_cache, 0o777)
    check_story(_story(tmp_path))
    assert list(disk_cache.iterdir()) == []


def test_the_disk_layer_can_be_turned_off(tmp_path, disk_cache, monkeypatch):
    monkeypatch.setenv("STEPPE_NO_CACHE", "1")
    cache.clear()
    check_story(_story(tmp_path))
    assert not disk_cache.exists()


def test_unknown_filter_is_a_diagnostic_not_a_crash(tmp_path, monkeypatch):
    monkeypatch.setenv("STEPPE_NO_CACHE", "1")
    root = tmp_path / "story"
    shutil.copytree(MINI, root)
    manifest = root / "story.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("money | money", "money | nosuch"), encoding="utf-8"
    )
    story, diagnostics = check_story(root)
    assert story is None
    assert [d.code for d in diagnostics] == ["E501"]
    assert "No filter named 'nosuch'" in diagnostics[0].message


def test_repeated_template_text_still_checks_names_per_story(tmp_path, monkeypatch):
    monkeypatch.setenv("STEPPE_NO_CACHE", "1")
    story, diagnostics = check_story(MINI)
    assert story is not None and not diagnostics
    root = tmp_path / "story"
    shutil.copytree(MINI, root)
    manifest = root / "story.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("  gigs: {type: counter, label: Gigs}\n", ""), encoding="utf-8"
    )
    _, diagnostics = check_story(root)
    assert "E502" in {d.code for d in diagnostics}  # "Fin. {{ gigs }} gigs." reads an undeclared name now


def test_compile_tuple_gives_each_expression_its_own_value():
    known = {"fame", "city"}
    exprs = [compile_expression(s, known) for s in ("fame >= 30", "city == 'Paris' or true", "not false")]
    env = function_table()
    namespace = {"fame": 40, "city": "Almaty"}
    combined = eval(compile_tuple([*exprs, None]), env, namespace)
    assert combined == (*(e.evaluate(namespace, env) for e in exprs), True)
