"""One line per diagnostic code saying how to fix it (the editor shows it under the message).

The same advice as the "fix" column of WRITING.md's table of codes, shortened to one line and with no
links (editors show links badly, and the server works offline).
"""

from __future__ import annotations

FIXES: dict[str, str] = {
    "E001": "look at this line or the one before it; indent with spaces, close quotes and brackets",
    "E002": "keep one of the two keys (merge their contents)",
    "E003": "write plain YAML: mappings, lists, text, numbers, true/false",
    "E004": "save the file as UTF-8",
    "E005": "keep `story:` in the folder's story.yaml only",
    "E101": "fix the key's spelling or its indentation",
    "E102": "write the value as the format says; quote words",
    "E103": "add the key",
    "E201": "give one of the scenes another id (ids are unique across the story)",
    "E202": "give each choice of the scene its own id",
    "E203": "keep one declaration",
    "E204": "give one of the origins another id",
    "E205": "give each ending its own id",
    "E206": "remove the old scene, or the rename",
    "E207": "pick another name and use the built-in one as it is",
    "E301": "use an existing scene's id (completion lists them)",
    "E302": "fix the pool's name, or add a scene with `pool: {name: …}`",
    "E303": "keep exactly one of goto, draw, offer, check",
    "E304": "give stat + difficulty or chance, and both success: and failure:",
    "E305": "remove the choices, or the ending",
    "E306": "add a choice, or make the scene an ending",
    "E307": "remove the option, or add what it needs",
    "E401": "declare it under `variables:`, or fix the name",
    "E402": 'write it as WRITING.md\'s Expressions shows; ids are quoted: visited("id")',
    "E403": "rewrite it with the allowed operators and functions",
    "E404": "split the logic over a flag or a counter",
    "E405": "use a value the declaration allows",
    "E501": "close every {% if %} with {% endif %} and every {{ with }}",
    "E502": "declare the name under `variables:`, or fix it",
    "E503": "use Markdown instead of HTML; close the code fence",
    "W601": "link to the scene, or join a pool that is drawn from; delete it if it is a leftover",
    "W602": "fix the members' conditions",
    "W603": "write true/false, or quote the word",
    "W604": "add at least one ending scene",
    "W605": "give the scene, or its loop, a way towards an ending",
}


def fix_for(code: str) -> str:
    return FIXES.get(code, "")
