"""`steppe lsp` driven as a real subprocess over stdio, on a copy of tests/lsp/fixtures/story.

One server for the module (starting one costs most of a second); each test opens what it needs and puts
the buffers back as they were, so the tests do not depend on their order.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from game.story.loader import check_story
from tests.lsp.client import LspClient

FIXTURE = Path(__file__).parent / "fixtures" / "story"


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("lsp") / "story"
    shutil.copytree(FIXTURE, root)
    return root.resolve()


@pytest.fixture(scope="module")
def server(story: Path) -> Iterator[LspClient]:
    client = LspClient(story.parent, env={"STEPPE_LSP_DEBOUNCE": "0.05"})
    client.initialize(story)
    yield client
    client.close()


def _pos(path: Path, needle: str, offset: int = 0, text: str | None = None) -> dict[str, int]:
    """The position of ``needle`` (plus ``offset`` characters) in the file, as LSP wants it."""
    for number, line in enumerate((text or path.read_text(encoding="utf-8")).splitlines()):
        if needle in line:
            return {"line": number, "character": line.index(needle) + offset}
    raise AssertionError(f"{needle!r} not in {path}")


def _apply(text: str, edits: list[dict]) -> str:
    """Apply LSP text edits (ASCII text: UTF-16 columns are characters), last first."""
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def at(position: dict) -> int:
        return offsets[position["line"]] + position["character"]

    for edit in sorted(edits, key=lambda e: at(e["range"]["start"]), reverse=True):
        start, end = at(edit["range"]["start"]), at(edit["range"]["end"])
        text = text[:start] + edit["newText"] + text[end:]
    return text


def _diagnostics_for(server: LspClient, path: Path, predicate=lambda d: True) -> list[dict]:
    params = server.wait_for(
        "textDocument/publishDiagnostics",
        lambda p: p["uri"] == path.as_uri() and predicate(p["diagnostics"]),
    )
    return params["diagnostics"]


def test_diagnostics_of_unsaved_text_match_steppe_check_and_cross_files(server: LspClient, story: Path) -> None:
    home = story / "scenes" / "home.yaml"
    gigs = story / "scenes" / "gigs.yaml"
    saved = home.read_text(encoding="utf-8")
    server.open(home)
    assert _diagnostics_for(server, home) == []
    # An unsaved typo: the editor's text is checked, not the file on disk.
    typo = saved.replace("goto: street", "goto: stret")
    server.change(home, typo, 2)
    found = _diagnostics_for(server, home, lambda ds: any(d["code"] == "E301" for d in ds))
    e301 = next(d for d in found if d["code"] == "E301")
    assert e301["message"].startswith("no scene 'stret' (did you mean 'street'?)\nfix: ")
    assert e301["source"] == "steppe" and e301["severity"] == 1
    # The same line:col as `steppe check` gives for the same text written to disk.
    copy = story.parent / "copy"
    shutil.copytree(story, copy)
    (copy / "scenes" / "home.yaml").write_text(typo, encoding="utf-8")
    _, expected = check_story(copy)
    check = next(d for d in expected if d.code == "E301")
    assert (e301["range"]["start"]["line"] + 1, e301["range"]["start"]["character"] + 1) == (check.line, check.col)
    assert e301["range"]["end"]["character"] - e301["range"]["start"]["character"] == len("stret")
    assert home.read_text(encoding="utf-8") == saved  # nothing was written
    # An edit in another file updates this file's diagnostics: remove the ending scene `the_end`.
    gigs_text = gigs.read_text(encoding="utf-8")
    server.open(gigs, gigs_text.replace("id: the_end", "id: the_finish"))
    found = _diagnostics_for(
        server, home, lambda ds: any(d["code"] == "E301" and "the_end" in d["message"] for d in ds)
    )
    assert {d["code"] for d in found} >= {"E301"}
    server.change(gigs, gigs_text, 2)
    server.change(home, saved, 3)
    assert _diagnostics_for(server, home, lambda ds: ds == []) == []


def test_completion_of_scene_ids_after_goto(server: LspClient, story: Path) -> None:
    home = story / "scenes" / "home.yaml"
    text = home.read_text(encoding="utf-8").replace("goto: street", "goto: st")
    server.open(home, text)
    reply = server.request(
        "textDocument/completion",
        {"textDocument": {"uri": home.as_uri()}, "position": _pos(home, "goto: st", len("goto: st"), text)},
    )
    items = {i["label"]: i for i in reply["result"]["items"]}
    assert {"home", "street", "bar_gig", "the_end", "$return"} <= set(items)
    assert items["street"]["detail"] == "The Street"
    server.change(home, home.read_text(encoding="utf-8"), 9)


def test_completion_of_choices_variables_pools_and_keys(server: LspClient, story: Path) -> None:
    home = story / "scenes" / "home.yaml"
    saved = home.read_text(encoding="utf-8")

    def labels(text: str, needle: str, offset: int) -> set[str]:
        server.change(home, text, 10)
        reply = server.request(
            "textDocument/completion",
            {"textDocument": {"uri": home.as_uri()}, "position": _pos(home, needle, offset, text)},
        )
        return {i["label"] for i in reply["result"]["items"]}

    server.open(home)
    # The second argument of chose(): the choices of the scene named first.
    text = saved.replace('chose("home", "go_out")', 'chose("home", "')
    assert labels(text, 'chose("home", "', len('chose("home", "')) == {"go_out", "gig"}
    # Declared variables in a condition and in {{ }} text.
    text = saved.replace("when: fame < 50 and not met_band", "when: fa")
    assert {"fame", "city", "met_band", "visited"} <= labels(text, "when: fa", len("when: fa"))
    text = saved.replace("You have {{ fame }} fame.", "You have {{ ci")
    assert {"fame", "city"} <= labels(text, "{{ ci", len("{{ ci"))
    # Scene ids in visited() and in renamed_from; pool names after draw: and in available().
    text = saved.replace('chose("home", "go_out")', 'visited("')
    assert {"home", "street", "bar_gig", "the_end"} == labels(text, 'visited("', len('visited("'))
    text = saved.replace("renamed_from: [old_street]", "renamed_from: [")
    assert "home" in labels(text, "renamed_from: [", len("renamed_from: ["))
    assert labels(saved.replace("draw: gigs", "draw: g"), "draw: g", len("draw: g")) == {"gigs"}
    text = saved.replace('chose("home", "go_out")', 'available("')
    assert labels(text, 'available("', len('available("')) == {"gigs"}
    text = saved.replace("        draw: gigs\n", "        draw: gigs\n        ret\n")
    server.change(home, text, 11)
    reply = server.request(
        "textDocument/completion",
        {"textDocument": {"uri": home.as_uri()}, "position": _pos(home, "        ret", len("        ret"), text)},
    )
    items = {i["label"]: i for i in reply["result"]["items"]}
    assert {"goto", "draw", "return_to", "when", "renamed_from"} <= set(items)
    assert "return_to" in items and "$return" in items["return_to"]["documentation"]["value"]
    server.change(home, saved, 12)


def test_hover_on_scene_variable_and_key(server: LspClient, story: Path) -> None:
    home = story / "scenes" / "home.yaml"
    server.open(home)

    def hover(needle: str, offset: int) -> str:
        reply = server.request(
            "textDocument/hover", {"textDocument": {"uri": home.as_uri()}, "position": _pos(home, needle, offset)}
        )
        return reply["result"]["contents"]["value"]

    scene = hover("goto: street", len("goto: s"))
    assert "**The Street** — scene `street`" in scene and "scenes/home.yaml:15" in scene and "> Cars pass." in scene
    variable = hover("when: fame", len("when: f"))
    assert "**fame** — number" in variable and "bounds 0..100" in variable and "initial 5" in variable
    assert "How many people know your name." in variable
    key = hover("renamed_from:", 2)
    assert "**renamed_from** (Scene)" in key and "Ids this scene had before" in key


def test_definition_and_references(server: LspClient, story: Path) -> None:
    home = story / "scenes" / "home.yaml"
    gigs = story / "scenes" / "gigs.yaml"
    server.open(home)
    reply = server.request(
        "textDocument/definition",
        {"textDocument": {"uri": home.as_uri()}, "position": _pos(home, "goto: the_end", len("goto: th"))},
    )
    assert reply["result"] == [
        {"uri": gigs.as_uri(), "range": {"start": _pos(gigs, "the_end", 0), "end": _pos(gigs, "the_end", 7)}}
    ]
    # `street` is defined in home.yaml and used there (goto) and in gigs.yaml's text (visited("street")).
    reply = server.request(
        "textDocument/references",
        {
            "textDocument": {"uri": home.as_uri()},
            "position": _pos(home, "id: street", len("id: s")),
            "context": {"includeDeclaration": True},
        },
    )
    places = sorted((Path(r["uri"]).name, r["range"]["start"]["line"]) for r in reply["result"])
    assert places == [
        ("gigs.yaml", _pos(gigs, 'visited("street")', 0)["line"]),
        ("home.yaml", _pos(home, "goto: street", 0)["line"]),
        ("home.yaml", _pos(home, "id: street", 0)["line"]),
    ]
    # A variable: its declaration in story.yaml, found from a condition.
    reply = server.request(
        "textDocument/definition",
        {"textDocument": {"uri": home.as_uri()}, "position": _pos(home, "not met_band", len("not m"))},
    )
    assert [Path(r["uri"]).name for r in reply["result"]] == ["story.yaml"]


def test_rename_scene_adds_renamed_from(server: LspClient, story: Path) -> None:
    home = story / "scenes" / "home.yaml"
    gigs = story / "scenes" / "gigs.yaml"
    server.open(home)
    reply = server.request(
        "textDocument/rename",
        {"textDocument": {"uri": home.as_uri()}, "position": _pos(home, "id: street", 5), "newName": "avenue"},
    )
    changes = reply["result"]["changes"]
    home_edits = changes[home.as_uri()]
    assert {
        "range": {"start": _pos(home, "old_street]", 10), "end": _pos(home, "old_street]", 10)},
        "newText": ", street",
    } in home_edits
    assert sum(e["newText"] == "avenue" for e in home_edits) == 2  # the id and the goto
    assert [e["newText"] for e in changes[gigs.as_uri()]] == ["avenue"]  # visited("street") in text
    # Applied, the edits give a story that loads, with the old id kept for saves made before the rename.
    renamed = story.parent / "renamed"
    shutil.copytree(story, renamed)
    for uri, edits in changes.items():
        target = renamed / Path(uri.removeprefix("file://")).relative_to(story)
        target.write_text(_apply(target.read_text(encoding="utf-8"), edits), encoding="utf-8")
    loaded, diagnostics = check_story(renamed)
    assert loaded is not None, [str(d) for d in diagnostics]
    assert "avenue" in loaded.scenes and loaded.scene_renames == {"old_street": "avenue", "street": "avenue"}
    # A choice without renamed_from gets one, on the line after its id, at its keys' indentation.
    reply = server.request(
        "textDocument/rename",
        {"textDocument": {"uri": home.as_uri()}, "position": _pos(home, "id: go_out", 5), "newName": "step_out"},
    )
    edits = reply["result"]["changes"][home.as_uri()]
    line = _pos(home, "id: go_out", 0)["line"]
    assert {
        "range": {"start": {"line": line + 1, "character": 0}, "end": {"line": line + 1, "character": 0}},
        "newText": "        renamed_from: [go_out]\n",
    } in edits
    assert sum(e["newText"] == "step_out" for e in edits) == 2  # the id and chose("home", "go_out")
    # Variables are not renamed (saves store their values by name), and a taken id is refused.
    refused = server.request(
        "textDocument/rename",
        {"textDocument": {"uri": home.as_uri()}, "position": _pos(home, "id: street", 5), "newName": "home"},
    )
    assert "already exists" in refused["error"]["message"]


def test_document_symbols(server: LspClient, story: Path) -> None:
    home = story / "scenes" / "home.yaml"
    server.open(home)
    reply = server.request("textDocument/documentSymbol", {"textDocument": {"uri": home.as_uri()}})
    outline = [(s["name"], s.get("detail"), [c["name"] for c in s["children"]]) for s in reply["result"]]
    assert outline == [
        ("home", "Home in {{ city }}", ["go_out", "gig"]),
        ("street", "The Street", ["home_again", "finish"]),
    ]
