"""A saved moment reads as a season and a year in a dated story, as a week number otherwise."""

from __future__ import annotations

from game.present.stat_rows import calendar_text
from game.story.bundled import bundled_story_dir
from game.story.loader import load_story
from tests.conftest import MINI


def test_a_dated_story_names_the_season_and_year_and_an_undated_one_the_week():
    dated = load_story(bundled_story_dir())  # its calendar starts in week 20 of 2012
    assert calendar_text(dated, 20) == "spring 2012"
    assert calendar_text(dated, 52 * 7 + 2) == "winter 2019"
    assert calendar_text(load_story(MINI), 12) == "week 12"
    assert calendar_text(None, 12) == "week 12"  # before the story has loaded
