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
