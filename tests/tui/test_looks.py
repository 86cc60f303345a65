"""The look of lists and stats comes from the stylesheet (component classes): a new theme restyles labels
that were already built, and nothing is relabelled when the look did not change."""

from __future__ import annotations

from game.tui.widgets.numbered_list import NumberedList
from tests.tui.conftest import settle


def number_style(menu: NumberedList):
    prompt = menu.get_option_at_index(0).prompt
    return prompt.spans[0].style  # the number's span: the first part of every label


async def test_a_new_theme_restyles_the_numbers_and_a_focus_change_relabels_nothing(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        menu = app.screen.query_one(NumberedList)
        before = number_style(menu)
        assert before == menu.look()["number"] and before.bold  # from the list's own DEFAULT_CSS
        relabelled: list[object] = []
        menu.set_items = lambda *a, **k: relabelled.append(a)  # type: ignore[method-assign]
        menu.blur()
        await settle(pilot)
        menu.focus()
        await settle(pilot)
        assert relabelled == []
        del menu.set_items
        app.theme = "nord" if app.theme != "nord" else "gruvbox"
        await settle(pilot)
        after = number_style(menu)
        assert after != before and after == menu.look()["number"]


async def test_a_new_theme_restyles_the_journal_the_change_line_and_the_status_line(make_app):
    from game.tui.widgets.change_line import ChangeLine
    from game.tui.widgets.hanging import HangingList
    from game.tui.widgets.status_line import StatusLine
    from tests.tui.conftest import press

    app = make_app()
    async with app.run_test(size=(70, 24)) as pilot:  # below 80 columns: the status line carries the stats
        await settle(pilot)
        app.start_game("daniyar")
        await settle(pilot)
        await press(pilot, "3")  # busking works: a change line in the success colour
        change, status = app.screen.query_one(ChangeLine), app.screen.query_one(StatusLine)
        assert status.status[2] and change.display
        rise_before = change._style("rise")
        await press(pilot, "j")
        journal = app.screen

        def here_style():  # the last row: the scene the player is in, in the journal's "here" look
            return journal.query_one(HangingList).rows[-1][1].spans[0].style

        here_before = here_style()
        assert here_before == journal._parts_look()["here"]
        app.theme = "nord" if app.theme != "nord" else "gruvbox"
        await settle(pilot)
        assert here_style() != here_before and here_style() == journal._parts_look()["here"]
        await press(pilot, "escape")
        # The scene under the journal was restyled too: its lines were drawn with the new theme's looks.
        assert change._style("rise") != rise_before
        assert change._drawn_with == change._looks() and status._drawn_with == status._looks()


async def test_the_slot_lists_lines_wrap_under_their_own_text(make_app, saves):
    """A slot's details that do not fit wrap with a hanging indent (under the text, not at column 0)."""
    from game.engine.game import Game
    from game.saves.store import SaveStore
    from game.story.loader import load_story
    from tests.tui.conftest import TALE, press, screen_text

    story = load_story(TALE)
    store = SaveStore(saves, story)
    store.save("a rather long name for a save slot here", Game.start(story, "lena", 7, None), 0)
    store.save("short", Game.start(story, "daniyar", 7, None), 0)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for size in [(60, 20), (80, 24)]:
            await pilot.resize_terminal(*size)
            await press(pilot, "3" if size == (60, 20) else "ctrl+o")  # the title's Load, then the key
            rows = [line.split("▊", 1)[1].rstrip(" ▎█") for line in screen_text(app).splitlines() if "▊" in line]
            listed = [row for row in rows[1:] if row.strip() and not set(row.strip()) <= {"▁", "▔"}]
            assert any("2  a rather long name for a save slot" in row for row in listed)
            assert sum(1 for row in listed if row.startswith("     ")) >= 4  # details, wrapped ones too
            # Every line is a slot's first line (its number) or indented under it: nothing at column 0.
            assert all(row[:3].strip().isdigit() or row.startswith("     ") for row in listed), listed
            await press(pilot, "escape")


def test_a_status_line_that_does_not_fit_breaks_between_its_parts() -> None:
    from textual.content import Content

    from game.tui.widgets.parts_line import PartsLine

    between = Content("  ·  ")
    line = PartsLine(
        [(between, Content("Almaty  ·  dombra")), (between, Content("Chapter 1: Childhood · 2012 · age 7"))]
    )
    assert line.at(None).plain == line.at(80).plain == "Almaty  ·  dombra  ·  Chapter 1: Childhood · 2012 · age 7"
    assert line.at(49).plain.split("\n") == ["Almaty  ·  dombra", "Chapter 1: Childhood · 2012 · age 7"]
    assert line.get_height({}, 49) == 2 and line.get_height({}, 80) == 1
    # Only a part wider than the whole width wraps inside itself; an empty part is no part.
    narrow = PartsLine([(between, Content("Aktau")), (between, Content("")), (between, Content("a b c d e f"))])
    assert narrow.at(8).plain == "Aktau\na b c d e f" and narrow.get_height({}, 8) == 3


async def test_the_status_line_keeps_each_part_whole_on_a_narrow_terminal(make_app) -> None:
    from game.tui.widgets.status_line import StatusLine

    app = make_app()
    async with app.run_test(size=(40, 24)) as pilot:
        await settle(pilot)
        app.start_game("aigerim")
        await settle(pilot)
        line = app.screen.query_one(StatusLine)
        assert line.status == ("Aktau  ·  tanpura", "Week 1", ("Energy 70",))
        rows = [strip.text.rstrip() for strip in line.render_lines(line.region.reset_offset)]
        assert rows == ["Aktau  ·  tanpura  ·  Week 1", "Energy 70"]


def test_a_change_line_that_does_not_fit_breaks_between_changes() -> None:
    from game.engine.effects import Change
    from game.tui.widgets.change_line import ChangeLine

    line = ChangeLine()
    line._style = lambda name: ""  # type: ignore[method-assign]  # unmounted: no stylesheet to read
    news = line.content_for(
        [Change("skill", "Skill", 1, 4), Change("week", "Week", 1, 157, "weeks", per_year=52)], None
    )
    assert news.at(None).plain == "+3 Skill  ·  3 years passed"
    assert news.at(20).plain.split("\n") == ["+3 Skill", "3 years passed"]  # never "... 3 years" / "passed"


def test_a_journal_entrys_changes_break_between_changes_under_their_own_text() -> None:
    from textual.content import Content

    from game.tui.widgets.hanging import hanging_lines
    from game.tui.widgets.parts_line import PartsLine

    between = Content("  ·  ")
    changes = PartsLine([(between, Content(text)) for text in ("+8 Ties to home", "+1 Skill", "9 months passed")])
    lines = hanging_lines([(Content("Week 24"), Content("Playing")), (Content(""), changes)], width=40, column=10)
    assert [line.plain.rstrip() for line in lines] == [
        "Week 24   Playing",
        "          +8 Ties to home  ·  +1 Skill",
        "          9 months passed",
    ]
