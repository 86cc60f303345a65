"""A seeded mutation fuzzer over the bundled story (issue 17): whatever a story file becomes, `steppe check`
ends with exit 0 or 1 and one-line ``file:line:col: CODE message`` diagnostics, within a time limit; and a
story it accepts shows its first scenes (or refuses with a reason) within the limit too.

Each case takes one file of the bundled story, mutates it (byte flips, deleted and swapped lines,
indentation, renamed keys, swapped types, huge strings and numbers, control characters, non-UTF-8,
template and YAML bombs), and checks a folder holding the manifest and that file; every
``WHOLE_EVERY``-th case (``WHOLE_EVERY_QUICK``-th in the normal suite) checks the whole story with the
file mutated instead (ten times slower, but the only way a mutated story can load and be played). `check`
runs in-process for speed, through
``game.cli.main`` so the exit code is the command's own.

The normal suite runs ``FUZZ_CASES`` cases (a few seconds); more run with ``-m fuzz`` (``FUZZ_MORE_CASES``)
or with ``STEPPE_FUZZ_CASES=N`` (and ``STEPPE_FUZZ_SEED=S`` to start elsewhere). A failure names the seed
that reproduces it: ``STEPPE_FUZZ_SEED=<seed> STEPPE_FUZZ_CASES=1``.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hostilehelp import BUNDLED, within

from game import cli
from game.engine.debug import DebugError, jump
from game.engine.game import EngineError, Game
from game.story import cache
from game.story.loader import check_story

FUZZ_CASES = 120
FUZZ_MORE_CASES = 5000
WHOLE_EVERY = 10  # the long run: every tenth case mutates a file inside the whole bundled story
WHOLE_EVERY_QUICK = 40  # the suite's run (a whole second-edition story takes about a second to check)
TIME_LIMIT = 10.0  # seconds for one case's check (and first views); a normal case takes ~40 ms
DIAGNOSTIC = re.compile(r"^(?P<path>[^\n]+):(?P<line>\d+):(?P<col>\d+): (?P<code>[EW]\d{3}) [^\n]*$")
SOURCES = sorted(BUNDLED.rglob("*.yaml"))
MANIFEST = BUNDLED / "story.yaml"

# -- mutations: each takes the file's bytes and a seeded generator, and returns new bytes ------------------

HUGE = [
    "9" * 5000,
    "-" + "9" * 4400,
    "0x" + "f" * 5000,
    "1e400",
    ".nan",
    ".inf",
    "-.inf",
    "1" * 20,
    '"' + "x" * 1_000_000 + '"',
    "'{{ \"x\" * 10**9 }}'",
    "'{% for i in [1] %}{{ \"x\" * 10**9 }}{% endfor %}'",
    "'{{ 9999999**9999999 }}'",
    "'{{ \"%01000000000d\" % 1 }}'",
    "'{{ fame.__class__ }}'",
    "\"{% include 'x' %}\"",
    "'{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}'",
    '"{{ 1 // 0 }}"',
    '"\\0"',
    '"\\e]0;PWNED\\a\\e[2J"',
]
VALUES = ["[]", "{}", "true", "no", "null", "-1", "0", "3.5", "1e309", '"x"', "[1, 2]", "{a: 1}", "''", "~", "*a"]
KEYS = ["id", "goto", "text", "title", "when", "effects", "choices", "scenes", "add", "set", "pool", "check", "x"]
YAML_BOMBS = [
    "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
    "[" * 2000,
    "{" * 100 + "}" * 100,
    "!!python/object/apply:os.system [echo hi]\n",
    "<<: {a: 1}\n",
    "? [a]\n: b\n",
    "%YAML 1.1\n---\na: 1\n---\nb: 2\n",
    "\t- tab\n",
]


# Text that loads (the names are the bundled story's) but asks for huge or failing values when shown.
SHOWN_BOMBS = [
    "'{{ (fame + 2) ** 99999999 }}'",
    "'{{ name * 2000000000 }}'",
    "'{{ \"%0100000000d\" % fame }}'",
    "'{{ 1 // (fame - fame) }}'",
    "'{{ fame }} {{ money | money }} {{ name | upper }}'",
    "'{% for a in name %}{% for b in name %}{{ name * 500 }}{% endfor %}{% endfor %}'",
    "'{{ \"\\u202e\" ~ name }}'",
    "'" + "x" * 200_000 + "'",
]


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def byte_flips(data: bytes, rng: random.Random) -> bytes:
    raw = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if raw:
            raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
    return bytes(raw)


def delete_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    for _ in range(rng.randint(1, 4)):
        if len(lines) > 1:
            del lines[rng.randrange(len(lines))]
    return b"\n".join(lines)


def swap_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    if len(lines) > 1:
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


def indentation(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    i = rng.randrange(len(lines))
    change = rng.choice([b"  ", b" ", b"\t", b"    ", b""])
    lines[i] = change + lines[i] if change else lines[i].lstrip()
    return b"\n".join(lines)


def rename_key(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8")
    keys = list(re.finditer(r"(?m)^(\s*-?\s*)([a-z_]+):", text))
    if not keys:
        return data
    match = rng.choice(keys)
    new = rng.choice([*KEYS, match.group(2)[::-1], match.group(2) + "s", match.group(2).upper()])
    return (text[: match.start(2)] + new + text[match.end(2) :]).encode("utf-8")


def swap_type(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8")
    values = list(re.finditer(r"(?m):[ ]+([^\s#|>][^\n#]*)$", text))
    if not values:
        return data
    match = rng.choice(values)
    new = rng.choice(VALUES + HUGE) if rng.random() < 0.5 else rng.choice(VALUES)
    return (text[: match.start(1)] + new + text[match.end(1) :]).encode("utf-8")


def huge_value(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8")
    values = list(re.finditer(r"(?m):[ ]+([^\s#|>][^\n#]*)$", text))
    if not values:
        return data
    match = rng.choice(values)
    return (text[: match.start(1)] + rng.choice(HUGE) + text[match.end(1) :]).encode("utf-8")


def control_characters(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8")
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(text) + 1)
        char = chr(rng.choice([*range(32), 127, 0x85, 0x202E, 0x2028, 0xFEFF, 0xFFFE]))
        text = text[:at] + char + text[at:]
    return text.encode("utf-8", "surrogatepass")


def non_utf8(data: bytes, rng: random.Random) -> bytes:
    choice = rng.randrange(4)
    if choice == 0:
        at = rng.randrange(len(data) + 1)
        return data[:at] + rng.choice([b"\xff", b"\xfe\xff", b"\xc3", b"\xed\xa0\x80", b"\x80"]) + data[at:]
    if choice == 1:
        return data.decode("utf-8").encode("utf-16")
    if choice == 2:
        return data.decode("utf-8").encode("cp1251", "replace")
    return b"\x00" * rng.randint(1, 64) + data


def yaml_bomb(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    at = rng.randrange(len(lines) + 1)
    return b"\n".join([*lines[:at], rng.choice(YAML_BOMBS).encode("utf-8"), *lines[at:]])


def text_bomb(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8")
    values = list(re.finditer(r"(?m)^\s*(?:-\s*)?(?:title|text|teaser): +([^\s|>][^\n]*)$", text))
    if not values:
        return data
    match = rng.choice(values)
    return (text[: match.start(1)] + rng.choice(SHOWN_BOMBS) + text[match.end(1) :]).encode("utf-8")


MUTATIONS: list[Callable[[bytes, random.Random], bytes]] = [
    text_bomb,
    byte_flips,
    delete_lines,
    swap_lines,
    indentation,
    rename_key,
    swap_type,
    huge_value,
    control_characters,
    non_utf8,
    yaml_bomb,
]


# -- one case -----------------------------------------------------------------------------------------------


def mutate(seed: int) -> tuple[Path, bytes, list[str]]:
    """The file a case mutates, its mutated bytes, and the mutations applied (for the failure message).

    A whole-story case mutates text values only, half the time: the mutated story then often loads, and
    its scenes are shown."""
    rng = random.Random(seed)
    source = rng.choice(SOURCES)
    data = source.read_bytes()
    applied = []
    gentle = seed % WHOLE_EVERY == 0 and rng.random() < 0.5
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        mutation = text_bomb if gentle else rng.choice(MUTATIONS)
        try:
            data = mutation(data, rng)
        except UnicodeDecodeError:  # an earlier mutation left bytes a text mutation cannot read: skip it
            continue
        applied.append(mutation.__name__)
    return source, data, applied


def run_case(seed: int, scratch: Path, whole: Path, whole_every: int = WHOLE_EVERY) -> bool:
    """One case; ``scratch`` is a folder to fill, ``whole`` a copy of the bundled story (restored after).
    Returns whether the mutated story was accepted."""
    source, data, applied = mutate(seed)
    where = f"seed {seed}: {source.relative_to(BUNDLED)} after {', '.join(applied)}"
    if seed % whole_every == 0:
        folder = whole
        target = whole / source.relative_to(BUNDLED)
    else:
        folder = scratch
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        target = folder / source.relative_to(BUNDLED)
        target.parent.mkdir(parents=True, exist_ok=True)
        if source != MANIFEST:
            shutil.copy(MANIFEST, folder / "story.yaml")
    target.write_bytes(data)
    try:
        return _check_case(folder, target, seed, where)
    finally:
        if folder == whole:
            target.write_bytes(source.read_bytes())


def _check_case(folder: Path, target: Path, seed: int, where: str) -> bool:
    def check() -> tuple[int, str]:
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = cli.main(["check", str(folder)])
        return code, out.getvalue()

    started = time.perf_counter()
    code, output = within(TIME_LIMIT, check)
    assert code in (0, 1), f"{where}: exit {code}\n{output[-2000:]}"
    assert "Traceback" not in output, f"{where}:\n{output[-2000:]}"
    diagnostics = [line for line in output.splitlines() if DIAGNOSTIC.match(line)]
    if code == 1:
        assert diagnostics, f"{where}: exit 1 without a file:line:col diagnostic\n{output[-2000:]}"
    for line in output.splitlines():
        assert "\x1b" not in line and len(line) < 2000, f"{where}: unsafe output line {line[:200]!r}"
    for line in diagnostics:
        match = DIAGNOSTIC.match(line)
        assert match and int(match["line"]) >= 1 and int(match["col"]) >= 1, f"{where}: {line[:200]}"
    if code == 0:  # accepted: its scenes must show, or refuse with a reason, in bounded time too
        story, _ = check_story(folder)
        assert story is not None, where
        origin = next(iter(story.origins))
        shown = [o.start for o in story.origins.values()]
        shown += [sid for sid, scene in story.scenes.items() if Path(scene.file).name == target.name]

        def show(scene_id: str) -> None:
            game = Game.start(story, origin, seed)
            try:
                jump(game, scene_id)
                game.view()
            except (EngineError, DebugError) as err:
                assert str(err).strip(), f"{where}: an empty reason"

        for scene_id in shown:
            within(TIME_LIMIT, lambda scene_id=scene_id: show(scene_id))
    assert time.perf_counter() - started < TIME_LIMIT, where
    return code == 0


@pytest.fixture
def no_disk_cache(monkeypatch):
    monkeypatch.setenv("STEPPE_NO_CACHE", "1")  # thousands of one-off files: keep them out of the disk cache
    cache.clear()
    yield
    cache.clear()


def _cases(default: int) -> range:
    count = int(os.environ.get("STEPPE_FUZZ_CASES", default))
    start = int(os.environ.get("STEPPE_FUZZ_SEED", 0))
    return range(start, start + count)


def _run(cases: range, tmp_path: Path, whole_every: int = WHOLE_EVERY) -> None:
    whole = tmp_path / "whole"
    shutil.copytree(BUNDLED, whole)
    started = time.perf_counter()
    accepted = sum(run_case(seed, tmp_path / "story", whole, whole_every) for seed in cases)
    elapsed = time.perf_counter() - started
    print(f"\nfuzz: {len(cases)} cases in {elapsed:.1f} s ({accepted} accepted and shown)")


def test_fuzzed_bundled_story_always_gets_an_answer(tmp_path, no_disk_cache):
    _run(_cases(FUZZ_CASES), tmp_path, WHOLE_EVERY_QUICK)


@pytest.mark.fuzz
def test_fuzzed_bundled_story_many_more_cases(tmp_path, no_disk_cache, request):
    if "fuzz" not in (request.config.getoption("markexpr") or "") and "STEPPE_FUZZ_CASES" not in os.environ:
        pytest.skip("the long fuzz run: select it with -m fuzz (or set STEPPE_FUZZ_CASES)")
    _run(range(100_000, 100_000 + int(os.environ.get("STEPPE_FUZZ_CASES", FUZZ_MORE_CASES))), tmp_path)


def test_every_mutation_changes_the_file():
    """The fuzzer is not a no-op: each mutation, on some seed, gives bytes unlike the original."""
    data = MANIFEST.read_bytes()
    for mutation in MUTATIONS:
        assert any(mutation(data, random.Random(seed)) != data for seed in range(20)), mutation.__name__
