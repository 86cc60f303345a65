"""Read a synthetic story (``benchmarks.gen_story``) for translation, and translate its expressions and text.

Only what the generator writes is supported: number/string/flag/counter variables, origins that set
values, scenes with a title, text (Markdown lines with ``{{ name }}``, ``{{ money | money }}`` and one-line
``{% if %}…{% else %}…{% endif %}``), entry effects, pool memberships (``when``, ``weight``), endings, and
choices with ``when``/``locked``, effects (``set``, ``calc``, ``add``, ``fair``, ``roll``, ``weeks``),
``goto`` (a scene or ``$return``), ``draw`` and ``check`` (``stat``/``difficulty`` or ``chance``). Anything
else raises :class:`Unsupported`, naming the scene and key, so a peer is never timed on a partial story.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

RETURN = "$return"
MAX_TURNS = 400  # the same cap as our playtest's (game.engine.playtest.MAX_TURNS): a run ends as a "loop"


class Unsupported(ValueError):
    """The story uses something the translators do not handle."""


@dataclass(slots=True)
class Variable:
    name: str
    kind: str  # number | string | flag | counter
    initial: Any
    low: int | None = None
    high: int | None = None


@dataclass(slots=True)
class Member:
    scene: str
    when: str | None
    weight: int


@dataclass(slots=True)
class SourceStory:
    title: str
    variables: dict[str, Variable]
    origins: list[tuple[str, str, dict[str, Any]]]  # (id, start scene, values set)
    files: list[tuple[str, list[dict[str, Any]]]]  # (file stem, scenes in order)
    pools: dict[str, list[Member]] = field(default_factory=dict)
    start_week: int = 1

    @property
    def scenes(self) -> dict[str, dict[str, Any]]:
        return {s["id"]: s for _, scenes in self.files for s in scenes}

    def file_of(self) -> dict[str, str]:
        return {s["id"]: stem for stem, scenes in self.files for s in scenes}


SCENE_KEYS = {"id", "title", "teaser", "pool", "ending", "effects", "text", "choices"}
CHOICE_KEYS = {"id", "text", "when", "locked", "effects", "goto", "draw", "check", "success", "failure"}
EFFECT_KEYS = {"set", "calc", "add", "fair", "roll", "weeks"}


def read_story(root: Path) -> SourceStory:
    manifest = yaml.load((root / "story.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    variables: dict[str, Variable] = {}
    for name, spec in manifest["variables"].items():
        kind = spec["type"]
        if kind == "number":
            variables[name] = Variable(name, kind, spec.get("initial", spec["min"]), spec["min"], spec["max"])
        elif kind == "counter":
            variables[name] = Variable(name, kind, spec.get("initial", 0), 0, spec.get("max"))
        elif kind == "string":
            variables[name] = Variable(name, kind, spec.get("initial", ""))
        elif kind == "flag":
            variables[name] = Variable(name, kind, bool(spec.get("initial", False)))
        else:
            raise Unsupported(f"variable {name}: type {kind}")
    origins = [(o["id"], o["start"], dict(o.get("set") or {})) for o in manifest["origins"]]
    files = []
    for path in sorted(root.rglob("*.yaml")):
        if path.name == "story.yaml":
            continue
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        if set(data) != {"scenes"}:
            raise Unsupported(f"{path}: top-level keys {sorted(data)}")
        files.append((path.stem, data["scenes"]))
    story = SourceStory(manifest["story"]["title"], variables, origins, files)
    story.start_week = manifest["story"].get("calendar", {}).get("start_week", 1)
    for _, scenes in files:
        for scene in scenes:
            _check_scene(scene)
            pool = scene.get("pool")
            if pool is not None:
                if set(pool) - {"name", "when", "weight"}:
                    raise Unsupported(f"scene {scene['id']}: pool keys {sorted(pool)}")
                member = Member(scene["id"], pool.get("when"), int(pool.get("weight", 1)))
                story.pools.setdefault(pool["name"], []).append(member)
    return story


def _check_scene(scene: dict[str, Any]) -> None:
    extra = set(scene) - SCENE_KEYS
    if extra:
        raise Unsupported(f"scene {scene['id']}: keys {sorted(extra)}")
    _check_effects(scene["id"], scene.get("effects"))
    for choice in scene.get("choices", []):
        extra = set(choice) - CHOICE_KEYS
        if extra:
            raise Unsupported(f"choice {scene['id']}.{choice['id']}: keys {sorted(extra)}")
        _check_effects(f"{scene['id']}.{choice['id']}", choice.get("effects"))
        for outcome in (choice.get("success"), choice.get("failure")):
            if outcome is not None:
                if set(outcome) - {"text", "effects", "goto"}:
                    raise Unsupported(f"choice {scene['id']}.{choice['id']}: outcome keys {sorted(outcome)}")
                _check_effects(f"{scene['id']}.{choice['id']}", outcome.get("effects"))


def _check_effects(where: str, effects: dict[str, Any] | None) -> None:
    if effects and set(effects) - EFFECT_KEYS:
        raise Unsupported(f"{where}: effects keys {sorted(set(effects) - EFFECT_KEYS)}")


# --- expressions ---------------------------------------------------------------------------------------------

Emit = Callable[[ast.AST], str]


def parse_expression(text: str) -> ast.expr:
    """Our expressions are a small Python-like language; the generated ones parse as Python."""
    try:
        return ast.parse(text, mode="eval").body
    except SyntaxError as err:
        raise Unsupported(f"expression {text!r}: {err}") from err


INK_OPS = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
ARITH = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*"}


def ink_expression(text: str) -> str:
    return _ink(parse_expression(text), text)


def _ink(node: ast.AST, text: str) -> str:
    if isinstance(node, ast.BoolOp):
        word = " and " if isinstance(node.op, ast.And) else " or "
        return "(" + word.join(_ink(v, text) for v in node.values) + ")"
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return f"(not {_ink(node.operand, text)})"
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return f"(-{_ink(node.operand, text)})"
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in INK_OPS:
        return f"({_ink(node.left, text)} {INK_OPS[type(node.ops[0])]} {_ink(node.comparators[0], text)})"
    if isinstance(node, ast.BinOp) and type(node.op) in ARITH:
        return f"({_ink(node.left, text)} {ARITH[type(node.op)]} {_ink(node.right, text)})"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("min", "max"):
        return f"{node.func.id.upper()}(" + ", ".join(_ink(a, text) for a in node.args) + ")"
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Constant) and isinstance(node.value, bool):
        return "true" if node.value else "false"
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return str(node.value)
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and '"' not in node.value:
        return f'"{node.value}"'
    raise Unsupported(f"expression {text!r}: {ast.dump(node)[:60]}")


CS_OPS = {ast.Eq: "=", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}


def cs_expression(text: str) -> str:
    """ChoiceScript wants every binary operation in parentheses, and has no min/max."""
    return _cs(parse_expression(text), text)


def _cs(node: ast.AST, text: str) -> str:
    if isinstance(node, ast.BoolOp):
        word = " and " if isinstance(node.op, ast.And) else " or "
        parts = [_cs(v, text) for v in node.values]
        joined = parts[0]
        for part in parts[1:]:
            joined = f"({joined}{word}{part})"
        return joined
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return f"not({_cs(node.operand, text)})"
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return f"(0 - {_cs(node.operand, text)})"
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in CS_OPS:
        return f"({_cs(node.left, text)} {CS_OPS[type(node.ops[0])]} {_cs(node.comparators[0], text)})"
    if isinstance(node, ast.BinOp) and type(node.op) in ARITH:
        return f"({_cs(node.left, text)} {ARITH[type(node.op)]} {_cs(node.right, text)})"
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Constant) and isinstance(node.value, bool):
        return "true" if node.value else "false"
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return str(node.value)
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and '"' not in node.value:
        return f'"{node.value}"'
    raise Unsupported(f"expression {text!r} (ChoiceScript): {ast.dump(node)[:60]}")


# --- text templates ------------------------------------------------------------------------------------------

_TAG = re.compile(r"\{\{\s*(.+?)\s*\}\}|\{%\s*(.+?)\s*%\}")


@dataclass(slots=True)
class Value:
    name: str
    money: bool  # the `money` filter


@dataclass(slots=True)
class If:
    condition: str
    then: list[Part]
    otherwise: list[Part]


Part = str | Value | If


def parse_template(line: str) -> list[Part]:
    """One line of a template as text, values and if/else (nested); raises Unsupported for anything else."""
    if "{#" in line:
        raise Unsupported(f"template comment in {line!r}")
    root: list[Part] = []
    stack: list[tuple[If, bool]] = []  # the open ifs, and whether we are in their else part

    def target() -> list[Part]:
        if not stack:
            return root
        node, in_else = stack[-1]
        return node.otherwise if in_else else node.then

    position = 0
    for match in _TAG.finditer(line):
        if match.start() > position:
            target().append(line[position : match.start()])
        position = match.end()
        value, tag = match.group(1), match.group(2)
        if value is not None:
            name, _, flt = (p.strip() for p in value.partition("|"))
            if not name.isidentifier() or flt not in ("", "money"):
                raise Unsupported(f"substitution {{{{ {value} }}}}")
            target().append(Value(name, flt == "money"))
        elif tag.startswith("if "):
            node = If(tag[3:].strip(), [], [])
            target().append(node)
            stack.append((node, False))
        elif tag == "else" and stack and not stack[-1][1]:
            stack[-1] = (stack[-1][0], True)
        elif tag == "endif" and stack:
            stack.pop()
        else:
            raise Unsupported(f"template tag {{% {tag} %}}")
    if stack or "{{" in line[position:] or "{%" in line[position:]:
        raise Unsupported(f"unbalanced template line {line!r}")
    if position < len(line):
        root.append(line[position:])
    return root


def text_lines(text: str | None) -> list[str]:
    """A scene's text as its lines (blank lines kept: they separate paragraphs)."""
    return [] if not text else text.strip("\n").split("\n")
