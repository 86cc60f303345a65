"""Safe YAML reading that remembers where every value came from.

The file is *composed* (not constructed) with libyaml when available, so every node keeps its line and
column. We then build plain Python data ourselves, which lets us:

- reject duplicate keys (PyYAML silently keeps the last one),
- reject custom tags (only the core schema's types exist),
- cap the expanded size and depth, so an alias bomb fails fast instead of hanging later,
- record a mark for every data path, so errors found after loading still point at ``path:line:col``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:  # libyaml's composer is ~4x faster; the pure-Python one is the fallback.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_NODES = 500_000
MAX_DEPTH = 64

Path = tuple[str | int, ...]

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null",
}
# Plain scalars YAML 1.1 reads as booleans although a writer meant a word.
YAML11_BOOLEAN_WORDS = {"yes", "no", "on", "off", "y", "n"}


@dataclass(frozen=True, slots=True)
class Mark:
    """A 1-based position in a file."""

    line: int
    col: int


@dataclass(slots=True)
class SourceError(Exception):
    """A problem reading the YAML itself; ``code`` is a diagnostic code."""

    code: str
    message: str
    mark: Mark


@dataclass(slots=True)
class SourceDoc:
    """One file's data and the position of every path in it."""

    data: Any
    marks: dict[Path, Mark] = field(default_factory=dict)
    key_marks: dict[Path, Mark] = field(default_factory=dict)
    yaml11_words: list[tuple[Path, str]] = field(default_factory=list)

    def mark(self, path: Path, *, key: bool = False) -> Mark:
        """The closest known mark for ``path``: its own, else its nearest ancestor's."""
        table = self.key_marks if key else self.marks
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if not key and probe in self.key_marks:
                return self.key_marks[probe]
            probe = probe[:-1]
        return self.marks.get((), Mark(1, 1))


def _mark(node: Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    def __init__(self, doc: SourceDoc) -> None:
        self.doc = doc
        self.count = 0
        self.constructor = SafeConstructor()

    def build(self, node: Node, path: Path, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise SourceError("E003", f"the file expands to more than {MAX_NODES:,} values "
                              "(aliases repeated too often?)", _mark(node))
        if depth > MAX_DEPTH:
            raise SourceError("E003", f"the file nests deeper than {MAX_DEPTH} levels", _mark(node))
        self.doc.marks[path] = _mark(node)
        if isinstance(node, ScalarNode):
            if node.tag not in _SCALAR_TAGS:
                raise SourceError("E003", f"the tag {node.tag!r} is not allowed in a story", _mark(node))
            value = self.constructor.yaml_constructors[node.tag](self.constructor, node)
            if isinstance(value, bool) and not node.style and node.value.lower() in YAML11_BOOLEAN_WORDS:
                self.doc.yaml11_words.append((path, node.value))
            return value
        if isinstance(node, SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                raise SourceError("E003", f"the tag {node.tag!r} is not allowed in a story", _mark(node))
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                raise SourceError("E003", f"the tag {node.tag!r} is not allowed in a story", _mark(node))
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                    raise SourceError("E003", "keys must be plain words (no lists, maps or << merges as keys)",
                                      _mark(key_node))
                key = self.build(key_node, (*path, "\0key"), depth + 1)
                if not isinstance(key, (str, int, bool, float)) or key is None:
                    raise SourceError("E003", f"the key {key!r} is not a word", _mark(key_node))
                key = str(key) if not isinstance(key, str) else key
                if key in result:
                    raise SourceError("E002", f"duplicate key '{key}' (the first is at line "
                                      f"{self.doc.key_marks[(*path, key)].line})", _mark(key_node))
                self.doc.key_marks[(*path, key)] = _mark(key_node)
                result[key] = self.build(value_node, (*path, key), depth + 1)
            return result
        raise SourceError("E003", "unsupported YAML node", _mark(node))  # pragma: no cover


def _expanded_size(node: Node, memo: dict[int, int], depth: int) -> int:
    """How many values the tree holds once aliases are expanded, memoised so a bomb costs little."""
    known = memo.get(id(node))
    if known is not None:
        return known
    if depth > MAX_DEPTH:
        raise SourceError("E003", f"the file nests deeper than {MAX_DEPTH} levels", _mark(node))
    if isinstance(node, SequenceNode):
        size = 1 + sum(_expanded_size(child, memo, depth + 1) for child in node.value)
    elif isinstance(node, MappingNode):
        size = 1 + sum(_expanded_size(k, memo, depth + 1) + _expanded_size(v, memo, depth + 1)
                       for k, v in node.value)
    else:
        size = 1
    memo[id(node)] = size
    return size


def parse_yaml(text: str) -> SourceDoc:
    """Parse one YAML document into data plus marks; raise :class:`SourceError` on any problem."""
    try:
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = Mark(mark.line + 1, mark.column + 1) if mark else Mark(1, 1)
        problem = err.problem or err.context or "invalid YAML"
        if err.context and err.problem:
            problem = f"{err.problem} ({err.context})"
        raise SourceError("E001", f"YAML syntax: {problem}", where) from None
    except yaml.YAMLError as err:
        raise SourceError("E001", f"YAML syntax: {err}", Mark(1, 1)) from None
    except RecursionError:
        raise SourceError("E003", f"the file nests deeper than {MAX_DEPTH} levels", Mark(1, 1)) from None
    doc = SourceDoc(data=None)
    if root is None:
        return doc
    size = _expanded_size(root, {}, 0)
    if size > MAX_NODES:
        raise SourceError("E003", f"the file expands to {size:,} values, over the limit of {MAX_NODES:,} "
                          "(aliases repeated too often?)", _mark(root))
    try:
        doc.data = _Builder(doc).build(root, (), 0)
    except yaml.constructor.ConstructorError as err:
        mark = err.problem_mark
        where = Mark(mark.line + 1, mark.column + 1) if mark else Mark(1, 1)
        raise SourceError("E001", f"YAML value: {err.problem}", where) from None
    return doc
