"""The schema says what the format says: every key documented, JSON Schema's own bound names, no per-branch
titles, and the rules between keys (exactly one of goto/draw/offer/check, text unless offer) (issue 14)."""

from game.tools.schema import schema


def _walk(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def test_every_key_is_documented():
    generated = schema()
    undocumented = [
        (name, key)
        for name, definition in generated["$defs"].items()
        for key, prop in definition.get("properties", {}).items()
        if not prop.get("description")
    ]
    undocumented += [("StoryFile", k) for k, p in generated["properties"].items() if not p.get("description")]
    assert undocumented == []


def test_no_titles_on_keys_and_no_pydantic_bounds():
    generated = schema()
    for definition in generated["$defs"].values():
        for prop in definition.get("properties", {}).values():
            assert not any("title" in node for node in _walk(prop))  # no "When || When" in editors
    assert not any({"gt", "ge", "lt", "le"} & node.keys() for node in _walk(generated))
    assert generated["$defs"]["PoolEntry"]["properties"]["weight"]["exclusiveMinimum"] == 0


def test_rules_between_keys_are_expressed():
    defs = schema()["$defs"]
    choice = defs["Choice"]
    one_of, text_rule = choice["allOf"]
    assert [r["required"] for r in one_of["oneOf"]] == [["goto"], ["draw"], ["offer"], ["check"]]
    assert text_rule["anyOf"] == [{"required": ["text"]}, {"required": ["offer"]}]
    assert choice["dependentRequired"]["check"] == ["success", "failure"]
    assert choice["dependentRequired"]["limit"] == ["offer"]
    assert [r["required"] for r in defs["Outcome"]["oneOf"]] == [["goto"], ["draw"]]
    assert [r["required"] for r in defs["Check"]["oneOf"]] == [["stat", "difficulty"], ["chance"]]
