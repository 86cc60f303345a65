"""The synthetic story as one ink file, scene for scene (``python -m benchmarks.peers.ink STORY OUT.ink``).

Each scene is a knot: its entry effects, title, text and choices. What ink has no word for is written the
way an ink writer would: numbers clamped with ``MIN``/``MAX`` on every change, fairmath as functions that
round as ours does, a pool as a knot that adds up the eligible members' weights, rolls ``RANDOM`` and walks
a balanced tree of thresholds to the member, ``$return`` as a divert-target variable set by the draw, a risky check as
``RANDOM(0, 99) < odds``. Choices whose ``when`` fails are not offered (ink has no dimmed choice; a random
player never takes a locked one anyway). Endings set ``ending`` and stop with ``-> END``. The 400-choice
cap of our playtest is the driver's, counted the same way.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from benchmarks.peers.source import (
    RETURN,
    If,
    Member,
    Part,
    SourceStory,
    Unsupported,
    Value,
    Variable,
    ink_expression,
    parse_template,
    read_story,
    text_lines,
)

_SPECIAL = re.compile(r"([\\{}\[\]|#~*+\-=<>/])")


def escape(text: str) -> str:
    """Ink gives meaning to these characters (choices, logic, diverts, glue, comments): escape them all."""
    return _SPECIAL.sub(r"\\\1", text)


def template(line: str) -> str:
    return "".join(_part(p) for p in parse_template(line))


def _part(part: Part) -> str:
    if isinstance(part, str):
        return escape(part)
    if isinstance(part, Value):
        return f"{{money_text({part.name})}}" if part.money else f"{{{part.name}}}"
    assert isinstance(part, If)
    then = "".join(_part(p) for p in part.then)
    otherwise = "".join(_part(p) for p in part.otherwise)
    return f"{{{ink_expression(part.condition)}:{then}|{otherwise}}}"


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and '"' not in value and "\\" not in value:
        return f'"{value}"'
    raise Unsupported(f"value {value!r}")


def _clamped(var: Variable, expr: str) -> str:
    if var.kind not in ("number", "counter"):
        return expr
    if var.low is not None:
        expr = f"MAX({expr}, {var.low})"
    if var.high is not None:
        expr = f"MIN({expr}, {var.high})"
    return expr


# Our `fair:`: x moves p% of the way to the bound, rounded as Python's round() does (half to even).
# Whole numbers only: inkjs writes 100.0 to its JSON as 100, so float arithmetic would not survive.
FAIRMATH = """\
=== function fair_up(x, high, p) ===
~ temp n = (high - x) * p
~ temp q = x + n / 100
~ temp r = n mod 100
{ r > 50 or (r == 50 and q mod 2 != 0):
  ~ q = q + 1
}
~ return q

=== function fair_down(x, low, p) ===
~ temp n = (x - low) * p
~ temp q = x - n / 100
~ temp r = n mod 100
{ r > 50 or (r == 50 and q mod 2 != 0):
  ~ q = q - 1
}
~ return q

