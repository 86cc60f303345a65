"""The second edition's whole-story parts: chapters, pool rules, scored pools, and the checks they need.

Kept apart from the loader, which reads and compiles each item: these need every scene and pool at once.
Each check returns ``(code, message, where)`` tuples, ``where`` being what the loader can point at.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Sequence

from game.story.compiled import RETURN, SEASONS, VISIT_VARIABLES, ChapterSpec, ChoiceSpec, EffectsSpec, SceneSpec, Story
from game.story.models import Chapter
from game.story.templates import Text

# `when_empty:` values that are not a scene id.
DISABLE = "disable"
_TAG = re.compile(r"\{[{%](.*?)[%}]\}", re.S)
_NAME = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*\b")


def chapters(declared: Sequence[Chapter]) -> tuple[dict[str, ChapterSpec], list[tuple[int, str]]]:
    """The chapters by id, numbered in order, and (index, message) for each duplicate id."""
    found: dict[str, ChapterSpec] = {}
    problems = []
    for index, chapter in enumerate(declared):
        if chapter.id in found:
            problems.append((index, f"chapter id '{chapter.id}' is already used by chapter {found[chapter.id].number}"))
            continue
        found[chapter.id] = ChapterSpec(chapter.id, chapter.title, len(found) + 1)
    return found, problems


def when_empty_problem(pool: str, rule: str, story: Story) -> str | None:
    """What is wrong with a pool's `when_empty:` (an unknown pool, an unknown scene), or None."""
    if pool not in story.pools:
        return f"no scene joins the pool '{pool}' this rule is for"
    if rule in (DISABLE, RETURN) or rule in story.scenes:
        return None
    return f"when_empty: '{rule}' is not disable, $return or a scene id"


def unknown_seasons(source: str) -> list[tuple[str, int]]:
    """(word, 1-based column) of each string compared with `season` that is not a season: `season ==
    "sumer"` is never true, and nothing else would say so."""
    found = []
    for node in ast.walk(ast.parse(source, mode="eval")):
        if not isinstance(node, ast.Compare):
            continue
        sides = [node.left, *node.comparators]
        if not any(isinstance(side, ast.Name) and side.id == "season" for side in sides):
            continue
        for side in sides:
            items = side.elts if isinstance(side, (ast.List, ast.Tuple)) else [side]
            for item in items:
                if isinstance(item, ast.Constant) and isinstance(item.value, str) and item.value not in SEASONS:
                    found.append((item.value, item.col_offset + 1))
    return found


def text_names(text: Text | None) -> set[str]:
    """The names a text's template tags mention (roughly: every identifier inside `{{ }}` and `{% %}`)."""
    if text is None or not text.is_template:
        return set()
    return {name for tag in _TAG.findall(text.source) for name in _NAME.findall(tag)}


def _changed(effects: EffectsSpec) -> set[str]:
    names = {n for n, _ in effects.set} | {n for n, _ in effects.calc} | {n for n, _ in effects.add}
    names |= {n for n, _ in effects.fair} | {n for n, _, _ in effects.roll}
    if effects.weeks:
        names |= {"week", "year", "month", "season", "age"}
    if effects.branch is not None:
        names |= _changed(effects.branch[1]) | _changed(effects.branch[2])
    return names


def _choices_effects(choices: Iterable[ChoiceSpec]) -> Iterable[EffectsSpec]:
    for choice in choices:
        yield choice.effects
        for outcome in (choice.success, choice.failure):
            if outcome is not None:
                yield outcome.effects


def repeats_unchanged(scene: SceneSpec) -> bool:
    """Whether a repeatable storylet reads the same on every visit: its text reads no visit count
    (first_visit, visits_here, visited()) and no variable its own effects change."""
    names = text_names(scene.text) | text_names(scene.title)
    if names & {*VISIT_VARIABLES, "visited"}:
        return False
    changed = _changed(scene.effects)
    for effects in _choices_effects(scene.choices):
        changed |= _changed(effects)
    return not (names & changed)


def storylet_warnings(story: Story) -> list[tuple[str, str, str, str]]:
    """(code, message, scene id, key): repeatable storylets that never vary (W606), and members of a scored
    pool that can never be told apart (W607). W606 looks at pools declared under `pools:` (the second
    edition's way to name a storylet pool) and scored ones: the first edition's undeclared pools load as they
    always did, with no new warnings."""
    found: list[tuple[str, str, str, str]] = []
    for name, members in story.pools.items():
        scored = any(m.score is not None for m in members)
        if name in story.declared_pools or scored:
            for member in members:
                scene = story.scenes.get(member.scene_id)
                if scene is not None and not member.once and not scene.is_ending and repeats_unchanged(scene):
                    found.append(
                        (
                            "W606",
                            f"storylet '{scene.id}' can come round again in pool '{name}' but reads the same every "
                            "time: vary its text with first_visit or visits_here, or make it once: true",
                            scene.id,
                            "pool",
                        )
                    )
        if scored:
            seen: dict[tuple[str, str], str] = {}
            for member in members:
                key = (member.when.source if member.when else "true", member.score.source if member.score else "")
                if key in seen:
                    found.append(
                        (
                            "W607",
                            f"'{member.scene_id}' and '{seen[key]}' in pool '{name}' have the same when: and score: "
                            "and can never be told apart: only weight or chance decides",
                            member.scene_id,
                            "pool",
                        )
                    )
                else:
                    seen[key] = member.scene_id
    return found


def scored_pool_problems(story: Story) -> list[tuple[str, str, str, str]]:
    """(code, message, scene id, key): a pool where some members have a score and others do not (E310)."""
    found = []
    for name, members in story.pools.items():
        scored = [m for m in members if m.score is not None]
        if scored and len(scored) != len(members):
            for member in members:
                if member.score is None:
                    message = f"pool '{name}' is scored: '{member.scene_id}' needs a score: too"
                    found.append(("E310", message, member.scene_id, "pool"))
    return found
