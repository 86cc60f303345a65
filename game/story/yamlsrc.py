"""Safe YAML reading that remembers where every value came from.

The file is *composed* (not constructed) with libyaml when available, so every node keeps its line and
column. We then build plain Python data ourselves, which lets us:

- reject duplicate keys (PyYAML silently keeps the last one),
- reject custom tags (only the core schema's types exist),
- cap the expanded size and depth, so an alias bomb fails fast instead of hanging later,
- record a mark for every data path, so errors found after loading still point at ``path:line:col``.

A parsed file can be kept on disk (see :mod:`game.story.cache`) as plain JSON: its data, the marks of the
shallow paths every load needs (a scene id's line), and the text's hash. The full table of marks is only
needed to report a problem; a document restored from the cache rebuilds it on demand by parsing its text
again, so the positions are exactly those of a fresh parse.
"""

from __future__ import annotations

import math
from collections.abc import Callable
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
# The largest whole number a story may write. Far above any story value (money in tenge included), and
# small enough that nothing downstream overflows: Python refuses to print an int of over 4,300 digits, and
# a float of a huge int raises OverflowError; a hex literal has no digit limit at all.
MAX_INT = 10**15
# The length of an item's id path, ("scenes", i, "id"): those marks are kept with a cached document.
SHALLOW = 3

Path = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"
_SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
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


# (line, col), 1-based: plain tuples, because a big story has a million of them.
Position = tuple[int, int]


@dataclass(slots=True)
class SourceDoc:
    """One file's data and the position of every path in it.

    ``marks`` and ``key_marks`` may be left empty with ``rebuild`` set: a document restored from the cache
    fills them on first need by parsing its text again (``shallow`` answers the common lookups without it).
    """

    data: Any
    marks: dict[Path, Position] = field(default_factory=dict)
    key_marks: dict[Path, Position] = field(default_factory=dict)
    yaml11_words: list[tuple[Path, str]] = field(default_factory=list)
    shallow: dict[tuple[bool, Path], Position] | None = None
    rebuild: Callable[[], SourceDoc] | None = None

    def _full(self) -> None:
        if self.rebuild is not None:
            fresh = self.rebuild()
            self.marks, self.key_marks, self.rebuild = fresh.marks, fresh.key_marks, None

    def mark(self, path: Path, *, key: bool = False) -> Mark:
        """The closest known mark for ``path``: its own, else its nearest ancestor's."""
        probe = tuple(path)
        if self.rebuild is not None:
            known = self.shallow.get((key, probe)) if self.shallow is not None else None
            if known is not None:  # the path's own mark: what the full tables would find first
                return Mark(*known)
            self._full()
        table = self.key_marks if key else self.marks
        while probe:
            if probe in table:
                return Mark(*table[probe])
            if not key and probe in self.key_marks:
                return Mark(*self.key_marks[probe])
            probe = probe[:-1]
        root = self.marks.get(())
        return Mark(*root) if root is not None else Mark(1, 1)

    def shallow_marks(self) -> dict[tuple[bool, Path], Position]:
        """What a cached copy keeps of the marks: where each top-level item's id is (every load asks where a
        scene's id is; anything else is only asked when reporting a problem, and rebuilds the tables)."""
        if self.shallow is None:  # worked out once: a fresh parse is both cached and kept shallow
            self._full()
            self.shallow = {(False, p): m for p, m in self.marks.items() if len(p) == SHALLOW and p[-1] == "id"}
        return self.shallow


def shallow_copy(doc: SourceDoc, text: str) -> SourceDoc:
    """The document keeping only the marks a cached copy keeps (``shallow_marks``); the full tables come
    back, by parsing ``text`` again, the first time anything else is asked."""
    return SourceDoc(
        doc.data, yaml11_words=doc.yaml11_words, shallow=doc.shallow_marks(), rebuild=lambda: parse_yaml(text)
    )


