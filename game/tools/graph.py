"""`steppe graph`: the story map as Mermaid or Graphviz dot.

Made to stay readable at 150+ scenes: nodes show scene ids (titles are long), scenes are grouped into
subgraphs by the file they live in, parallel edges between two scenes merge into one with a combined
label, pools are drawn as their own hexagon nodes (a draw/offer points at the pool, the pool fans out to
its members), and ``$return`` is one dotted edge from a member back to its pool ("back to whoever drew").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from game.story.compiled import RETURN, ChoiceSpec, Story
from game.story.validate import reachable

LABEL_MAX = 18
EDGE_LABELS_MAX = 2


def shorten(text: str, limit: int = LABEL_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class Edge:
    source: str  # node ids: "s:<scene>", "p:<pool>", "o:<origin>", "r:return"
    target: str
    label: str = ""
    style: str = "solid"  # solid | dashed (pool membership) | dotted ($return)


@dataclass(slots=True)
class StoryGraph:
    scenes: dict[str, str] = field(default_factory=dict)  # scene id -> group (file)
    endings: set[str] = field(default_factory=set)
    pools: set[str] = field(default_factory=set)
    origins: list[str] = field(default_factory=list)
    uses_return_node: bool = False
    edges: list[Edge] = field(default_factory=list)


def _relative_group(story: Story, file: str) -> str:
    """The scene's file relative to the story folder, without the extension: `gigs/toi`."""
    path = Path(file).resolve()
    try:
        return path.relative_to(Path(story.root).resolve()).with_suffix("").as_posix()
    except ValueError:
        return path.stem


def _choice_targets(choice: ChoiceSpec) -> list[tuple[str, str]]:
    """(kind, target) pairs: kind is scene | pool | return."""
    found: list[tuple[str, str]] = []

    def goto(target: str | None) -> None:
        if target == RETURN:
            found.append(("return", RETURN))
        elif target is not None:
            found.append(("scene", target))

    goto(choice.goto)
    for pool in (choice.draw, choice.offer):
        if pool is not None:
            found.append(("pool", pool))
    for outcome in (choice.success, choice.failure):
        if outcome is not None:
            goto(outcome.goto)
            if outcome.draw is not None:
                found.append(("pool", outcome.draw))
    return found


def build_graph(story: Story, origin: str | None = None) -> StoryGraph:
    """The graph of the whole story, or of what one origin can reach."""
    graph = StoryGraph()
    origins = [origin] if origin is not None else sorted(story.origins)
    keep = reachable(story, [story.origins[o].start for o in origins]) if origin is not None else set(story.scenes)
    pool_of: dict[str, list[str]] = defaultdict(list)
    for name, members in story.pools.items():
        for member in members:
            pool_of[member.scene_id].append(name)
    labels: dict[tuple[str, str, str], list[str]] = {}

    def connect(source: str, target: str, label: str, style: str = "solid") -> None:
        labels.setdefault((source, target, style), [])
        if label and label not in labels[(source, target, style)]:
            labels[(source, target, style)].append(label)

    for origin_id in origins:
        graph.origins.append(origin_id)
        connect(f"o:{origin_id}", f"s:{story.origins[origin_id].start}", "")
    for scene in story.scenes.values():
        if scene.id not in keep:
            continue
        graph.scenes[scene.id] = _relative_group(story, scene.file)
        if scene.is_ending:
            graph.endings.add(scene.id)
        for choice in scene.choices:
            for kind, target in _choice_targets(choice):
                if kind == "scene":
                    connect(f"s:{scene.id}", f"s:{target}", choice.id)
                elif kind == "pool":
                    graph.pools.add(target)
                    connect(f"s:{scene.id}", f"p:{target}", choice.id)
                else:
                    # $return goes back to whoever drew: draw it as one dotted edge to each pool the scene
                    # belongs to, or to a single shared "return" node when it belongs to none.
                    pools = pool_of.get(scene.id) or []
                    if pools:
                        for pool in pools:
                            graph.pools.add(pool)
                            connect(f"s:{scene.id}", f"p:{pool}", "", "dotted")
                    else:
                        graph.uses_return_node = True
                        connect(f"s:{scene.id}", "r:return", "", "dotted")
    for pool in sorted(graph.pools):
        for member in story.pools.get(pool, ()):
            if member.scene_id in keep:
                connect(f"p:{pool}", f"s:{member.scene_id}", "", "dashed")
    for (source, target, style), names in labels.items():
        shown = [shorten(n) for n in names[:EDGE_LABELS_MAX]]
        if len(names) > EDGE_LABELS_MAX:
            shown.append(f"+{len(names) - EDGE_LABELS_MAX}")
        graph.edges.append(Edge(source, target, ", ".join(shown), style))
    return graph


