"""The bundled story's targets of issue 12, measured (``python -m benchmarks.story_metrics``).

Every figure follows the definitions of the design note (``stories/steppe/README.md`` §8) and uses only
the engine's public API: a *random run* chooses uniformly among the enabled choices (the playtest's rule);
its *rendered text* is every entered scene's ``view().text`` plus every choice's ``outcome_text``; a
*paragraph* is a blank-line-separated block of that text with at least eight words.

Static checks read the story's YAML through the loader: words of prose per folder, scene entry effects
that give energy, text that says time passed when the choices into it move none, and the names and
objects that belong to one musician's life found in another's text (by parsing each template with
Jinja2 and following ``origin == "…"`` branches, not by regular expressions).

Prints a markdown table (target · first edition · now · met?), the ending distribution and the beat
table; with ``--write`` also ``benchmarks/results/story.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes

from game.engine.game import Game
from game.engine.playtest import WORD, count_words
from game.story.bundled import bundled_story_dir
from game.story.compiled import EffectsSpec, Story
from game.story.loader import load_story

MAX_TURNS = 400
RESULTS = Path(__file__).parent / "results" / "story.json"
ORIGINS = ("almasbek", "bakhyt", "beq", "roberto", "liepins")

# The first edition (main at c30b416), measured by this script: 1,000 runs per musician, 200 for the
# overlap (the ending shares are in benchmarks/RESULTS.md).
BEFORE = {
    "story_words": "60,921",
    "run_words": "6,827–8,179",
    "repeat_share": "30.7–37.9 %",
    "max_scene_visits": "23–24 (career_hub)",
    "cross_overlap": "62.8–74.8 %",
    "endings_reached": "14",
    "largest_ending": "56.7 % (The Teacher)",
    "endings_under_half_percent": "5",
}

# What belongs to one life only (design note §9, "never outside this life", and the casts of §3.2).
# Found in a shared file outside that musician's `origin ==` branch, or in another musician's folder,
# it is a leak. Generic words (apa, ata, aga) are left out: they are kinship words every life uses.
OWN: dict[str, tuple[str, ...]] = {
    "almasbek": (
        "flat 41",
        "Serikbai",
        "Sandugash",
        "Tilek",
        "Talas",
        "Mr Rao",
        "Venkatesh",
        "Abenova",
        "green cardigan",
        "walking downhill",
        "walks downhill",
        "kutum",
        "Zhandos",
        "Chynara",
    ),
    "bakhyt": (
        "wardrobe mirror",
        "Gulnar apai",
        "Aigerim",
        "Balzhan",
        "believe in yourself, balam",
        "Ospan",
        "Zhalagash",
        "Beibut",
        "Saule",
        "Samal",
        "Zarina",
        "Arman Iskakov",
        "forty chairs",
        "our own Paganini",
        "Amantai",
        "Zhumabek",
        "Dilnaz",
    ),
    "beq": (
        "Altyn Saz",
        "Ermek",
        "Auntie Roza",
        "Kairat-aga",
        "Uncle Marat",
        "Ananya",
        "Arsen",
        "Aika",
        "Zhenya",
        "Podval",
        "Zhar-zhar Road",
        "The Dunes",
        "Kazakh Horizon",
        "Madi",
        "Aruzhan",
        "Ulpan",
        "Levan",
        "Kulyash",
        "Yesengeldi",
        "Zhaksylyk",
        "Moldir",
    ),
    "roberto": (
        "Barakholka",
        "marshrutka",
        "Lidia Pavlovna",
        "Galiya Sultanovna",
        "earrings",
        "Uncle Oral",
        "Vecherny Almaty",
        "Sirtak",
        "Salle Cortot",
        "Claire Vasseur",
        "Mayra",
        "Talgat",
        "Alikhan",
        "Gennady",
        "Meruyert",
        "Inkar",
        "Robertino",
        "tyre-shop",
    ),
    "liepins": (
        "Amangeldi",
        "Sholpan",
        "bone glue",
        "box of air",
        "playing dust",
        "Bibigul",
        "Yerassyl",
        "Kamshat",
        "Dias",
        "Sabyr",
        "Tomiris",
        "Chidi",
        "talking drum",
        "Janis",
        "Aizhan",
        "Ingrid Solheim",
        "Marzhan",
        "Saniya",
    ),
}

# Beat → scene id, one row per beat of the design note's §2 (spine beats marked).
BEATS: list[tuple[str, str, str, bool]] = [
    # Almasbek: the biography's festival, the concert hall and the executive, the fusion, the world
    ("almasbek", "grandfather the instrument maker, mother the singer", "alm_workshop", True),
    ("almasbek", "the komuz and the tanpura", "alm_tanpura", True),
    ("almasbek", "festivals and concerts around the city", "alm_tengri_stage", False),
    ("almasbek", "local music enthusiasts", "alm_enthusiasts", False),
    ("almasbek", "the annual Astana Music Festival", "astana_festival_invite", True),
    ("almasbek", "a concert hall in Almaty", "alm_concert_hall", True),
    ("almasbek", "the executive's contract on the spot", "deal_major_offer", True),
    ("almasbek", "the debut album", "alm_album_out", False),
    ("almasbek", "sold-out shows around the world", "alm_world_first", False),
    ("almasbek", "humble and true to his roots", "alm_humble", False),
    ("almasbek", "from small village to global stage", "alm_stage_peak", True),
    # Bakhyt: the rejections, the scout at the small venue, the awards, "believe in yourself"
    ("bakhyt", "the violin from eleven", "bak_mirror", True),
    ("bakhyt", "leaving for Almaty", "bak_leaving", True),
    ("bakhyt", "rejections", "bak_rejections", False),
    ("bakhyt", "the scout at a small venue", "bak_scout", False),
    ("bakhyt", "believe in yourself", "bak_believe", False),
    ("bakhyt", "awards", "bak_first_award", False),
    ("bakhyt", "an icon", "bak_icon", False),
    ("bakhyt", "the peak", "bak_stage_peak", True),
    # Beq: his father's band, The Dunes, the wedding video, the Caucasus-to-steppe festivals, Kazakh Horizon
    ("beq", "his father's band, music at home", "beq_kitchen", True),
    ("beq", "rock records and the tanpura", "beq_tanpura", True),
    ("beq", "the three doors (band, solo, his father's band)", "beq_crossroads", True),
    ("beq", "his father's band", "beq_father_band", False),
    ("beq", "The Dunes (the band named)", "beq_naming", False),
    ("beq", "the wedding video", "beq_wedding_video", False),
    ("beq", "the Caucasus-to-steppe festivals", "tour_caucasus_circuit", False),
    ("beq", "the ten-hour Kazakh Horizon", "tour_horizon_invite", False),
    ("beq", "the peak", "beq_stage_peak", True),
    # Roberto: prizes by sixteen, Sirtak and "Kazan", Moscow and Paris
    ("roberto", "the market's round", "rob_market", True),
    ("roberto", "regional competitions by sixteen", "rob_competition", True),
    ("roberto", "the major label's offer", "rob_major_offer", True),
    ("roberto", "Sirtak", "rob_sirtak_sessions", False),
    ("roberto", '"Kazan"', "studio_viral_kazan", False),
    ("roberto", "Moscow", "rob_moscow_hall", False),
    ("roberto", "Paris", "paris_invitation", False),
    ("roberto", "the peak", "rob_stage_peak", True),
    # Liepins: the workshop, self-teaching, the band, the musicians he invites, the festivals, his voice
    ("liepins", "the grandfather's workshop", "lie_workshop", True),
    ("liepins", "self-taught", "lie_self_taught", True),
    ("liepins", "the band", "lie_band", True),
    ("liepins", "his soulful voice", "lie_first_song", False),
    ("liepins", "the musicians he invites on stage", "lie_open_stage", False),
    ("liepins", "more musicians invited", "lie_invites_more", False),
    ("liepins", "international festivals", "lie_first_abroad", False),
    ("liepins", "the peak", "lie_stage_peak", True),
]

_BLANK = re.compile(r"\n\s*\n")
_SPACE = re.compile(r"\s+")
_TIME_SAID = re.compile(r"\b(\w+|\d+) (weeks?|months?|years?) later\b", re.I)
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "twenty": 20,
    "thirty": 30,
}


def paragraphs(text: str) -> Iterator[str]:
    """The blank-line-separated blocks of rendered text with at least eight words, whitespace collapsed."""
    for block in _BLANK.split(text):
        flat = _SPACE.sub(" ", block).strip()
        if len(WORD.findall(flat)) >= 8:
            yield flat


@dataclass(slots=True)
class Run:
    origin: str
    seed: int
    ending: str | None
    choices: int
    words: int
    paragraphs: int
    repeats: int
    visits: Counter[str]
    distinct: set[str] = field(default_factory=set)
    deal: str = ""
    chapter_ends: dict[str, dict[str, Any]] = field(default_factory=dict)
    chapter_starts: dict[str, Any] = field(default_factory=dict)
    chapter_choices: Counter[str] = field(default_factory=Counter)
    collapses_unwarned: int = 0
    failed: str = ""


def play(story: Story, origin: str, seed: int, keep_paragraphs: bool) -> Run:
    game = Game.start(story, origin, seed)
    chooser = random.Random(f"metrics/{origin}/{seed}")
    seen: set[str] = set()
    run = Run(origin, seed, None, 0, 0, 0, 0, Counter())
    chapter = None

    def read(text: str) -> None:
        run.words += count_words(text)
        for paragraph in paragraphs(text):
            run.paragraphs += 1
            if paragraph in seen:
                run.repeats += 1
            else:
                seen.add(paragraph)

    while True:
        view = game.view()
        run.visits[view.scene_id] += 1
        if view.chapter != chapter:
            if chapter is not None:
                run.chapter_ends[chapter] = _snapshot(game)
            chapter = view.chapter
            if chapter is not None and chapter not in run.chapter_starts:
                run.chapter_starts[chapter] = view.age
        read(view.text)
        if game.ended:
            run.ending = view.ending_id
            break
        if run.choices >= MAX_TURNS:
            run.failed = f"no ending after {MAX_TURNS} choices"
            break
        enabled = [o for o in game.options() if o.enabled]
        if not enabled:
            run.failed = f"dead end in {view.scene_id}"
            break
        option = chooser.choice(enabled)
        result = game.choose(option.id)
        run.choices += 1
        if chapter is not None:
            run.chapter_choices[chapter] += 1
        if result.outcome_text:
            read(result.outcome_text)
    if chapter is not None:
        run.chapter_ends[chapter] = _snapshot(game)
    run.deal = str(game.variables.get("deal", ""))
    if keep_paragraphs:
        run.distinct = seen
    return run


def _snapshot(game: Game) -> dict[str, Any]:
    values = game.variables
    return {name: values.get(name) for name in ("fame", "money", "age")}


_STORY: Story | None = None


def _worker(args: tuple[str, str, list[int], int]) -> list[Run]:
    global _STORY
    root, origin, seeds, keep_below = args
    if _STORY is None:
        _STORY = load_story(root)
    return [play(_STORY, origin, seed, seed < keep_below) for seed in seeds]


def random_runs(root: Path, runs: int, overlap_runs: int, jobs: int) -> dict[str, list[Run]]:
    chunks = [
        (str(root), o, list(range(start, min(runs, start + 50))), overlap_runs)
        for o in ORIGINS
        for start in range(0, runs, 50)
    ]
    by_origin: dict[str, list[Run]] = defaultdict(list)
    if jobs <= 1:
        batches: list[list[Run]] = [_worker(chunk) for chunk in chunks]
    else:
        with ProcessPoolExecutor(jobs) as pool:  # the workers end with the runs
            batches = list(pool.map(_worker, chunks))
    for batch in batches:
        for run in batch:
            by_origin[run.origin].append(run)
    return by_origin


# --- static checks -------------------------------------------------------------------------------------


def folder_of(scene_file: str) -> str:
    parts = Path(scene_file).parts
    for origin in ORIGINS:  # each musician's folder is named after the origin
        if origin in parts:
            return origin
    return "shared"


def story_words(story: Story) -> dict[str, int]:
    words: Counter[str] = Counter()
    for scene in story.scenes.values():
        total = count_words(scene.text.source)
        for choice in scene.choices:
            for outcome in (choice.success, choice.failure):
                if outcome is not None:
                    total += count_words(outcome.text.source)
        words[folder_of(scene.file)] += total
    return dict(words)


def _energy_given(effects: EffectsSpec, variable: str) -> bool:
    if any(name == variable and amount > 0 for name, amount in effects.add):
        return True
    if effects.branch is not None:
        return _energy_given(effects.branch[1], variable) or _energy_given(effects.branch[2], variable)
    return False


def free_energy(story: Story) -> list[str]:
    """Scenes whose entry effect gives energy: every `cost: true` variable but money is a body's."""
    costly = [n for n, v in story.variables.items() if getattr(v, "cost", False) and v.unit != "currency"]
    return [s.id for s in story.scenes.values() for n in costly if _energy_given(s.effects, n)]