def _mark(node: Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    def __init__(self, doc: SourceDoc) -> None:
        self.doc = doc
        self.count = 0
        self.constructor = SafeConstructor()
        self.constructors = self.constructor.yaml_constructors

    def build(self, node: Node, path: Path, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise SourceError(
                "E003", f"the file expands to more than {MAX_NODES:,} values (aliases repeated too often?)", _mark(node)
            )
        if depth > MAX_DEPTH:
            raise SourceError("E003", f"the file nests deeper than {MAX_DEPTH} levels", _mark(node))
        start = node.start_mark
        self.doc.marks[path] = (start.line + 1, start.column + 1)
        tag = node.tag
        if isinstance(node, ScalarNode):
            if tag == _STR:
                return node.value  # what SafeConstructor.construct_yaml_str gives, without the calls
            if tag not in _SCALAR_TAGS:
                raise SourceError("E003", f"the tag {tag!r} is not allowed in a story", _mark(node))
            try:
                value = self.constructors[tag](self.constructor, node)
            except (ValueError, OverflowError):  # 5,000 digits: over Python's int-string limit
                raise SourceError("E102", "the number is far too large (at most 15 digits)", _mark(node)) from None
            if isinstance(value, bool):
                if not node.style and node.value.lower() in YAML11_BOOLEAN_WORDS:
                    self.doc.yaml11_words.append((path, node.value))
            elif isinstance(value, int):
                if abs(value) > MAX_INT:
                    raise SourceError("E102", "the number is far too large (at most 15 digits)", _mark(node))
            elif isinstance(value, float) and not math.isfinite(value):
                # .nan and .inf cannot be saved (JSON has neither) and make every comparison odd
                shown = "not a number" if math.isnan(value) else "infinite"
                raise SourceError("E102", f"{node.value!r} is {shown}: use a finite number", _mark(node))
            return value
        if isinstance(node, SequenceNode):
            if tag != _SEQ:
                raise SourceError("E003", f"the tag {tag!r} is not allowed in a story", _mark(node))
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            if tag != _MAP:
                raise SourceError("E003", f"the tag {tag!r} is not allowed in a story", _mark(node))
            result: dict[Any, Any] = {}
            key_marks = self.doc.key_marks
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode) or key_node.tag == _MERGE:
                    raise SourceError(
                        "E003", "keys must be plain words (no lists, maps or << merges as keys)", _mark(key_node)
                    )
                key = self.build(key_node, (*path, "\0key"), depth + 1)
                if not isinstance(key, (str, int, bool, float)) or key is None:
                    raise SourceError("E003", f"the key {key!r} is not a word", _mark(key_node))
                key = str(key) if not isinstance(key, str) else key
                if key in result:
                    raise SourceError(
                        "E002",
                        f"duplicate key '{key}' (the first is at line {key_marks[(*path, key)][0]})",
                        _mark(key_node),
                    )
                key_path = (*path, key)
                key_start = key_node.start_mark
                key_marks[key_path] = (key_start.line + 1, key_start.column + 1)
                result[key] = self.build(value_node, key_path, depth + 1)
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
        size = 1 + sum(_expanded_size(k, memo, depth + 1) + _expanded_size(v, memo, depth + 1) for k, v in node.value)
    else:
        size = 1
    memo[id(node)] = size
    return size


_RESOLVED: dict[tuple[str, tuple[bool, bool]], str] = {}
_RESOLVED_LIMIT = 100_000


class _MemoLoader(_Loader):  # type: ignore[misc,valid-type]
    """libyaml's composer asks the (pure-Python, regex-based) resolver for the tag of every plain scalar;
    keys and short values repeat endlessly in a story ("id", "goto", "true"), and without path resolvers
    (the safe loader has none) the answer depends only on the text, so short ones are remembered."""

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is ScalarNode and len(value) <= 64:
            key = (value, implicit)
            tag = _RESOLVED.get(key)
            if tag is None:
                if len(_RESOLVED) >= _RESOLVED_LIMIT:
                    _RESOLVED.clear()
                tag = _RESOLVED[key] = super().resolve(kind, value, implicit)
            return tag
        return super().resolve(kind, value, implicit)  # type: ignore[no-any-return]


def forget_resolved() -> None:
    """Drop the remembered tags (a one-time load's last step: each entry keeps a short string alive)."""
    _RESOLVED.clear()


def _compose(text: str) -> Node | None:
    try:
        loader = _MemoLoader(text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.reader.ReaderError as err:
        # A control character: PyYAML gives a character offset and a two-line message; report the real line
        # and column, on one line.
        where = _position(text, err.position)
        shown = f"U+{err.character:04X}" if isinstance(err.character, int) else repr(err.character)
        raise SourceError(
            "E001", f"YAML syntax: the control character {shown} is not allowed in a story file", where
        ) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = Mark(mark.line + 1, mark.column + 1) if mark else Mark(1, 1)
        if "nesting depth" in f"{err.problem} {err.context}":
            # libyaml 0.2.6 (PyYAML 6.0.4) refuses deep nesting itself, at a depth (1,000) past our own cap:
            # it is the same mistake, so it gets the same code whichever PyYAML is installed.
            raise SourceError("E003", f"the file nests deeper than {MAX_DEPTH} levels", where) from None
        problem = err.problem or err.context or "invalid YAML"
        if err.context and err.problem:
            problem = f"{err.problem} ({err.context})"
        raise SourceError("E001", f"YAML syntax: {problem}", where) from None
    except yaml.YAMLError as err:
        raise SourceError("E001", f"YAML syntax: {err}", Mark(1, 1)) from None
    except RecursionError:
        raise SourceError("E003", f"the file nests deeper than {MAX_DEPTH} levels", Mark(1, 1)) from None


def _position(text: str, offset: int) -> Mark:
    """The 1-based line and column of a character offset."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    return Mark(line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def parse_yaml(text: str) -> SourceDoc:
    """Parse one YAML document into data plus marks; raise :class:`SourceError` on any problem."""
    root = _compose(text)
    doc = SourceDoc(data=None)
    if root is None:
        return doc
    # Without an anchor there is no alias, so the tree's expanded size is the number of nodes the builder
    # counts anyway: the separate walk is only needed when '&' appears. Any error from the builder on such
    # a file is re-checked with the walk first, so the message is the one the walk would have given.
    aliased = "&" in text
    if aliased:
        _check_size(root)
    try:
        doc.data = _Builder(doc).build(root, (), 0)
    except SourceError:
        if not aliased:
            _check_size(root)
        raise
    except yaml.constructor.ConstructorError as err:
        if not aliased:
            _check_size(root)
        mark = err.problem_mark
        where = Mark(mark.line + 1, mark.column + 1) if mark else Mark(1, 1)
        raise SourceError("E001", f"YAML value: {err.problem}", where) from None
    return doc


def _check_size(root: Node) -> None:
    size = _expanded_size(root, {}, 0)
    if size > MAX_NODES:
        raise SourceError(
            "E003",
            f"the file expands to {size:,} values, over the limit of {MAX_NODES:,} (aliases repeated too often?)",
            _mark(root),
        )
