"""Peers side by side (``python -m benchmarks --peers``): ink (inkjs) and ChoiceScript on the same story.

Compile: the synthetic story (10,000 scenes) translated to one ink file and compiled by inkjs's own
compiler, against our ``check_story`` of the same YAML, cold (empty parse cache) and warm; process CPU
seconds around the work alone (no interpreter start-up on either side), and the whole processes too.
Play: random playthroughs of the 1,000-scene story, each picking uniformly among the choices it can take,
capped at 400 choices as our playtest is: our playtest as shipped and with every scene rendered, the
inkjs runtime (which always renders), and ChoiceScript's randomtest (which always renders) given a
checkout (``--choicescript DIR``). Each row's ratio is how many times ahead we are (peer's time ÷ ours,
or our rate ÷ the peer's). Anything that cannot run is skipped with the reason, never faked.

inkjs comes from the npm registry, installed once into ``~/.cache/steppe-bench`` (``STEPPE_BENCH_NODE_CACHE``
moves it), never into the repository. ChoiceScript is not on the registry: its needed files are copied from
the checkout into a temporary folder with the translated game, so the checkout is left untouched.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.common import PYTHON, Row, median, run_json
from benchmarks.peers.choicescript import GAME, write_game
from benchmarks.peers.ink import to_ink
from benchmarks.peers.source import MAX_TURNS, read_story

HERE = Path(__file__).resolve().parent
INKJS_VERSION = "2.4.0"
AHEAD = "ours ahead (>1×)"
# What randomtest.js loads from a ChoiceScript checkout (and nothing else of it is needed).
CS_FILES = ("randomtest.js", "headless.js", "seedrandom.js", "web/scene.js", "web/navigator.js", "web/util.js")


def node_cache() -> Path:
    return Path(os.environ.get("STEPPE_BENCH_NODE_CACHE") or Path.home() / ".cache" / "steppe-bench")


def ensure_inkjs(say: Any = print) -> str | None:
    """Install inkjs into the cache when missing; the reason it is unavailable, or None when it is there."""
    cache = node_cache()
    if (cache / "node_modules" / "inkjs" / "package.json").is_file():
        return None
    npm = shutil.which("npm")
    if npm is None:
        return f"inkjs is not installed in {cache} and npm is not on PATH to install it"
    say(f"[peers] installing inkjs {INKJS_VERSION} from the npm registry into {cache} (once; not in the repo)")
    cache.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--no-save", "--prefix", str(cache), f"inkjs@{INKJS_VERSION}"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0 or not (cache / "node_modules" / "inkjs").is_dir():
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        return f"npm install inkjs failed ({done.returncode}): {tail[0]}"
    return None


def child_run(args: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None) -> tuple[float, str]:
    """Run a whole process; (its CPU seconds, user + system, from the kernel's accounting; its stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(args, capture_output=True, text=True, cwd=cwd, env=env, timeout=1800, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(args[:3])}… failed ({done.returncode}):\n{done.stdout[-1500:]}\n{done.stderr[-1500:]}"
        )
    return seconds, done.stdout


def _last_json(text: str) -> dict[str, Any]:
    lines = [line for line in text.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"no JSON line in: {text[-500:]}")
    return json.loads(lines[-1])


def _node_env() -> dict[str, str]:
    return dict(os.environ, INKJS_DIR=str(node_cache()))


