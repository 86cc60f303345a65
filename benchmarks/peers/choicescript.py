"""The synthetic story as a ChoiceScript game, scene for scene (``python -m benchmarks.peers.choicescript``).

Each of our files becomes a ChoiceScript scene file and each of our scenes a ``*label`` in it; ``startup``
creates the variables and picks the origin with ``*rand``; each pool is a ``*label`` in ``pools.txt`` that
adds up the eligible members' weights, rolls ``*rand`` and walks a balanced tree of thresholds, and
``$return`` is ``*goto_scene {ret_scene} {ret_label}``, set by the draw. Locked choices are
``*selectable_if`` (randomtest never picks an unselectable option); numbers are clamped after each change
(ChoiceScript has no min/max); ``fair:`` is worked out and rounded half to even as ours is (ChoiceScript's
own ``%+`` rounds down, so the runs would part). A ``turns`` counter ends a run with ``*ending`` after 400
choices, our playtest's cap, since randomtest would otherwise play a looping run forever. ChoiceScript has
no thousands separator, so the ending's money reads ``15000 ₸``.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from benchmarks.peers.source import (
    MAX_TURNS,
    RETURN,
    If,
    Member,
    Part,
    SourceStory,
    Unsupported,
    Value,
    Variable,
    cs_expression,
    parse_expression,
    parse_template,
    read_story,
    text_lines,
)

GAME = "steppe_bench"
_SPECIAL = re.compile(r"[$@\[\]{}]")


def _text(text: str) -> str:
    if _SPECIAL.search(text) or text.lstrip().startswith(("*", "#")):
        raise Unsupported(f"text with ChoiceScript syntax in it: {text!r}")
    return text


def _inline(parts: list[Part]) -> str:
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(_text(part))
        elif isinstance(part, Value):
            out.append(f"${{{part.name}}} ₸" if part.money else f"${{{part.name}}}")
        else:
            raise Unsupported("an inline {% if %} that is not a whole line")
    return "".join(out)


def template_lines(line: str, indent: str) -> list[str]:
    """One line of our text: plain text with ${} substitutions, or a whole-line if/else as *if/*else."""
    parts = parse_template(line)
    if len(parts) == 1 and isinstance(parts[0], If):
        node = parts[0]
        lines = [f"{indent}*if {cs_expression(node.condition)}", f"{indent}  {_inline(node.then)}"]
        if node.otherwise:
            lines += [f"{indent}*else", f"{indent}  {_inline(node.otherwise)}"]
        return lines
    return [indent + _inline(parts)]


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and '"' not in value:
        return f'"{value}"'
    raise Unsupported(f"value {value!r}")


def _clamp(var: Variable, indent: str, low: bool = True, high: bool = True) -> list[str]:
    out = []
    if high and var.high is not None:
        out += [f"{indent}*if {var.name} > {var.high}", f"{indent}  *set {var.name} {var.high}"]
    if low and var.low is not None:
        out += [f"{indent}*if {var.name} < {var.low}", f"{indent}  *set {var.name} {var.low}"]
    return out


def _calc(var: Variable, text: str, indent: str) -> list[str]:
    """``calc`` may use min/max, which ChoiceScript lacks: written as *if/*else on the two values."""
    node = parse_expression(text)
    import ast

    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("min", "max"):
        if len(node.args) != 2:
            raise Unsupported(f"calc {text!r}")
        a, b = (cs_expression(ast.unparse(arg)) for arg in node.args)
        pick_a = "<=" if node.func.id == "min" else ">="
        lines = [f"{indent}*if {a} {pick_a} {b}", f"{indent}  *set {var.name} {a}", f"{indent}*else"]
        lines.append(f"{indent}  *set {var.name} {b}")
    else:
        lines = [f"{indent}*set {var.name} {cs_expression(text)}"]
    return lines + _clamp(var, indent)


def _fair(var: Variable, percent: int, indent: str) -> list[str]:
    """Our ``fair:``, rounded half to even as ours is (ChoiceScript's own ``%+`` rounds down)."""
    assert var.low is not None and var.high is not None
    if percent >= 0:
        distance, sign, step = f"({var.high} - {var.name})", "+", "+1"
    else:
        low = f"({var.name} + {-var.low})" if var.low < 0 else f"({var.name} - {var.low})"
        distance, sign, step = low, "-", "-1"
    odd = "((fair_q modulo 2) != 0)"
    return [
        f"{indent}*set fair_n ({distance} * {abs(percent)})",
        f"{indent}*set fair_r (fair_n modulo 100)",
        f"{indent}*set fair_q ({var.name} {sign} ((fair_n - fair_r) / 100))",
        f"{indent}*if ((fair_r > 50) or ((fair_r = 50) and {odd}))",
        f"{indent}  *set fair_q {step}",
        f"{indent}*set {var.name} fair_q",
    ]


def effects(story: SourceStory, block: dict[str, Any] | None, indent: str) -> list[str]:
    if not block:
        return []
    out: list[str] = []
    variables = story.variables
    for name, value in (block.get("set") or {}).items():
        out.append(f"{indent}*set {name} {_literal(value)}")
    for name, expr in (block.get("calc") or {}).items():
        out += _calc(variables[name], expr, indent)
    for name, amount in (block.get("add") or {}).items():
        out.append(f"{indent}*set {name} {'+' if amount >= 0 else '-'}{abs(amount)}")
        out += _clamp(variables[name], indent, low=amount < 0, high=amount > 0)
    for name, percent in (block.get("fair") or {}).items():
        out += _fair(variables[name], percent, indent)
    for name, (low, high) in (block.get("roll") or {}).items():
        out += [f"{indent}*rand roll {low} {high}", f"{indent}*set {name} +roll", *_clamp(variables[name], indent)]
    if block.get("weeks"):
        out.append(f"{indent}*set week +{int(block['weeks'])}")
    return out


class Writer:
    def __init__(self, story: SourceStory) -> None:
        self.story = story
        self.file_of = story.file_of()

    def goto(self, here: str, target: str, indent: str) -> str:
        if target == RETURN:
            return f"{indent}*goto_scene {{ret_scene}} {{ret_label}}"
        if self.file_of[target] == here:
            return f"{indent}*goto {target}"
        return f"{indent}*goto_scene {self.file_of[target]} {target}"

    def scene(self, file: str, scene: dict[str, Any]) -> list[str]:
        sid = scene["id"]
        lines = [f"*label {sid}"]
        if not scene.get("ending"):
            lines += [f"*if turns >= {MAX_TURNS}", "  *ending"]
        lines += effects(self.story, scene.get("effects"), "")
        if scene.get("title"):
            lines += [f"[b]{line}[/b]" for line in template_lines(scene["title"], "")]
            lines.append("")
        for line in text_lines(scene.get("text")):
            lines += template_lines(line, "") if line.strip() else [""]
        if scene.get("ending"):
            return [*lines, "", f'*set ending "{scene["ending"]["id"]}"', "*ending", ""]
        choices = scene.get("choices") or []
        # A draw from a pool whose members all have conditions is offered only when one is eligible.
        for pool in sorted({c["draw"] for c in choices if c.get("draw")}):
            if all(m.when is not None for m in self.story.pools[pool]):
                lines.append(f"*gosub_scene pools available_{pool}")
        lines += ["", "*choice"]
        for choice in choices:
            lines += self.choice(file, sid, choice)
        return [*lines, ""]

    def choice(self, file: str, sid: str, choice: dict[str, Any]) -> list[str]:
        text = "".join(template_lines(choice["text"], ""))
        conditions = []
        if choice.get("when") is not None:
            conditions.append(cs_expression(choice["when"]))
        pool = choice.get("draw")
        if pool is not None and all(m.when is not None for m in self.story.pools[pool]):
            conditions.append(f"available_{pool}")
        if not conditions:
            head = f"  #{text}"
        else:
            joined = conditions[0] if len(conditions) == 1 else f"({conditions[0]} and {conditions[1]})"
            head = f"  *selectable_if ({joined}) #{text}"
        lines = [head, "    *set turns +1", *effects(self.story, choice.get("effects"), "    ")]
        if pool is not None:
            lines += [
                f'    *set ret_scene "{file}"',
                f'    *set ret_label "{sid}"',
                f"    *goto_scene pools draw_{pool}",
            ]
        elif choice.get("check") is not None:
            check = choice["check"]
            if "stat" not in check:
                raise Unsupported(f"{sid}.{choice['id']}: a check by chance: expression")
            lines += [
                f"    *set odds (50 + (({check['stat']} - {int(check['difficulty'])}) * 2))",
                "    *if odds > 95",
                "      *set odds 95",
                "    *if odds < 5",
                "      *set odds 5",
                "    *rand roll 0 99",
                "    *if roll < odds",
                *self.outcome(file, choice["success"], "      "),
                "    *else",
                *self.outcome(file, choice["failure"], "      "),
            ]
        else:
            lines.append(self.goto(file, choice["goto"], "    "))
        return lines

    def outcome(self, file: str, outcome: dict[str, Any], indent: str) -> list[str]:
        lines = []
        for line in text_lines(outcome.get("text")):
            if line.strip():
                lines += template_lines(line, indent)
        lines += effects(self.story, outcome.get("effects"), indent)
        return [*lines, self.goto(file, outcome["goto"], indent)]


def _tree(members: list[tuple[int, str]], writer: Writer, indent: str) -> list[str]:
    if len(members) == 1:
        return [writer.goto("pools", members[0][1], indent)]
    middle = len(members) // 2
    return [
        f"{indent}*if r <= {members[middle - 1][0]}",
        *_tree(members[:middle], writer, indent + "  "),
        f"{indent}*else",
        *_tree(members[middle:], writer, indent + "  "),
    ]


def pools_scene(story: SourceStory, writer: Writer) -> list[str]:
    lines = ["*comment the storylet pools: a weighted draw each, and whether any member is eligible", ""]
    for pool, members in story.pools.items():
        groups: dict[str | None, list[Member]] = {}
        for member in members:
            groups.setdefault(member.when, []).append(member)
        lines += [f"*label draw_{pool}", "*set total 0"]
        for when, group in groups.items():
            weight = sum(m.weight for m in group)
            if when is None:
                lines.append(f"*set total +{weight}")
            else:
                lines += [f"*if {cs_expression(when)}", f"  *set total +{weight}"]
        lines.append("*rand r 1 total")
        for index, (when, group) in enumerate(groups.items()):
            weight = sum(m.weight for m in group)
            step = [f"*if r <= {weight}", f"  *goto draw_{pool}_{index}", f"*set r -{weight}"]
            lines += step if when is None else [f"*if {cs_expression(when)}", *("  " + s for s in step)]
        lines += ["*ending", ""]
        for index, group in enumerate(groups.values()):
            cumulative, running = [], 0
            for member in group:
                running += member.weight
                cumulative.append((running, member.scene))
            lines += [f"*label draw_{pool}_{index}", *_tree(cumulative, writer, ""), ""]
        conditions = [cs_expression(w) for w in groups if w is not None]
        if all(w is not None for w in groups):
            lines += [f"*label available_{pool}", f"*set available_{pool} false"]
            for condition in conditions:
                lines += [f"*if {condition}", f"  *set available_{pool} true"]
            lines += ["*return", ""]
    return lines


def write_game(story: SourceStory, scenes_dir: Path) -> list[str]:
    """Write startup.txt, pools.txt and one file per story file into ``scenes_dir``; returns the scene names."""
    writer = Writer(story)
    scenes_dir.mkdir(parents=True, exist_ok=True)
    names = [stem for stem, _ in story.files]
    startup = [f"*title {story.title}", "*author benchmarks/peers/choicescript.py", "*scene_list", "  startup"]
    startup += [f"  {name}" for name in names] + ["  pools", ""]
    for var in story.variables.values():
        startup.append(f"*create {var.name} {_literal(var.initial)}")
    startup += [
        "*create implicit_control_flow true",  # a text line's *if/*else falls through to the next line
        f"*create week {story.start_week}",
        "*create turns 0",
        '*create ret_scene "startup"',
        '*create ret_label "start"',
        '*create ending ""',
        "*create total 0",
        "*create r 0",
        "*create roll 0",
        "*create odds 0",
        "*create origin 0",
        "*create fair_n 0",
        "*create fair_r 0",
        "*create fair_q 0",
    ]
    startup += [f"*create available_{pool} false" for pool in story.pools]
    startup += ["", f"*rand origin 1 {len(story.origins)}"]
    for index, (_, start, values) in enumerate(story.origins, 1):
        startup.append(f"*if origin = {index}")
        startup += [f"  *set {name} {_literal(value)}" for name, value in values.items()]
        startup.append(writer.goto("startup", start, "  "))
    startup.append("*ending")
    (scenes_dir / "startup.txt").write_text("\n".join(startup) + "\n", encoding="utf-8")
    for stem, scenes in story.files:
        body: list[str] = []
        for scene in scenes:
            body += writer.scene(stem, scene)
        (scenes_dir / f"{stem}.txt").write_text("\n".join(body) + "\n", encoding="utf-8")
    (scenes_dir / "pools.txt").write_text("\n".join(pools_scene(story, writer)) + "\n", encoding="utf-8")
    return ["startup", *names, "pools"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("story", type=Path)
    parser.add_argument("scenes_dir", type=Path, help="e.g. CHECKOUT/web/steppe_bench/scenes")
    args = parser.parse_args(argv)
    try:
        names = write_game(read_story(args.story), args.scenes_dir)
    except Unsupported as err:
        print(f"cannot translate {args.story}: {err}", file=sys.stderr)
        return 1
    print(f"{args.scenes_dir}: {len(names)} ChoiceScript scenes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