def _weeks(effects: EffectsSpec) -> int:
    weeks = effects.weeks
    if effects.branch is not None:
        weeks += min(_weeks(effects.branch[1]), _weeks(effects.branch[2]))
    return weeks


def time_disagreements(story: Story) -> list[str]:
    """Scene text saying "three months later" entered by a choice that moves less time than that."""
    per_year = story.calendar.weeks_per_year
    unit = {"week": 1, "month": per_year / 12, "year": per_year}
    into: dict[str, list[int]] = defaultdict(list)
    for scene in story.scenes.values():
        for choice in scene.choices:
            for outcome in (choice, choice.success, choice.failure):
                target = getattr(outcome, "goto", None)
                if target:
                    into[target].append(_weeks(outcome.effects))
    found = []
    for scene in story.scenes.values():
        for match in _TIME_SAID.finditer(scene.text.source):
            amount = _NUMBERS.get(match.group(1).lower())
            if amount is None and match.group(1).isdigit():
                amount = int(match.group(1))
            if amount is None:
                continue
            needed = amount * unit[match.group(2).lower().rstrip("s")] * 0.9 - _weeks(scene.effects)
            short = [w for w in into.get(scene.id, []) if w < needed]
            if short:
                found.append(f"{scene.id}: says {match.group(0)!r}, entered by a choice moving {min(short)} weeks")
    return found