# -- Mermaid -------------------------------------------------------------------------------------------
def _mermaid_id(node: str) -> str:
    # Prefixes keep ids clear of Mermaid keywords (`end`, `graph`, `subgraph`...).
    kind, _, name = node.partition(":")
    return f"{kind}_{name}"


def _mermaid_text(text: str) -> str:
    return '"' + text.replace('"', "#quot;") + '"'


def to_mermaid(graph: StoryGraph) -> str:
    lines = ["flowchart LR"]
    lines.append("  classDef ending fill:#f4d35e,stroke:#a0722c,stroke-width:2px")
    lines.append("  classDef pool fill:#d8e2dc,stroke:#4a6c6f")
    lines.append("  classDef origin fill:#9ad1d4,stroke:#2a6f73")
    for origin in graph.origins:
        lines.append(f"  o_{origin}([{_mermaid_text('▶ ' + origin)}]):::origin")
    groups: dict[str, list[str]] = defaultdict(list)
    for scene, group in graph.scenes.items():
        groups[group].append(scene)
    for index, (group, scenes) in enumerate(sorted(groups.items())):
        lines.append(f"  subgraph g{index}[{_mermaid_text(group)}]")
        for scene in scenes:
            if scene in graph.endings:
                lines.append(f"    s_{scene}[[{_mermaid_text('🏁 ' + scene)}]]:::ending")
            else:
                lines.append(f"    s_{scene}[{_mermaid_text(scene)}]")
        lines.append("  end")
    for pool in sorted(graph.pools):
        lines.append(f"  p_{pool}{{{{{_mermaid_text('pool: ' + pool)}}}}}:::pool")
    if graph.uses_return_node:
        lines.append(f"  r_return(({_mermaid_text('↩ return')}))")
    arrows = {"solid": "-->", "dashed": "-.->", "dotted": "-.->"}
    for edge in graph.edges:
        arrow = arrows[edge.style]
        label = "↩" if edge.style == "dotted" else edge.label
        shown = f"|{_mermaid_text(label)}|" if label else ""
        lines.append(f"  {_mermaid_id(edge.source)} {arrow}{shown} {_mermaid_id(edge.target)}")
    return "\n".join(lines) + "\n"


# -- Graphviz dot --------------------------------------------------------------------------------------
def _dot_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(graph: StoryGraph) -> str:
    lines = [
        "digraph story {",
        "  rankdir=LR;",
        '  node [shape=box, fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=8];',
    ]
    for origin in graph.origins:
        lines.append(
            f"  {_dot_text('o:' + origin)} [label={_dot_text('▶ ' + origin)}, shape=oval, "
            "style=filled, fillcolor=lightblue];"
        )
    groups: dict[str, list[str]] = defaultdict(list)
    for scene, group in graph.scenes.items():
        groups[group].append(scene)
    for index, (group, scenes) in enumerate(sorted(groups.items())):
        lines.append(f"  subgraph cluster_{index} {{")
        lines.append(f"    label={_dot_text(group)}; style=rounded; color=grey;")
        for scene in scenes:
            if scene in graph.endings:
                lines.append(
                    f"    {_dot_text('s:' + scene)} [label={_dot_text('🏁 ' + scene)}, "
                    "shape=doubleoctagon, style=filled, fillcolor=gold];"
                )
            else:
                lines.append(f"    {_dot_text('s:' + scene)} [label={_dot_text(scene)}];")
        lines.append("  }")
    for pool in sorted(graph.pools):
        lines.append(
            f"  {_dot_text('p:' + pool)} [label={_dot_text('pool: ' + pool)}, shape=hexagon, "
            "style=filled, fillcolor=honeydew];"
        )
    if graph.uses_return_node:
        lines.append(f"  {_dot_text('r:return')} [label={_dot_text('↩ return')}, shape=circle];")
    for edge in graph.edges:
        attrs = []
        if edge.style == "dotted":
            attrs += ["style=dotted", f"label={_dot_text('↩')}"]
        elif edge.label:
            attrs.append(f"label={_dot_text(edge.label)}")
        if edge.style == "dashed":
            attrs.append("style=dashed")
        shown = f" [{', '.join(attrs)}]" if attrs else ""
        lines.append(f"  {_dot_text(edge.source)} -> {_dot_text(edge.target)}{shown};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(story: Story, fmt: str, origin: str | None = None) -> str:
    graph = build_graph(story, origin)
    return to_mermaid(graph) if fmt == "mermaid" else to_dot(graph)
