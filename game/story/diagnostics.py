"""Numbered diagnostics: every problem a story can have, printed as ``path:line:col: CODE message``.

Codes are stable: tools and WRITING.md refer to them. E-codes are errors (the story will not load);
W-codes are warnings (it loads, but something is probably wrong).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

CODES: dict[str, str] = {
    # Reading files
    "E001": "YAML syntax error",
    "E002": "duplicate key in a mapping",
    "E003": "unsupported or oversized YAML (custom tag, merge key, alias bomb, too deep)",
    "E004": "file cannot be read as UTF-8 text",
    "E005": "story folder or story.yaml missing, or `story:` outside story.yaml",
    # Shape
    "E101": "unknown key",
    "E102": "wrong type or invalid value",
    "E103": "required key missing",
    # Identity
    "E201": "duplicate scene id",
    "E202": "duplicate choice id in a scene",
    "E203": "variable declared twice",
    "E204": "duplicate origin id",
    "E205": "duplicate ending id",
    "E206": "renamed_from names an id still in use",
    "E207": "name reserved for a built-in variable",
    "E208": "a pool's rule is declared twice",
    "E209": "duplicate chapter id",
    # References and flow
    "E301": "target scene does not exist",
    "E302": "pool has no members",
    "E303": "a choice must do exactly one of goto, draw, offer, check",
    "E304": "check is incomplete (stat+difficulty or chance, success and failure)",
    "E305": "an ending scene has choices",
    "E306": "scene has no way out and is not an ending",
    "E307": "choice option used where it does not apply (limit without offer, input on a non-string)",
    "E309": "scene names a chapter the manifest does not declare",
    "E310": "a scored pool has a member without a score",
    "E311": "succeeded() names a choice that is not risky",
    # Variables and expressions
    "E401": "undeclared variable",
    "E402": "expression cannot be read",
    "E403": "expression uses something not allowed",
    "E404": "expression too long or too deep",
    "E405": "value does not fit the variable (type, bounds, allowed values)",
    "E408": "a date or age is used, but the calendar or the origins do not give one",
    # Text
    "E501": "scene text is not a valid template",
    "E502": "scene text uses an undeclared name",
    "E503": "Markdown problem in scene text",
    "E504": "scene text uses something not allowed (attributes, include/import/extends, macros, deep loops)",
    # Warnings
    "W601": "scene cannot be reached from any origin",
    "W602": "pool is drawn from but no member can ever be eligible",
    "W603": "YAML 1.1 read a word as true/false",
    "W604": "story has no endings",
    "W605": "scene can reach no ending",
    "W606": "a repeatable storylet reads the same on every visit",
    "W607": "two members of a scored pool can never be told apart",
    "W608": "a condition compares season with a word that is not a season",
}

Severity = Literal["error", "warning"]
MAX_SHOWN = 300  # characters of a message printed; the rest is counted, not shown


def printable(text: str, limit: int = MAX_SHOWN) -> str:
    """``text`` with control and bidi characters escaped (``\\x1b``, ``\\n``, ``\\u202e``) and cut to ``limit``."""
    out = []
    for ch in text[: limit + 1]:
        code = ord(ch)
        if ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif code < 0x20 or 0x7F <= code < 0xA0:
            out.append(f"\\x{code:02x}")
        elif 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069 or code in (0x200E, 0x200F, 0x061C):
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    shown = "".join(out)
    if len(text) > limit or len(shown) > limit:
        return f"{shown[:limit]}… ({len(text):,} characters)"
    return shown


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    message: str
    path: str
    line: int = 1
    col: int = 1

    @property
    def severity(self) -> Severity:
        return "warning" if self.code.startswith("W") else "error"

    def __str__(self) -> str:
        # One line, safe for a terminal: messages quote story values (a goto of "\e]0;PWNED\a" retitled
        # the terminal), so control characters are escaped and a huge value is cut short.
        return f"{printable(self.path)}:{self.line}:{self.col}: {self.code} {printable(self.message)}"

    def to_json(self) -> dict[str, object]:
        # JSON escapes control characters itself; a 10 MB value is still cut short
        data = {**asdict(self), "severity": self.severity}
        if len(self.message) > MAX_SHOWN * 4:
            data["message"] = f"{self.message[: MAX_SHOWN * 4]}… ({len(self.message):,} characters)"
        return data


class StoryError(Exception):
    """Raised when a story does not load; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        errors = [d for d in diagnostics if d.severity == "error"]
        first = str(errors[0]) if errors else "unknown problem"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{first}{more}")
