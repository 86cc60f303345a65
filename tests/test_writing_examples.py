"""Every ```yaml example in WRITING.md loads, and every diagnostic code is documented there.

Each block is classified by its shape and checked; a block of a shape this test does not know fails the
test (no example is skipped silently):

- a complete story (``story:``, ``origins:`` and ``scenes:``) loads on its own with no diagnostics at all;
- a story file fragment (``variables:``/``origins:``/``scenes:``, or a manifest ``story:``) is dropped into a
  small harness story and must load with no errors and no warnings other than "unreachable" (W601);
- a ``choices:`` block becomes the choices of a harness scene; an ``effects:`` block, a harness choice's;
- a block preceded by ``<!-- expect: CODE -->`` must produce that diagnostic.

Scenes and pools a fragment points at but does not define (``goto: philharmonic_yes``) are stubbed, since a
fragment by definition lives inside a bigger story; variables are not stubbed: the harness declares the
ones the guide uses, so a typo in an example still fails.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from game.story.bundled import bundled_story_dir
from game.story.diagnostics import CODES
from game.story.loader import check_story
from game.story.models import (
    Calendar,
    Chapter,
    Check,
    Choice,
    Effects,
    Ending,
    InputSpec,
    Origin,
    Outcome,
    PoolEntry,
    PoolRule,
    Scene,
    StoryFile,
    StoryInfo,
    Variable,
)
from game.story.yamlsrc import parse_yaml

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "WRITING.md"
BLOCK = re.compile(r"(?:<!--\s*(?P<note>[^>]*?)\s*-->\s*\n)?^```yaml\n(?P<body>.*?)^```", re.S | re.M)
FILE_KEYS = set(StoryFile.model_fields)

HARNESS_VARIABLES: dict[str, dict[str, Any]] = {
    "fame": {"type": "number", "initial": 0, "min": 0, "max": 100},
    "money": {"type": "number", "initial": 15000, "min": 0, "max": 100_000_000, "unit": "tenge"},
    "skill": {"type": "number", "initial": 10, "min": 0, "max": 100},
    "energy": {"type": "number", "initial": 70, "min": 0, "max": 100},
    "tradition": {"type": "number", "initial": 0, "min": -100, "max": 100},
    "advance": {"type": "number", "initial": 0, "min": 0, "max": 100_000_000},
    "city": {"type": "string", "initial": "Almaty"},
    "instrument": {"type": "string", "initial": "dombra"},
    "band_name": {"type": "string", "initial": ""},
    "met_scout": {"type": "flag"},
    "gigs_played": {"type": "counter"},
    "buzz": {"type": "number", "initial": 0, "min": 0, "max": 100},
    "share_360": {"type": "number", "initial": 0, "min": 0, "max": 100},
}


class Example:
    def __init__(self, index: int, line: int, body: str, note: str | None) -> None:
        self.index = index
        self.line = line
        self.body = body
        self.expect = None
        if note:
            match = re.fullmatch(r"expect:\s*([EW]\d{3})", note)
            assert match, f"WRITING.md:{line}: unknown note <!-- {note} -->"
            self.expect = match.group(1)

    def __repr__(self) -> str:
        return f"WRITING.md:{self.line}"


def _examples() -> list[Example]:
    text = GUIDE.read_text(encoding="utf-8")
    found = []
    for index, match in enumerate(BLOCK.finditer(text)):
        line = text.count("\n", 0, match.start("body"))
        found.append(Example(index, line, match.group("body"), match.group("note")))
    return found


EXAMPLES = _examples()


def _walk(data: Any):
    yield data
    if isinstance(data, dict):
        for value in data.values():
            yield from _walk(value)
    elif isinstance(data, list):
        for value in data:
            yield from _walk(value)


def _references(data: Any) -> tuple[set[str], set[str], dict[str, set[str]]]:
    """Scene ids, pool names and (scene -> choice ids) the fragment refers to."""
    scenes: set[str] = set()
    pools: set[str] = set()
    choices: dict[str, set[str]] = {}
    for node in _walk(data):
        if isinstance(node, dict):
            for key in ("goto", "start"):
                if isinstance(node.get(key), str) and node[key] != "$return":
                    scenes.add(node[key])
            for key in ("draw", "offer"):
                if isinstance(node.get(key), str):
                    pools.add(node[key])
        if isinstance(node, str):
            scenes.update(re.findall(r'visited\("(\w+)"\)', node))
            pools.update(re.findall(r'available\("(\w+)"\)', node))
            for scene, choice in re.findall(r'chose\("(\w+)",\s*"(\w+)"\)', node):
                scenes.add(scene)
                choices.setdefault(scene, set()).add(choice)
    return scenes, pools, choices


def _defined(data: Any) -> tuple[set[str], set[str], set[str]]:
    """Scene ids, pools joined and variables declared by the fragment."""
    scenes: set[str] = set()
    pools: set[str] = set()
    variables: set[str] = set()
    if isinstance(data, dict):
        variables.update(data.get("variables") or {})
        for scene in data.get("scenes") or []:
            scenes.add(scene["id"])
            entries = scene.get("pool") or []
            for entry in [entries] if isinstance(entries, dict) else entries:
                pools.add(entry["name"])
    return scenes, pools, variables


def _harness(fragment: Any, extra_scenes: list[dict[str, Any]] | None = None, stubs: bool = True) -> dict[str, Any]:
    """A story file completing ``fragment``: variables, an origin, an ending, and stubs for what it names."""
    extra_scenes = extra_scenes or []
    everything = {"fragment": fragment, "extra": extra_scenes} if stubs else {}
    wanted_scenes, wanted_pools, wanted_choices = _references(everything)
    defined_scenes, defined_pools, declared = _defined(fragment)
    extra_defined, extra_pools, _ = _defined({"scenes": extra_scenes})
    defined_scenes |= extra_defined
    defined_pools |= extra_pools
    scenes: list[dict[str, Any]] = [
        {
            "id": "harness_start",
            "title": "Start",
            "choices": [
                {"id": "finish", "text": "Finish", "goto": "harness_end"},
                *({"id": f"to_{i}", "text": "Go", "goto": scene["id"]} for i, scene in enumerate(extra_scenes)),
            ],
        },
        {"id": "harness_end", "title": "End", "ending": {"id": "harness_end", "title": "End"}},
        *extra_scenes,
    ]
    for scene_id in sorted(wanted_scenes - defined_scenes - {"harness_start", "harness_end"}):
        ids = sorted(wanted_choices.get(scene_id, set()) | {"stub_back"})
        scenes.append(
            {
                "id": scene_id,
                "title": scene_id,
                "choices": [{"id": c, "text": "Back", "goto": "harness_end"} for c in ids],
            }
        )
    for pool in sorted(wanted_pools - defined_pools):
        scenes.append(
            {
                "id": f"stub_pool_{pool}",
                "title": pool,
                "pool": {"name": pool},
                "choices": [
                    {"id": "back", "text": "Back", "goto": "$return"},
                    {"id": "end", "text": "End", "goto": "harness_end"},
                ],
            }
        )
    return {
        "variables": {k: v for k, v in HARNESS_VARIABLES.items() if k not in declared},
        "origins": [
            {
                "id": "harness",
                "name": "Harness",
                "home": "Almaty",
                "instrument": "dombra",
                "intro": "The test harness.",
                "start": "harness_start",
            }
        ],
        "scenes": scenes,
    }


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _load_fragment(tmp_path: Path, example: Example, data: Any) -> list:
    """Write the example (as a file, or wrapped) plus the harness into a story folder and check it."""
    folder = tmp_path / "story"
    folder.mkdir()
    # Dated, so fragments may use `year`, `season` and date windows, with the guide manifest's chapters.
    chapters = [{"id": "childhood", "title": "Childhood"}, {"id": "youth", "title": "Youth"}]
    manifest = {"story": {"id": "harness", "title": "Harness", "calendar": {"start_year": 1990}, "chapters": chapters}}
    if isinstance(data, dict) and set(data) <= FILE_KEYS:
        if "story" in data:
            (folder / "story.yaml").write_text(example.body, encoding="utf-8")
        else:
            (folder / "story.yaml").write_text(_dump(manifest), encoding="utf-8")
            (folder / "example.yaml").write_text(example.body, encoding="utf-8")
        (folder / "harness.yaml").write_text(_dump(_harness(data, stubs=not example.expect)), encoding="utf-8")
    elif isinstance(data, dict) and set(data) == {"choices"}:
        wrapped = {"id": "example_scene", "title": "Example", "choices": data["choices"]}
        harness = _harness(None, [wrapped], stubs=not example.expect)
        (folder / "story.yaml").write_text(_dump({**manifest, **harness}), encoding="utf-8")
    elif isinstance(data, dict) and set(data) == {"effects"}:
        wrapped = {
            "id": "example_scene",
            "title": "Example",
            "choices": [{"id": "example", "text": "Example", "effects": data["effects"], "goto": "harness_end"}],
        }
        harness = _harness(None, [wrapped], stubs=not example.expect)
        (folder / "story.yaml").write_text(_dump({**manifest, **harness}), encoding="utf-8")
    else:
        pytest.fail(f"{example}: an example of a shape this test does not know; teach the test, or reshape it")
    _story, diagnostics = check_story(folder)
    return diagnostics


def test_the_guide_has_examples():
    assert len(EXAMPLES) >= 20


@pytest.mark.parametrize("example", EXAMPLES, ids=repr)
def test_example(example: Example, tmp_path: Path):
    data = parse_yaml(example.body).data  # the game's own YAML reader: YAML 1.1, duplicate keys rejected
    complete = isinstance(data, dict) and {"story", "origins", "scenes"} <= set(data)
    if complete:
        (tmp_path / "story.yaml").write_text(example.body, encoding="utf-8")
        _story, diagnostics = check_story(tmp_path)
    else:
        diagnostics = _load_fragment(tmp_path, example, data)
    codes = {d.code for d in diagnostics}
    if example.expect:
        assert example.expect in codes, f"{example}: expected {example.expect}, got {sorted(codes)}"
        return
    allowed = set() if complete else {"W601"}
    unexpected = [str(d) for d in diagnostics if d.code not in allowed]
    assert not unexpected, f"{example}:\n" + "\n".join(unexpected)


def test_every_diagnostic_code_is_documented():
    text = GUIDE.read_text(encoding="utf-8")
    table = text[text.index("## Diagnostics") :]
    for code in CODES:
        row = re.search(rf"^\| {code} \| (.+?) \| (.+?) \| (.+?) \|$", table, re.M)
        assert row, f"{code} has no row (code | meaning | cause | fix) in WRITING.md's Diagnostics"
    documented = set(re.findall(r"^\| ([EW]\d{3}) \|", table, re.M))
    assert documented == set(CODES), f"documented but not in CODES: {sorted(documented - set(CODES))}"


def test_every_key_of_the_format_has_an_example():
    keys: set[str] = set()
    for example in EXAMPLES:
        for node in _walk(parse_yaml(example.body).data):
            if isinstance(node, dict):
                keys.update(node)
    models = (
        StoryFile,
        StoryInfo,
        Calendar,
        Variable,
        Origin,
        Scene,
        PoolEntry,
        Choice,
        Check,
        Outcome,
        InputSpec,
        Effects,
        Ending,
        Chapter,
        PoolRule,
    )
    # A field's key in YAML is its alias where it has one (`if:` and `else:` in effects).
    missing = {
        f"{model.__name__}.{name}"
        for model in models
        for name, info in model.model_fields.items()
        if (info.alias or name) not in keys
    }
    assert not missing, f"keys with no example in WRITING.md: {sorted(missing)}"


def _gig_example() -> Example:
    return next(e for e in EXAMPLES if "gig_night_market" in e.body)


def test_walkthrough_gig_schema_line_points_at_the_schema():
    first = _gig_example().body.splitlines()[0]
    target = ROOT / "stories" / "steppe" / "shared" / "work" / first.split("=", 1)[1]
    assert target.resolve() == ROOT / "game" / "story" / "story.schema.json"


def test_walkthrough_gig_drops_into_the_bundled_story(tmp_path: Path):
    source = bundled_story_dir()
    before, _ = check_story(source)
    if before is None:
        pytest.skip("the bundled story does not load yet; the walk-through gig is checked against the harness")
    story_dir = tmp_path / "steppe"
    shutil.copytree(source, story_dir)
    (story_dir / "shared" / "work" / "night_market.yaml").write_text(_gig_example().body, encoding="utf-8")
    story, diagnostics = check_story(story_dir)
    assert story is not None, "\n".join(str(d) for d in diagnostics if d.severity == "error")
    assert "gig_night_market" in {m.scene_id for m in story.pools["work"]}
    assert not [d for d in diagnostics if "night_market" in d.path]


def test_coverage_sample_output_is_current(capsys):
    from game.cli import main

    text = GUIDE.read_text(encoding="utf-8")
    match = re.search(r"^\$ steppe (playtest tests/tools/fixtures/cover [^\n]*)\n(.*?)^```", text, re.M | re.S)
    assert match, "the sample exhaustive playtest output is missing from WRITING.md"
    main(match.group(1).split())
    assert capsys.readouterr().out == match.group(2)


def _life_story(tmp_path: Path) -> Path:
    """The guide's "A life in chapters" story, written to a folder of its own."""
    example = next(e for e in EXAMPLES if "a-life-in-chapters" in e.body)
    folder = tmp_path / "life"
    folder.mkdir()
    (folder / "story.yaml").write_text(example.body, encoding="utf-8")
    return folder