def _origin_of_test(test: nodes.Node) -> str | None:
    if (
        isinstance(test, nodes.Compare)
        and isinstance(test.expr, nodes.Name)
        and test.expr.name == "origin"
        and len(test.ops) == 1
        and test.ops[0].op == "eq"
        and isinstance(test.ops[0].expr, nodes.Const)
    ):
        return str(test.ops[0].expr.value)
    return None


_PARSER = jinja2.Environment()  # only parses: one serves every text


def owned_text(source: str) -> Iterator[tuple[str | None, str]]:
    """The template's literal text, each piece with the origin whose branch it sits in (None: everyone's)."""
    tree = _PARSER.parse(source)

    def walk(node: nodes.Node, owner: str | None) -> Iterator[tuple[str | None, str]]:
        if isinstance(node, nodes.TemplateData):
            yield owner, node.data
            return
        if isinstance(node, nodes.If):
            branch_owner = _origin_of_test(node.test) or owner
            for child in node.body:
                yield from walk(child, branch_owner)
            for elif_ in node.elif_:
                yield from walk(elif_, owner)
            for child in node.else_:
                yield from walk(child, owner)
            return
        for child in node.iter_child_nodes():
            yield from walk(child, owner)

    yield from walk(tree, None)


def leaks(story: Story) -> list[str]:
    # One pattern per life, its terms longest first: a text is searched once per other life, not once per
    # term (a term inside a longer one found at the same place is reported as the longer).
    terms = [
        (origin, re.compile(r"\b(?:" + "|".join(re.escape(t) for t in sorted(ts, key=len, reverse=True)) + r")\b"))
        for origin, ts in OWN.items()
        if ts
    ]
    found = []
    for scene in story.scenes.values():
        home = folder_of(scene.file)
        sources = (
            [scene.text.source]
            + [o.text.source for c in scene.choices for o in (c.success, c.failure) if o is not None]
            + [c.text.source for c in scene.choices]
        )
        for source in sources:
            try:
                pieces = list(owned_text(source))
            except jinja2.TemplateSyntaxError:
                continue
            for owner, data in pieces:
                for origin, pattern in terms:
                    if origin in (home, owner):
                        continue
                    for match in pattern.finditer(data):
                        found.append(f"{scene.file}: {scene.id}: {match.group(0)!r} ({origin}'s) in {home}'s text")
    return sorted(set(found))


