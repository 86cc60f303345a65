"""Exporting the career story from the game: the ending screen, its menu, the journal, a debug start, and a
failure said in the app. Files go to the saves folder, never over an earlier export."""

from __future__ import annotations

from game.tools.export import ExportError
from game.tui.screens.dialogs import PickOne
from game.tui.screens.ending import EndingScreen
from game.tui.screens.journal import JournalScreen
from tests.tui.conftest import press, settle


def toast(app) -> str:
    return " ".join(str(n.message) for n in app._notifications)


async def test_export_from_the_ending_screen_its_menu_and_the_journal(make_app, saves):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_game("daniyar", "Dana [b]Star")
        await settle(pilot)
        await press(pilot, "escape", "6", "2")  # the in-game menu's Export, as HTML: the story so far
        (so_far,) = saves.glob("career-*.html")
        assert "First Light, Dana" in so_far.read_text(encoding="utf-8")
        so_far.unlink()
        await press(pilot, "3", "5")  # busk (it works with this seed), then go home and teach: an ending
        assert isinstance(app.screen, EndingScreen)

        await press(pilot, "e")
        assert isinstance(app.screen, PickOne)
        await press(pilot, "2")  # HTML
        assert isinstance(app.screen, EndingScreen)
        html_files = sorted(saves.glob("career-*.html"))
        assert len(html_files) == 1
        page = html_files[0].read_text(encoding="utf-8")
        for title in ("First Light, Dana [b]Star", "The Crossroads", "The Teacher"):
            assert title.replace("[", "&#x5B;") in page or title in page
        assert "<script" not in page
        assert f"Career story written to {html_files[0]}" in toast(app)

        await press(pilot, "4", "1")  # the ending's own menu: Export, then Markdown
        md_files = sorted(saves.glob("career-*.md"))
        assert len(md_files) == 1
        document = md_files[0].read_text(encoding="utf-8")
        assert "The Crossroads" in document and "The Teacher" in document

        await press(pilot, "j")
        assert isinstance(app.screen, JournalScreen)
        await press(pilot, "e", "1")  # the same format again: a new file, the first one kept
        assert len(sorted(saves.glob("career-*.md"))) == 2
        assert md_files[0].read_text(encoding="utf-8") == document

        await press(pilot, "e", "escape")  # Back: nothing written
        assert isinstance(app.screen, JournalScreen)
        assert len(list(saves.glob("career-*"))) == 3


async def test_a_debug_start_exports_and_a_failure_is_said(make_app, saves, monkeypatch):
    app = make_app(debug_scene="crossroads", debug_origin="lena")
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await press(pilot, "5")  # go home and teach
        assert isinstance(app.screen, EndingScreen)
        await press(pilot, "e", "1")
        (written,) = saves.glob("career-*.md")
        assert "The Crossroads" in written.read_text(encoding="utf-8")
        assert "debug start" in toast(app)

        def refuse(session, fmt):
            raise ExportError("the playthrough cannot be told: a template failed")

        monkeypatch.setattr("game.tools.export.export_session", refuse)
        await press(pilot, "e", "2")
        assert "Export failed: the playthrough cannot be told" in toast(app)
        assert not list(saves.glob("career-*.html"))
        assert isinstance(app.screen, EndingScreen)  # the game goes on
