"""What a player is shown, worked out without any interface: shared by the full-screen game (``game.tui``),
the plain line-by-line interface (``game.plain``) and the exported career story (``game.tools.export``).

Nothing here imports Textual.
"""