# --- report --------------------------------------------------------------------------------------------


def median(values: Iterable[float]) -> float:
    values = list(values)
    return statistics.median(values) if values else 0.0


def measure(root: Path, runs: int, overlap_runs: int, jobs: int) -> dict[str, Any]:
    story = load_story(root)
    started = time.perf_counter()
    by_origin = random_runs(root, runs, overlap_runs, jobs)
    elapsed = time.perf_counter() - started
    words = story_words(story)
    out: dict[str, Any] = {"runs_per_origin": runs, "overlap_runs": overlap_runs, "seconds": round(elapsed, 1)}
    out["story_words"] = {"total": sum(words.values()), **dict(sorted(words.items()))}
    per: dict[str, Any] = {}
    distinct = {o: set().union(*(r.distinct for r in rs)) for o, rs in by_origin.items()}
    endings: Counter[str] = Counter()
    failures = []
    for origin, rs in by_origin.items():
        others = set().union(*(d for o, d in distinct.items() if o != origin))
        culprits = Counter(r.visits.most_common(1)[0][0] for r in rs if r.visits)
        per[origin] = {
            "run_words_median": median(r.words for r in rs),
            "choices_median": median(r.choices for r in rs),
            "repeat_share_median": round(100 * median(r.repeats / max(1, r.paragraphs) for r in rs), 1),
            "max_scene_visits_median": median(r.visits.most_common(1)[0][1] for r in rs if r.visits),
            "most_visited_scene": culprits.most_common(1)[0][0] if culprits else "",
            "cross_overlap": round(100 * len(distinct[origin] & others) / max(1, len(distinct[origin])), 1),
            "distinct_paragraphs": len(distinct[origin]),
            "deals": dict(Counter(r.deal for r in rs)),
            "chapters": _chapter_shape(rs),
        }
        for r in rs:
            endings[r.ending or "(none)"] += 1
            if r.failed:
                failures.append(f"{origin} seed {r.seed}: {r.failed}")
    total_runs = sum(len(rs) for rs in by_origin.values())
    out["per_origin"] = per
    out["all_runs"] = {
        "run_words_median": median(r.words for rs in by_origin.values() for r in rs),
        "repeat_share_median": round(
            100 * median(r.repeats / max(1, r.paragraphs) for rs in by_origin.values() for r in rs), 1
        ),
    }
    titles = {e: s.ending_title or e for e, s in story.endings.items()}
    out["endings"] = {
        e: {"title": titles.get(e, e), "runs": n, "share": round(100 * n / total_runs, 2)}
        for e, n in endings.most_common()
    }
    out["endings_declared"] = sorted(story.endings)
    out["ending_titles"] = titles
    reach = {}
    for origin, beat, scene, spine in BEATS:
        rs = by_origin.get(origin, [])
        hits = sum(1 for r in rs if scene in r.visits)
        reach[f"{origin}/{scene}"] = {
            "origin": origin,
            "beat": beat,
            "scene": scene,
            "spine": spine,
            "exists": scene in story.scenes,
            "reach": round(100 * hits / max(1, len(rs)), 1),
        }
    out["beats"] = reach
    out["failures"] = failures
    out["free_energy"] = free_energy(story)
    out["time_disagreements"] = time_disagreements(story)
    out["leaks"] = leaks(story)
    return out


