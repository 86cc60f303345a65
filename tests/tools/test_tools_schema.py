"""`steppe schema`: generated from the models, committed, and accepting what the loader accepts."""

import json

from game.cli import main
from game.story.models import story_json_schema
from game.tools.schema import SCHEMA_PATH, schema, schema_text


def test_committed_schema_is_up_to_date():
    # If this fails: run `steppe schema -o game/story/story.schema.json` and commit the result.
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text()


def test_schema_comes_from_the_models():
    generated = schema()
    models = story_json_schema()
    assert set(generated["$defs"]) == set(models["$defs"])
    assert generated["properties"].keys() == models["properties"].keys()
    assert generated["$schema"].endswith("2020-12/schema")
    # The models forbid unknown keys, and so does the schema: editors flag `goot:` as you type.
    assert generated["$defs"]["Choice"]["additionalProperties"] is False


def test_pool_accepts_one_entry_or_a_list():
    # The loader takes `pool: {name: gigs}` as well as a list; an editor must not flag the common form.
    pool = schema()["$defs"]["Scene"]["properties"]["pool"]
    assert {"$ref": "#/$defs/PoolEntry"} in pool["anyOf"]
    assert any(branch.get("type") == "array" for branch in pool["anyOf"])


def test_cli_prints_and_writes_the_schema(tmp_path, capsys):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == schema()
    target = tmp_path / "story.schema.json"
    assert main(["schema", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == schema_text()


def test_cli_reports_an_unwritable_target(tmp_path, capsys):
    assert main(["schema", "-o", str(tmp_path / "no" / "such" / "dir" / "s.json")]) == 1
    assert "cannot write" in capsys.readouterr().err


def test_story_files_point_at_the_schema(fixtures):
    # Every fixture file carries the yaml-language-server line, with a relative path that really exists.
    for path in fixtures.rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target == SCHEMA_PATH, path


def test_bundled_story_files_point_at_the_schema():
    from game.story.bundled import bundled_story_dir

    for path in sorted(bundled_story_dir().rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), f"{path}: add the schema line first"
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target == SCHEMA_PATH, f"{path}: the schema line points at {target}"