def compile_rows(root: Path, scenes: int, repeat: int, work: Path) -> list[Row]:
    ink_file = work / "story.ink"
    ink_file.write_text(to_ink(read_story(root)), encoding="utf-8")
    driver = str(HERE / "ink_driver.js")
    node = shutil.which("node") or "node"
    ink_in, ink_whole, cold, warm, cold_whole, warm_whole = [], [], [], [], [], []
    steppe = str(Path(PYTHON).parent / "steppe")
    for _ in range(repeat):
        whole, out = child_run([node, driver, "compile", str(ink_file), str(work / "story.json")], env=_node_env())
        found = _last_json(out)
        if found["errors"]:
            raise RuntimeError(f"inkjs did not compile the translation: {found['errors'][:3]}")
        ink_in.append(found["seconds"])
        ink_whole.append(whole)
        cache = work / "parse-cache"
        shutil.rmtree(cache, ignore_errors=True)
        env = {"STEPPE_CACHE_DIR": str(cache)}
        cold.append(run_json(["-m", "benchmarks.load_worker", "check", str(root)], env=env)["seconds"])
        warm.append(run_json(["-m", "benchmarks.load_worker", "check", str(root)], env=env)["seconds"])
        shutil.rmtree(cache, ignore_errors=True)
        full_env = dict(os.environ, **env)
        cold_whole.append(child_run([steppe, "check", str(root)], env=full_env)[0])
        warm_whole.append(child_run([steppe, "check", str(root)], env=full_env)[0])
    size = ink_file.stat().st_size / 1e6
    what = f"{scenes:,} scenes ({size:.1f} MB of ink); CPU s, median of {repeat}"
    ink_s, ink_w = median(ink_in), median(ink_whole)
    return [
        Row("peers", "ink: inkjs compile (in process)", ink_s, "s", note=what),
        Row(
            "peers", "ink: inkjs compile ÷ our cold check_story", ink_s, "s", median(cold), AHEAD, ink_s > median(cold)
        ),
        Row(
            "peers", "ink: inkjs compile ÷ our warm check_story", ink_s, "s", median(warm), AHEAD, ink_s > median(warm)
        ),
        Row(
            "peers",
            "ink: whole node process ÷ whole `steppe check`, cold",
            ink_w,
            "s",
            median(cold_whole),
            AHEAD,
            ink_w > median(cold_whole),
            "process CPU incl. start-up and imports",
        ),
        Row(
            "peers",
            "ink: whole node process ÷ whole `steppe check`, warm",
            ink_w,
            "s",
            median(warm_whole),
            AHEAD,
            ink_w > median(warm_whole),
        ),
    ]


def ours_play(root: Path, runs: int, repeat: int, mode: str) -> dict[str, Any]:
    """Best of ``repeat`` (CPU time), each in a fresh interpreter."""
    found = [run_json(["-m", "benchmarks.peers.play_worker", str(root), str(runs), mode]) for _ in range(repeat)]
    return min(found, key=lambda f: f["seconds"])


def ink_play(root: Path, runs: int, repeat: int, work: Path) -> dict[str, Any]:
    story = read_story(root)
    ink_file = work / "play.ink"
    ink_file.write_text(to_ink(story), encoding="utf-8")
    driver = str(HERE / "ink_driver.js")
    node = shutil.which("node") or "node"
    _, out = child_run([node, driver, "compile", str(ink_file), str(work / "play.json")], env=_node_env())
    if _last_json(out)["errors"]:
        raise RuntimeError(f"inkjs did not compile the translation: {_last_json(out)['errors'][:3]}")
    origins = ",".join(sorted(o for o, _, _ in story.origins))
    found = []
    for _ in range(repeat):
        _, out = child_run(
            [node, driver, "play", str(work / "play.json"), str(runs), origins, str(MAX_TURNS)], env=_node_env()
        )
        found.append(_last_json(out))
    return min(found, key=lambda f: f["seconds"])