def _chapter_shape(rs: list[Run]) -> dict[str, Any]:
    shape: dict[str, Any] = {}
    chapters = {c for r in rs for c in r.chapter_starts}
    for chapter in sorted(chapters, key=str):
        ends = [r.chapter_ends[chapter] for r in rs if chapter in r.chapter_ends]
        shape[chapter] = {
            "age_at_start": median(r.chapter_starts[chapter] for r in rs if r.chapter_starts.get(chapter) is not None),
            "choices": median(r.chapter_choices[chapter] for r in rs if chapter in r.chapter_starts),
            "fame_at_end": median(e["fame"] for e in ends if e["fame"] is not None),
            "money_at_end": median(e["money"] for e in ends if e["money"] is not None),
        }
    return shape


def table(result: dict[str, Any]) -> str:
    per = result["per_origin"]
    ends = result["endings"]
    real = {e: v for e, v in ends.items() if e != "(none)"}
    shares = [v["share"] for v in real.values()]
    rows = [
        (
            "story words",
            "≥ 150,000",
            BEFORE["story_words"],
            f"{result['story_words']['total']:,}",
            result["story_words"]["total"] >= 150_000,
        ),
        (
            "median words per run (lowest origin)",
            "≥ 12,000",
            BEFORE["run_words"],
            f"{min(p['run_words_median'] for p in per.values()):,.0f}"
            f" (all runs {result['all_runs']['run_words_median']:,.0f})",
            min(p["run_words_median"] for p in per.values()) >= 12_000,
        ),
        (
            "repeats within a run, median (highest origin)",
            "≤ 10 %",
            BEFORE["repeat_share"],
            f"{max(p['repeat_share_median'] for p in per.values())} %",
            max(p["repeat_share_median"] for p in per.values()) <= 10,
        ),
        (
            "most visits of one scene, median (highest origin)",
            "≤ 6",
            BEFORE["max_scene_visits"],
            "{} ({})".format(*max((p["max_scene_visits_median"], p["most_visited_scene"]) for p in per.values())),
            max(p["max_scene_visits_median"] for p in per.values()) <= 6,
        ),
        (
            "paragraphs also in other musicians' runs (highest)",
            "≤ 35 %",
            BEFORE["cross_overlap"],
            f"{max(p['cross_overlap'] for p in per.values())} %",
            max(p["cross_overlap"] for p in per.values()) <= 35,
        ),
        ("distinct endings reached", "≥ 20", BEFORE["endings_reached"], str(len(real)), len(real) >= 20),
        (
            "largest ending share",
            "≤ 20 %",
            BEFORE["largest_ending"],
            f"{max(shares, default=0)} %",
            max(shares, default=100) <= 20,
        ),
        (
            "endings under 0.5 % (of those declared)",
            "0",
            BEFORE["endings_under_half_percent"],
            str(sum(1 for e in result["endings_declared"] if real.get(e, {"share": 0})["share"] < 0.5)),
            all(real.get(e, {"share": 0})["share"] >= 0.5 for e in result["endings_declared"]),
        ),
        ("runs that failed (dead end, no ending)", "0", "0", str(len(result["failures"])), not result["failures"]),
        ("scene entry effects that give energy", "0", "—", str(len(result["free_energy"])), not result["free_energy"]),
        (
            "text that says time passed when none did",
            "0",
            "—",
            str(len(result["time_disagreements"])),
            not result["time_disagreements"],
        ),
        ("one life's names and objects in another's text", "0", "—", str(len(result["leaks"])), not result["leaks"]),
    ]
    lines = ["| target | goal | first edition | now | met? |", "|---|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} | {'yes' if ok else 'no'} |" for a, b, c, d, ok in rows]
    lines += [
        "",
        "| origin | words/run | choices/run | repeats | most visits (scene) | overlap | distinct ¶ |",
        "|---|---:|---:|---:|---|---:|---:|",
    ]
    for o, p in per.items():
        lines.append(
            f"| {o} | {p['run_words_median']:,.0f} | {p['choices_median']:.0f} | {p['repeat_share_median']} % | "
            f"{p['max_scene_visits_median']:.0f} ({p['most_visited_scene']}) | {p['cross_overlap']} % | "
            f"{p['distinct_paragraphs']} |"
        )
    lines += ["", "| ending | title | runs | share |", "|---|---|---:|---:|"]
    for e in sorted(set(result["endings_declared"]) | set(ends), key=lambda e: -ends.get(e, {"runs": 0})["runs"]):
        v = ends.get(e, {"title": result["ending_titles"].get(e, e), "runs": 0, "share": 0.0})
        lines.append(f"| {e} | {v['title']} | {v['runs']} | {v['share']} % |")
    lines += ["", "| musician | beat | scene | spine | reach |", "|---|---|---|---|---:|"]
    for b in result["beats"].values():
        missing = "" if b["exists"] else " (no such scene)"
        lines.append(
            f"| {b['origin']} | {b['beat']} | `{b['scene']}`{missing} | {'yes' if b['spine'] else ''}"
            f" | {b['reach']} % |"
        )
    lines += ["", "words per folder: " + ", ".join(f"{k} {v:,}" for k, v in result["story_words"].items())]
    for key in ("failures", "free_energy", "time_disagreements", "leaks"):
        if result[key]:
            lines += ["", f"{key} ({len(result[key])}):"] + [f"  {x}" for x in result[key][:40]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.story_metrics", description=__doc__.split("\n")[0])
    parser.add_argument("story", nargs="?", type=Path, default=None, help="story folder (default: the bundled story)")
    parser.add_argument("--runs-per-origin", type=int, default=1000, help="random runs per musician (default 1000)")
    parser.add_argument("--overlap-runs", type=int, default=200, help="runs per musician for the overlap (default 200)")
    parser.add_argument("--jobs", type=int, default=2, help="processes (default 2)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of the tables")
    parser.add_argument("--write", action="store_true", help="also write benchmarks/results/story.json")
    args = parser.parse_args(argv)
    root = args.story or bundled_story_dir()
    result = measure(root, args.runs_per_origin, min(args.overlap_runs, args.runs_per_origin), args.jobs)
    if args.write:
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=1, ensure_ascii=False) if args.json else table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
