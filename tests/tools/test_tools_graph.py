"""`steppe graph`: the story map in Mermaid and dot."""

import re

from game.cli import main
from game.story.loader import load_story
from game.tools.graph import LABEL_MAX, build_graph, to_dot, to_mermaid


def test_graph_has_scenes_pools_endings_and_returns(story_at):
    graph = build_graph(story_at("graphs"))
    assert set(graph.scenes) == {"home", "harbour", "end", "gig_wedding", "gig_bar", "gig_bar_after"}
    assert graph.scenes["gig_bar"] == "scenes/gigs"  # grouped by file, relative to the story folder
    assert graph.endings == {"end"}
    assert graph.pools == {"gigs"}
    edges = {(e.source, e.target, e.style) for e in graph.edges}
    assert ("s:home", "p:gigs", "solid") in edges  # a draw points at the pool node
    assert ("p:gigs", "s:gig_bar", "dashed") in edges  # the pool fans out to its members
    assert ("s:gig_wedding", "p:gigs", "dotted") in edges  # $return: back to whoever drew
    assert ("s:gig_bar_after", "r:return", "dotted") in edges  # $return outside any pool
    assert graph.uses_return_node


def test_parallel_edges_merge_and_labels_stay_short(story_at):
    graph = build_graph(story_at("graphs"))
    to_end = [e for e in graph.edges if (e.source, e.target) == ("s:home", "s:end")]
    assert len(to_end) == 1
    assert to_end[0].label == "audition, quit, +2"
    for edge in graph.edges:
        for part in edge.label.split(", "):
            assert len(part) <= LABEL_MAX


def test_mermaid_is_safe_from_keywords_and_quotes(story_at):
    text = to_mermaid(build_graph(story_at("graphs")))
    assert text.startswith("flowchart LR\n")
    assert 's_end[["🏁 end"]]:::ending' in text  # `end` alone would close a Mermaid subgraph
    assert re.search(r"^\s+end\b", text, re.M)  # subgraphs do close
    assert 'p_gigs{{"pool: gigs"}}:::pool' in text
    assert 'subgraph g1["scenes/gigs"]' in text
    assert 's_gig_wedding -.->|"↩"| p_gigs' in text


def test_dot_marks_endings_and_pools(story_at):
    text = to_dot(build_graph(story_at("graphs")))
    assert text.startswith("digraph story {")
    assert '"s:end" [label="🏁 end", shape=doubleoctagon' in text
    assert '"p:gigs" [label="pool: gigs", shape=hexagon' in text
    assert "subgraph cluster_" in text
    assert text.rstrip().endswith("}")


def test_origin_filter_keeps_only_what_it_reaches(story_at):
    graph = build_graph(story_at("graphs"), origin="bek")
    assert set(graph.scenes) == {"harbour", "end"}
    assert graph.origins == ["bek"]
    assert not graph.pools


def test_large_story_stays_readable(tmp_path):
    # 160 scenes in 8 files: one subgraph per file, every node label a short id, every edge label short.
    (tmp_path / "story.yaml").write_text(
        "story: {id: big, title: Big}\norigins:\n  - {id: o, name: O, home: H, instrument: i, intro: x, "
        "start: f0_s0}\n",
        encoding="utf-8",
    )
    for f in range(8):
        lines = ["scenes:"]
        for s in range(20):
            nxt = f"f{f}_s{s + 1}" if s < 19 else (f"f{f + 1}_s0" if f < 7 else "the_end")
            lines.append(
                f"  - id: f{f}_s{s}\n    title: Scene {f}.{s}\n    choices:\n"
                f"      - {{id: a_rather_long_choice_identifier_{s}, text: Onward, goto: {nxt}}}\n"
                f"      - {{id: back, text: Back, goto: f{f}_s0}}"
            )
        (tmp_path / f"part{f}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "end.yaml").write_text(
        "scenes:\n  - {id: the_end, title: End, ending: {id: e, title: E}}\n", encoding="utf-8"
    )
    graph = build_graph(load_story(tmp_path))
    assert len(graph.scenes) == 161
    assert len(set(graph.scenes.values())) == 9
    mermaid = to_mermaid(graph)
    assert mermaid.count("subgraph ") == 9
    for label in re.findall(r'\|"([^"]*)"\|', mermaid):
        assert len(label) <= LABEL_MAX


def test_cli_graph(fixtures, tmp_path, capsys):
    assert main(["graph", str(fixtures / "graphs"), "--format", "dot"]) == 0
    assert capsys.readouterr().out.startswith("digraph story {")
    target = tmp_path / "map.mmd"
    assert main(["graph", str(fixtures / "graphs"), "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("flowchart LR")


def test_cli_graph_unknown_origin_and_broken_story(fixtures, tmp_path, capsys):
    assert main(["graph", str(fixtures / "graphs"), "--origin", "nobody"]) == 2
    assert "no origin 'nobody'" in capsys.readouterr().err
    (tmp_path / "story.yaml").write_text("story: {id: x, title: X}\nscenes: [{id: a}]\n", encoding="utf-8")
    assert main(["graph", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "E103" in err and "does not load" in err
