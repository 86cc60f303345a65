"""``steppe saves check``: would each save in a folder load in the current story, and if not, why."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.saves.format import strip_control
from game.saves.gallery import Gallery
from game.saves.store import BACKUP_SUFFIX, SaveStore, SlotInfo

if TYPE_CHECKING:
    from game.story.compiled import Story

OK, FALLBACK, DAMAGED = "ok", "fallback", "damaged"


@dataclass(slots=True)
class SlotCheck:
    info: SlotInfo
    status: str  # ok | fallback | damaged
    reasons: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        info = self.info
        return {
            "slot": info.slot,
            "name": info.display,
            "kind": info.kind,
            "status": self.status,
            "reasons": self.reasons,
            "musician": info.musician,
            "scene": info.scene,
            "week": info.week,
            "saved_at": info.saved_at.isoformat() if info.saved_at else None,
        }


@dataclass(slots=True)
class FolderCheck:
    folder: Path
    slots: list[SlotCheck]
    gallery_damaged: str | None = None

    def count(self, status: str) -> int:
        return sum(1 for s in self.slots if s.status == status)

    @property
    def failed(self) -> bool:
        return self.count(DAMAGED) > 0

    def to_json(self) -> dict[str, Any]:
        return {
            "folder": str(self.folder),
            "ok": self.count(OK),
            "fallback": self.count(FALLBACK),
            "damaged": self.count(DAMAGED),
            "gallery_damaged": self.gallery_damaged,
            "saves": [s.to_json() for s in self.slots],
        }


def classify(info: SlotInfo) -> SlotCheck:
    if not info.loadable:
        return SlotCheck(info, DAMAGED, [info.damaged or "cannot be loaded"])
    if info.from_backup:
        return SlotCheck(info, FALLBACK, [f"the save is damaged ({info.damaged}); its backup loads", *info.notes])
    if info.resumes_elsewhere:
        return SlotCheck(info, FALLBACK, list(info.notes))
    return SlotCheck(info, OK, list(info.notes))  # notes here: variables the story added or dropped


def _backup_check(info: SlotInfo) -> SlotCheck:
    """A damaged backup, listed as a damaged save of its own (it would be set aside on the next save)."""
    backup = replace(info, slot=f"{info.slot}{BACKUP_SUFFIX}", kind="backup", saved_at=None, notes=[])
    reason = f"the backup file is damaged ({info.backup_damaged}); it will be moved aside, not overwritten"
    return SlotCheck(backup, DAMAGED, [reason])


def check_folder(folder: Path, story: Story) -> FolderCheck:
    store = SaveStore(folder, story)
    checks = []
    for info in store.list_slots():
        checks.append(classify(info))
        if info.backup_damaged is not None:
            checks.append(_backup_check(info))
    result = FolderCheck(folder, checks)
    if (folder / "gallery.json").exists():
        result.gallery_damaged = Gallery(folder).damaged
    return result


def format_check(result: FolderCheck, story: Story) -> list[str]:
    lines = [f"{result.folder}: saves checked against '{story.id}' v{story.version}"]
    # Names and reasons come from files anyone could have made: no control characters reach the terminal.
    width = max((len(strip_control(s.info.slot)) for s in result.slots), default=4)
    for check in result.slots:
        info = check.info
        where = f"{info.musician} · {info.scene_title} · week {info.week}" if info.saved_at else ""
        lines.append(f"  {check.status:<8}  {strip_control(info.slot):<{width}}  {where}".rstrip())
        lines.extend(f"  {'':<8}  {'':<{width}}  - {strip_control(reason)}" for reason in check.reasons)
    if result.gallery_damaged:
        lines.append(f"  gallery.json is damaged ({result.gallery_damaged}); it is kept and will be moved aside")
    lines.append(
        f"{len(result.slots)} saves: {result.count(OK)} load cleanly, {result.count(FALLBACK)} fall back, "
        f"{result.count(DAMAGED)} damaged"
    )
    return lines