def test_life_in_chapters_uses_every_new_feature(tmp_path: Path):
    body = (_life_story(tmp_path) / "story.yaml").read_text(encoding="utf-8")
    for feature in (
        "start_year:",
        "weeks_per_year:",
        "chapters:",
        "\nchapter:",
        "    chapter:",
        "birth_year:",
        "age:",
        "weeks:",
        "months:",
        "years:",
        "if:",
        "then:",
        "else:",
        "first_visit",
        "visits_here",
        "when_empty:",
        "cooldown:",
        "season: [",
        "from_year:",
        "until_year:",
        "once: true",
        "score:",
        "succeeded(",
        "cost: true",
        "{{ year }}",
        "{{ age }}",
    ):
        assert feature in body, f"the story in WRITING.md does not use {feature!r}"


def test_life_in_chapters_passes_check_strict_and_the_exhaustive_playtest(tmp_path: Path, capsys):
    from game.cli import main

    folder = str(_life_story(tmp_path))
    assert main(["check", folder, "--strict"]) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    assert "0 errors, 0 warnings" in out
    assert main(["playtest", folder, "--exhaustive"]) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    assert "Scenes never visited: 0" in out and "Choices never taken: 0" in out
    for ending in ("star", "teacher", "home"):
        assert f"  {ending} " in out, out