""".splitlines()


def effects(story: SourceStory, block: dict[str, Any] | None, indent: str) -> list[str]:
    """Our effects block in its documented order: set, calc, add, fair, roll, weeks."""
    if not block:
        return []
    out = []
    variables = story.variables
    for name, value in (block.get("set") or {}).items():
        out.append(f"~ {name} = {_clamped(variables[name], _literal(value))}")
    for name, expr in (block.get("calc") or {}).items():
        out.append(f"~ {name} = {_clamped(variables[name], ink_expression(expr))}")
    for name, amount in (block.get("add") or {}).items():
        var = variables[name]
        # Only the bound the change moves toward can be crossed.
        bound = var.high if amount > 0 else var.low
        expr = (
            f"{name} + {amount}" if bound is None else f"{'MIN' if amount > 0 else 'MAX'}({name} + {amount}, {bound})"
        )
        out.append(f"~ {name} = {expr}")
    for name, percent in (block.get("fair") or {}).items():
        var = variables[name]
        if percent >= 0:
            out.append(f"~ {name} = fair_up({name}, {var.high}, {percent})")
        else:
            out.append(f"~ {name} = fair_down({name}, {var.low}, {-percent})")
    for name, (low, high) in (block.get("roll") or {}).items():
        out.append(f"~ {name} = {_clamped(variables[name], f'{name} + RANDOM({low}, {high})')}")
    if block.get("weeks"):
        out.append(f"~ week = week + {int(block['weeks'])}")
    return [indent + line for line in out]


def _goto(target: str) -> str:
    return "-> return_to" if target == RETURN else f"-> {target}"


def _choice(story: SourceStory, scene_id: str, choice: dict[str, Any]) -> list[str]:
    condition = ""
    if choice.get("when") is not None:
        condition = f"{{{ink_expression(choice['when'])}}} "
    if choice.get("draw") is not None:
        pool = choice["draw"]
        if pool not in story.pools:
            raise Unsupported(f"{scene_id}.{choice['id']}: draws from an empty pool {pool}")
        always = any(m.when is None for m in story.pools[pool])
        if not always:
            condition += f"{{available_{pool}()}} "
    lines = [f"+ {condition}[{template(choice['text'])}]"]
    lines += effects(story, choice.get("effects"), "  ")
    if choice.get("draw") is not None:
        lines.append(f"  -> draw_{choice['draw']}(-> {scene_id})")
    elif choice.get("check") is not None:
        check = choice["check"]
        if "stat" not in check:
            raise Unsupported(f"{scene_id}.{choice['id']}: a check by chance: expression")
        chance = f"50 + ({check['stat']} - {int(check['difficulty'])}) * 2"
        lines.append(f"  ~ temp odds = MAX(5, MIN(95, {chance}))")
        success, failure = choice["success"], choice["failure"]
        lines.append("  { RANDOM(0, 99) < odds:")
        lines += _outcome(story, success)
        lines.append("  - else:")
        lines += _outcome(story, failure)
        lines.append("  }")
    else:
        lines.append(f"  {_goto(choice['goto'])}")
    return lines


def _outcome(story: SourceStory, outcome: dict[str, Any]) -> list[str]:
    lines = []
    if outcome.get("text"):
        lines += ["    " + template(line) for line in text_lines(outcome["text"]) if line.strip()]
    lines += effects(story, outcome.get("effects"), "    ")
    lines.append(f"    {_goto(outcome['goto'])}")
    return lines


def scene_knot(story: SourceStory, scene: dict[str, Any]) -> list[str]:
    sid = scene["id"]
    lines = [f"=== {sid} ==="]
    lines += effects(story, scene.get("effects"), "")
    if scene.get("title"):
        lines.append(template(scene["title"]))
    for line in text_lines(scene.get("text")):
        if line.strip():
            lines.append(template(line))
    if scene.get("ending"):
        if scene.get("choices"):
            raise Unsupported(f"{sid}: an ending with choices")
        lines += [f'~ ending = "{scene["ending"]["id"]}"', "-> END"]
        return lines
    choices = scene.get("choices") or []
    if not choices:
        raise Unsupported(f"{sid}: no choices and not an ending")
    for choice in choices:
        lines += _choice(story, sid, choice)
    return lines


def _tree(members: list[tuple[int, str]], indent: str) -> list[str]:
    """A balanced tree of ``r <= threshold`` tests: log2(members) comparisons to find the one drawn."""
    if len(members) == 1:
        return [f"{indent}-> {members[0][1]}"]
    middle = len(members) // 2
    threshold = members[middle - 1][0]
    return [
        f"{indent}{{ r <= {threshold}:",
        *_tree(members[:middle], indent + "  "),
        f"{indent}- else:",
        *_tree(members[middle:], indent + "  "),
        f"{indent}}}",
    ]


def pool_knots(pool: str, members: list[Member]) -> list[str]:
    groups: dict[str | None, list[Member]] = {}
    for member in members:
        groups.setdefault(member.when, []).append(member)
    lines = [f"=== draw_{pool}(-> back) ===", "~ return_to = back", "~ temp total = 0"]
    for when, group in groups.items():
        weight = sum(m.weight for m in group)
        if when is None:
            lines.append(f"~ total = total + {weight}")
        else:
            lines += [f"{{ {ink_expression(when)}:", f"  ~ total = total + {weight}", "}"]
    lines.append("~ temp r = RANDOM(1, total)")
    for index, (when, group) in enumerate(groups.items()):
        weight = sum(m.weight for m in group)
        step = [f"{{ r <= {weight}:", f"  -> draw_{pool}_{index}(r)", "}", f"~ r = r - {weight}"]
        if when is None:
            lines += step
        else:
            lines += [f"{{ {ink_expression(when)}:", *("  " + s for s in step), "}"]
    lines.append("-> END")  # unreachable: the draw is only offered when a member is eligible
    for index, group in enumerate(groups.values()):
        cumulative, running = [], 0
        for member in group:
            running += member.weight
            cumulative.append((running, member.scene))
        lines += ["", f"=== draw_{pool}_{index}(r) ===", *_tree(cumulative, "")]
    conditions = [ink_expression(w) for w in groups if w is not None]
    lines += ["", f"=== function available_{pool}() ===", f"~ return {' or '.join(conditions) or 'true'}"]
    return lines


def to_ink(story: SourceStory) -> str:
    """The whole story as one ink source text."""
    if story.start_week != 1 and not isinstance(story.start_week, int):
        raise Unsupported("calendar start")
    out = [f"// {story.title}: translated from our YAML by benchmarks/peers/ink.py", ""]
    for var in story.variables.values():
        out.append(f"VAR {var.name} = {_literal(var.initial)}")
    first = story.origins[0][1]
    out += [f"VAR week = {story.start_week}", f"VAR return_to = -> {first}", 'VAR ending = ""', "", f"-> {first}", ""]
    out += [
        "=== function money_text(x) ===",
        "// Our `money` filter: 15,000 ₸",
        "{x >= 1000:",
        '  ~ return money_text(x / 1000) + "," + three(x mod 1000)',
        "}",
        '~ return x + " ₸"',
        "",
        "=== function three(x) ===",
        "{x < 10:",
        '  ~ return "00" + x',
        "}",
        "{x < 100:",
        '  ~ return "0" + x',
        "}",
        '~ return "" + x',
        "",
    ]
    out += FAIRMATH
    for origin, start, values in story.origins:
        out.append(f"=== origin_{origin} ===")
        for name, value in values.items():
            out.append(f"~ {name} = {_literal(value)}")
        out += [f"-> {start}", ""]
    for pool, members in story.pools.items():
        out += [*pool_knots(pool, members), ""]
    for _, scenes in story.files:
        for scene in scenes:
            out += [*scene_knot(story, scene), ""]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("story", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    try:
        text = to_ink(read_story(args.story))
    except Unsupported as err:
        print(f"cannot translate {args.story}: {err}", file=sys.stderr)
        return 1
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.out}: {len(text) / 1e6:.1f} MB of ink")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
