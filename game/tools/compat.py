"""`steppe compat OLD NEW`: which saves of the old story version the new one would break.

A save holds the origin, the current scene, the scene a pool member returns to, the variables, and a turn
log of (scene, choice) pairs that is replayed on load. So every old scene is a resume point, every old
choice must still be found when the log is replayed, every old origin must still exist, and every old
variable must still hold the values old saves carry. A declared ``renamed_from`` covers a scene or a choice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from game.story.compiled import Story, VariableSpec


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str  # story | origin | scene | choice | variable
    subject: str  # the old id: "scene", "scene.choice", "variable"
    status: str  # broken | covered | note
    message: str

    def __str__(self) -> str:
        return f"{self.status:<7} {self.kind:<8} {self.subject}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "subject": self.subject, "status": self.status, "message": self.message}


@dataclass(slots=True)
class CompatReport:
    old: str
    new: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def broken(self) -> list[Finding]:
        return [f for f in self.findings if f.status == "broken"]

    @property
    def covered(self) -> list[Finding]:
        return [f for f in self.findings if f.status == "covered"]

    @property
    def failed(self) -> bool:
        return bool(self.broken)

    def to_json(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "ok": not self.failed,
            "broken": len(self.broken),
            "covered": len(self.covered),
            "findings": [f.to_json() for f in self.findings],
        }

    def text(self) -> str:
        lines = [f"Save compatibility: {self.old} -> {self.new}"]
        for status, title in (
            ("broken", "Broken (old saves would fail here)"),
            ("covered", "Covered by a declared rename"),
            ("note", "Notes"),
        ):
            items = [f for f in self.findings if f.status == status]
            if items:
                lines.append(f"{title}: {len(items)}")
                lines.extend(f"  - {f.kind} {f.subject}: {f.message}" for f in items)
        lines.append(
            f"{len(self.broken)} broken, {len(self.covered)} covered by renames — "
            + ("FAILED" if self.failed else "OK")
        )
        return "\n".join(lines)


def _bounds(spec: VariableSpec) -> str:
    return (
        f"{spec.min:g}..{spec.max:g}"
        if spec.min is not None and spec.max is not None
        else f"{spec.min if spec.min is not None else '-inf'}..{spec.max if spec.max is not None else 'inf'}"
    )


def _compare_variable(name: str, old: VariableSpec, new: VariableSpec, report: CompatReport) -> None:
    def add(status: str, message: str) -> None:
        report.findings.append(Finding("variable", name, status, message))

    numeric = ("number", "counter")
    if old.type != new.type and not (old.type == "counter" and new.type == "number"):
        add("broken", f"type changed from {old.type} to {new.type}: old saves hold a {old.type}")
        return
    if old.type in numeric and new.type in numeric:
        low_old = old.min if old.min is not None else float("-inf")
        high_old = old.max if old.max is not None else float("inf")
        low_new = new.min if new.min is not None else float("-inf")
        high_new = new.max if new.max is not None else float("inf")
        if low_new > low_old or high_new < high_old:
            add(
                "broken",
                f"bounds narrowed from {_bounds(old)} to {_bounds(new)}: old saves may hold values outside them",
            )
        elif (low_new, high_new) != (low_old, high_old):
            add("note", f"bounds widened from {_bounds(old)} to {_bounds(new)}")
    if old.type == "string" and new.values:
        dropped = sorted(set(old.values or ()) - set(new.values)) if old.values else None
        if dropped is None:
            add("broken", f"now limited to {', '.join(new.values)}: old saves may hold any text")
        elif dropped:
            add("broken", f"allowed values removed: {', '.join(dropped)}")


def compare(old: Story, new: Story, old_name: str = "old", new_name: str = "new") -> CompatReport:
    """Everything a save made on ``old`` needs from ``new``, and whether ``new`` still has it."""
    report = CompatReport(old_name, new_name)
    add = report.findings.append
    if old.id != new.id:
        add(Finding("story", old.id, "broken", f"story id changed to '{new.id}': saves are refused"))
    if new.version < old.version:
        add(Finding("story", new.id, "broken", f"version went down from {old.version} to {new.version}"))
    elif new.version == old.version:
        add(Finding("story", new.id, "note", f"version is still {new.version}: bump it when you release"))
    for origin in sorted(old.origins):
        if origin not in new.origins:
            add(Finding("origin", origin, "broken", "origin removed: saves of this character cannot load"))
        elif old.origins[origin].start != new.origins[origin].start:
            add(
                Finding(
                    "origin",
                    origin,
                    "note",
                    f"now starts at '{new.origins[origin].start}' "
                    "(old saves replay from the old start and will diverge at once)",
                )
            )
    for scene_id in sorted(old.scenes):
        if scene_id in new.scenes:
            current = scene_id
        else:
            renamed = new.resolve_scene(scene_id)
            if renamed is None:
                add(
                    Finding(
                        "scene", scene_id, "broken", f"scene removed and no scene declares renamed_from: [{scene_id}]"
                    )
                )
                continue
            add(Finding("scene", scene_id, "covered", f"renamed to '{renamed}' (renamed_from)"))
            current = renamed
        new_choices = {c.id for c in new.scenes[current].choices}
        for choice in old.scenes[scene_id].choices:
            subject = f"{scene_id}.{choice.id}"
            if choice.id in new_choices:
                continue
            resolved = new.resolve_choice(current, choice.id)
            if resolved is None:
                add(
                    Finding(
                        "choice",
                        subject,
                        "broken",
                        f"choice removed from '{current}' and no choice there declares renamed_from: [{choice.id}]",
                    )
                )
            else:
                add(Finding("choice", subject, "covered", f"renamed to '{current}.{resolved}' (renamed_from)"))
    for name in sorted(old.variables):
        if name not in new.variables:
            add(
                Finding(
                    "variable", name, "broken", "variable removed: old saves hold a value the story no longer declares"
                )
            )
        else:
            _compare_variable(name, old.variables[name], new.variables[name], report)
    for name in sorted(set(new.variables) - set(old.variables)):
        add(
            Finding(
                "variable",
                name,
                "note",
                f"new variable: old saves get its initial value {new.variables[name].initial!r}",
            )
        )
    for old_id, current in sorted(new.scene_renames.items()):
        if old_id not in old.scenes:
            add(
                Finding(
                    "scene",
                    current,
                    "note",
                    f"declares renamed_from '{old_id}', which the old version "
                    "does not have (a typo, or an older rename)",
                )
            )
    return report
