"""The line-by-line game (`steppe play --plain`): no Textual, no screen drawing, only lines of plain text.

For screen readers, ssh sessions, dumb terminals and scripts: every scene is printed once as wrapped
paragraphs, and the player answers a prompt with a number or a command. It plays the same engine, with the
same saves, autosaves, gallery and literal-text rules as the Textual game. Nothing in this package may
import Textual (a test imports it in a fresh interpreter and checks).
"""
