"""Whole-story checks that need every scene at once: reachability and pools that can never fill."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import Any

from game.story.compiled import RETURN, Story
from game.story.expressions import Expression, function_table

_CONSTANT_ENV = function_table()


def drawing_scenes(story: Story) -> list[str]:
    """Where ``$return`` can lead back to: each scene that draws or offers from a pool, or the scene its
    choice names with ``return_to:``."""
    found: dict[str, None] = {}
    for scene in story.scenes.values():
        for choice in scene.choices:
            outcomes = [o for o in (choice.success, choice.failure) if o is not None]
            if choice.draw or choice.offer:
                found[choice.return_to or scene.id] = None
            if any(o.draw for o in outcomes):
                found[scene.id] = None
    return list(found)


# Nodes that stand for "back to whoever drew" and "any member of this pool": going through them instead of
# listing every (drawing scene, member) pair keeps the graph linear in the story's size (a story with a
# thousand pool members and a thousand drawing scenes would otherwise have a million edges).
_RETURN_NODE = "\0return"
_POOL_NODE = "\0pool:"


def _graph(story: Story) -> dict[str, set[str]]:
    """Each scene's successors, with ``$return`` and pools as pass-through nodes (see above)."""
    graph: dict[str, set[str]] = {_RETURN_NODE: set(drawing_scenes(story))}
    for name, members in story.pools.items():
        graph[_POOL_NODE + name] = {m.scene_id for m in members}
        fallback = story.when_empty.get(name)  # where a draw goes when nothing is eligible
        if fallback is not None:
            graph[_POOL_NODE + name].add(_RETURN_NODE if fallback == RETURN else fallback)
    for scene in story.scenes.values():
        targets: set[str] = set()
        for choice in scene.choices:
            gotos = [choice.goto]
            pools = [choice.draw, choice.offer]
            for outcome in (choice.success, choice.failure):
                if outcome is not None:
                    gotos.append(outcome.goto)
                    pools.append(outcome.draw)
            for target in gotos:
                if target == RETURN:
                    targets.add(_RETURN_NODE)
                elif target is not None:
                    targets.add(target)
            targets.update(_POOL_NODE + pool for pool in pools if pool is not None and pool in story.pools)
        graph[scene.id] = targets
    return graph


def _is_pass_through(node: str) -> bool:
    return node.startswith("\0")


def reachable(story: Story, starts: Iterable[str] | None = None) -> set[str]:
    graph = _graph(story)
    queue = deque(starts if starts is not None else (o.start for o in story.origins.values()))
    seen: set[str] = set()
    while queue:
        node = queue.popleft()
        if node in seen or (node not in story.scenes and not _is_pass_through(node)):
            continue
        seen.add(node)
        # .get: a target the writer spelt with a leading NUL (goto: "\0") looks like a pass-through node
        queue.extend(s for s in graph.get(node, ()) if s not in seen)
    return {node for node in seen if not _is_pass_through(node)}


def trapped(story: Story, reached: set[str]) -> set[str]:
    """Reachable scenes from which no ending can be reached (a loop with no exit, say)."""
    graph = _graph(story)
    leads_to: dict[str, set[str]] = {node: set() for node in graph}
    for node, targets in graph.items():
        for target in targets:
            if target in leads_to:
                leads_to[target].add(node)
    can_finish = {s.id for s in story.scenes.values() if s.is_ending}
    if not can_finish:
        return set()  # no endings at all: W604 says so once
    queue = deque(can_finish)
    while queue:
        for earlier in leads_to[queue.popleft()]:
            if earlier not in can_finish:
                can_finish.add(earlier)
                queue.append(earlier)
    return {sid for sid in reached if sid not in can_finish}


def _never_true(expr: Expression | None) -> bool:
    if expr is None or expr.names or expr.calls:
        return False
    try:
        return not expr.evaluate({}, _CONSTANT_ENV)
    except Exception:  # noqa: BLE001 - a constant that fails to evaluate is reported at runtime instead
        return False


def graph_diagnostics(story: Story, pool_uses: list[tuple[str, Any, Any]]) -> list[tuple[str, str, str, str]]:
    """(code, message, scene id, key) for whole-story warnings."""
    found: list[tuple[str, str, str, str]] = []
    if story.origins:
        seen = reachable(story)
        for scene in story.scenes.values():
            if scene.id not in seen:
                found.append(("W601", f"scene '{scene.id}' cannot be reached from any origin's start", scene.id, "id"))
        found.extend(
            ("W605", f"scene '{sid}' can reach no ending: a player who gets here can never finish", sid, "id")
            for sid in sorted(trapped(story, seen))
        )
    used = {pool for pool, _file, _path in pool_uses}
    for name, members in story.pools.items():
        if name in used and members and all(_never_true(m.when) for m in members):
            found.append(
                (
                    "W602",
                    f"pool '{name}' is drawn from, but no member's condition can ever be true",
                    members[0].scene_id,
                    "pool",
                )
            )
    if story.scenes and not story.endings:
        first = next(iter(story.scenes))
        found.append(("W604", "the story has no ending scenes", first, "id"))
    return found
