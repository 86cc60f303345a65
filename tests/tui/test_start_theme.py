"""A remembered theme styles the very first frame, and starting in it parses the stylesheet once."""

from __future__ import annotations

import json

from textual.color import Color
from textual.css.stylesheet import Stylesheet

from tests.tui.conftest import settle


async def test_the_remembered_theme_styles_the_first_frame_without_parsing_the_stylesheet_again(
    make_app, saves, monkeypatch
):
    (saves / "settings.json").write_text(json.dumps({"theme": "nord"}), encoding="utf-8")
    reparsed: list[object] = []
    real = Stylesheet.reparse
    monkeypatch.setattr(Stylesheet, "reparse", lambda self: reparsed.append(self) or real(self))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        nord = app.get_theme("nord")
        assert app.theme == "nord" and app.has_class("-theme-nord", "-dark-mode")
        assert app.screen.styles.background == Color.parse(nord.background)
        assert reparsed == []  # set before the first parse: no second parse of every rule on the first frame
        app.theme = "gruvbox"  # a change while running still restyles everything
        await settle(pilot)
        assert app.screen.styles.background == Color.parse(app.get_theme("gruvbox").background)
        assert app.has_class("-theme-gruvbox") and not app.has_class("-theme-nord")