def lay_out_game(checkout: Path, root: Path, work: Path) -> Path:
    """A folder with randomtest.js and what it loads, copied from the checkout, and the translated game."""
    missing = [f for f in CS_FILES if not (checkout / f).is_file()]
    if missing:
        raise FileNotFoundError(f"{checkout} is not a ChoiceScript checkout (missing {', '.join(missing)})")
    game = work / "choicescript"
    for name in CS_FILES:
        (game / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(checkout / name, game / name)
    write_game(read_story(root), game / "web" / GAME / "scenes")
    return game


def choicescript_play(checkout: Path, root: Path, runs: int, repeat: int, work: Path) -> dict[str, Any]:
    """randomtest's marginal cost per run: CPU of N runs minus CPU of N/10, so loading is not counted."""
    game = lay_out_game(checkout, root, work)
    node = shutil.which("node") or "node"
    common = ["showCoverage=false", "avoidUsedOptions=false", f"game={GAME}", "seed=0"]

    def randomtest(n: int, choices: bool = False) -> tuple[float, str]:
        seconds, out = child_run(
            [node, "randomtest.js", f"num={n}", *common, f"showChoices={str(choices).lower()}"], cwd=game
        )
        if "RANDOMTEST PASSED" not in out:
            raise RuntimeError(f"randomtest did not pass: {out[-800:]}")
        return seconds, out

    small = max(1, runs // 10)
    marginal = []
    for _ in range(repeat):
        many, _ = randomtest(runs)
        few, _ = randomtest(small)
        marginal.append((many - few) / (runs - small))
    # One untimed run with the choices logged: how long its runs are, to check the translation plays alike.
    _, log = randomtest(min(runs, 200), choices=True)
    per_run: list[int] = []
    for line in log.splitlines():
        if line.startswith("*****Seed"):
            per_run.append(0)
        elif " *choice " in line and per_run:
            per_run[-1] += 1
    per_run.sort()
    return {
        "seconds_per_run": min(marginal),
        "median_choices": per_run[len(per_run) // 2],
        "loops": sum(1 for n in per_run if n >= MAX_TURNS),
        "checked_runs": len(per_run),
    }


def run(quick: bool, repeat: int, choicescript: str | None, skipped: list[str], say: Any = print) -> list[Row]:
    from benchmarks.bench_load import story_dir

    if shutil.which("node") is None:
        skipped.append("peers: node is not on PATH, so ink (inkjs) and ChoiceScript were not run")
        return []
    rows: list[Row] = []
    compile_scenes, play_scenes = (200, 120) if quick else (10_000, 1_000)
    runs = 10 if quick else 400
    repeat = min(repeat, 2)  # the peers are slow: two runs each keep the whole set within ten minutes
    work = Path(tempfile.mkdtemp(prefix="steppe-bench-peers-"))
    try:
        play_root = story_dir(play_scenes)
        ours = ours_play(play_root, runs, repeat, "shipped")
        our_rate = runs / ours["seconds"]
        our_all = runs / ours_play(play_root, runs, repeat, "rendered")["seconds"]
        play_note = (
            f"{play_scenes:,} scenes, {runs} runs; ours: median {ours['median_choices']} choices a run, "
            f"{ours['loops']} at the {MAX_TURNS}-choice cap"
        )
        rows.append(Row("peers", "ours: random playthroughs (playtest as shipped)", our_rate, "runs/s", note=play_note))
        rows.append(Row("peers", "ours: random playthroughs, every scene rendered", our_all, "runs/s"))
        reason = ensure_inkjs(say)
        if reason is not None:
            skipped.append(f"peers: ink skipped: {reason}")
        else:
            rows += compile_rows(story_dir(compile_scenes), compile_scenes, repeat, work)
            ink = ink_play(play_root, runs, repeat, work)
            ink_rate = runs / ink["seconds"]
            note = f"inkjs: median {ink['median_choices']} choices a run, {ink['loops']} at the cap"
            rows.append(
                Row(
                    "peers",
                    "ink: our playtest ÷ inkjs runtime",
                    our_rate,
                    "runs/s",
                    ink_rate,
                    AHEAD,
                    our_rate > ink_rate,
                    note,
                )
            )
            rows.append(
                Row(
                    "peers",
                    "ink: ours every scene rendered ÷ inkjs",
                    our_all,
                    "runs/s",
                    ink_rate,
                    AHEAD,
                    our_all > ink_rate,
                )
            )
        if choicescript is None:
            skipped.append(
                "peers: ChoiceScript skipped: it is not on the npm registry; pass --choicescript DIR "
                "(a checkout of dfabulich/choicescript) to run its randomtest"
            )
        else:
            try:
                cs = choicescript_play(Path(choicescript), play_root, runs, repeat, work)
            except FileNotFoundError as err:
                skipped.append(f"peers: ChoiceScript skipped: {err}")
            else:
                cs_rate = 1 / cs["seconds_per_run"]
                note = (
                    f"randomtest: marginal CPU per run (N minus N/10 runs); median {cs['median_choices']} choices "
                    f"a run, {cs['loops']} of {cs['checked_runs']} at the cap"
                )
                rows.append(
                    Row(
                        "peers",
                        "ChoiceScript: our playtest ÷ randomtest",
                        our_rate,
                        "runs/s",
                        cs_rate,
                        AHEAD,
                        our_rate > cs_rate,
                        note,
                    )
                )
                rows.append(
                    Row(
                        "peers",
                        "ChoiceScript: ours every scene rendered ÷ randomtest",
                        our_all,
                        "runs/s",
                        cs_rate,
                        AHEAD,
                        our_all > cs_rate,
                    )
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rows
