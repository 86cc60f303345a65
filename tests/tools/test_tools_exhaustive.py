"""`steppe playtest --exhaustive`: every choice tried, endings with shares and shortest paths, starvation,
conditions that never came true, and dead ends."""

import json
import re

from game.cli import main
from game.engine.game import Game
from game.tools.exhaustive import run_exhaustive
from game.tools.progress import ProgressBar


def test_mini_is_fully_covered_except_the_locked_choice(mini):
    report = run_exhaustive(mini, seed=0, random_runs=1)
    assert report.never_visited == []
    assert report.never_taken == [("intro", "rich")]
    assert report.why_not_taken("intro", "rich") == "only ever shown locked"
    assert not report.failed


def test_cover_story_report(story_at):
    report = run_exhaustive(story_at("cover"), seed=0, random_runs=10)
    data = report.to_json()
    assert data["never_visited_scenes"] == ["end_legend", "secret"]
    assert {c["choice"] for c in data["never_taken_choices"]} == {"hub.legend", "secret.leave"}
    # The pool of three once-only gigs runs dry: a starved draw, and where it happened.
    assert data["starved_pools"]["gigs"]["scenes"] == ["hub"]
    # fame >= 120 can never be true: fame only ever reached 90. Reported with file:line.
    never = {c["condition"]: c for c in data["never_true_conditions"]}
    legend = never["fame >= 120"]
    assert legend["file"].endswith("cover/story.yaml") and legend["line"] == 24
    assert legend["ranges"]["fame"] == [0, 90]
    assert "fame < 500" not in never  # evaluated and true: not reported
    # Unreachable (nothing links to it) is told apart from reachable but not reached in so many runs.
    assert data["never_visited_why"]["secret"].startswith("unreachable")
    assert data["never_visited_why"]["end_legend"] == f"not reached in {data['runs']} runs ({data['stopped']['text']})"
    assert data["stopped"]["reason"] == "patience"
    assert data["scene_visits"]["secret"] == 0 and data["scene_visits"]["hub"] > 0
    assert data["choice_counts"]["hub.legend"] == 0 and sum(data["choice_counts"].values()) > 0
    endings = data["endings"]
    assert endings["retired"]["share"] == 1.0
    assert endings["legend"] == {"title": "A Legend", "count": 0, "share": 0.0, "shortest": None}


def test_shortest_path_to_an_ending_replays_to_it(story_at):
    story = story_at("cover")
    report = run_exhaustive(story, seed=3, random_runs=5)
    route = report.ending_routes["retired"]
    assert [c for c, _ in route.steps] == ["gig", "play", "gig", "play", "retire"]
    game = Game.replay(story, route.origin, route.seed, None, route.steps)
    assert game.ended and game.scene.ending_id == "retired"


def test_draws_are_redrawn_until_every_member_turned_up(story_at):
    # One random run sees one of four endings; the exhaustive search redraws with other seeds.
    report = run_exhaustive(story_at("draws"), seed=0, random_runs=1)
    assert report.never_visited == []
    assert set(report.endings) == {"a", "b", "c", "d"}
    assert abs(sum(info["share"] for info in report.to_json()["endings"].values()) - 1.0) < 1e-9


def test_dead_end_is_a_failure_with_the_path_to_it(story_at):
    report = run_exhaustive(story_at("deadend"), seed=0, random_runs=1)
    assert report.failed
    issue = report.issues[0]
    assert (issue.kind, issue.scene) == ("dead_end", "cellar")
    assert [c for c, _ in issue.route.steps] == ["cellar"]


def test_same_seed_same_report(mini):
    first = run_exhaustive(mini, seed=4, random_runs=3).to_json()
    assert run_exhaustive(mini, seed=4, random_runs=3).to_json() == first


def test_max_runs_caps_the_search(story_at):
    report = run_exhaustive(story_at("draws"), seed=0, random_runs=1, max_runs=2)
    assert report.coverage_runs <= 2


def test_cli_text_json_and_exit_codes(fixtures, capsys):
    assert main(["playtest", str(fixtures / "cover"), "--exhaustive", "--runs", "10"]) == 0
    out = capsys.readouterr().out
    assert "Scenes never visited: 2" in out
    assert "cover/story.yaml:24: choice hub.legend when: `fame >= 120` never true" in out
    assert "(fame was 0..90)" in out
    assert re.search(r"gigs: \d+ times, at hub", out)  # how often depends on how long the search went on
    assert "secret (unreachable: no goto, draw or offer leads to it from any origin)" in out
    assert re.search(r"end_legend \(not reached in \d+ runs \(100 runs in a row found no new scene", out)
    assert "Visits per scene, fewest first (all 7 in --json):" in out and "secret ×0" in out
    assert main(["playtest", str(fixtures / "deadend"), "--exhaustive", "--runs", "1", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["mode"] == "exhaustive" and data["problems"][0]["kind"] == "dead_end"


def test_cli_saves_shortest_runs_as_transcripts(fixtures, tmp_path, capsys):
    folder = tmp_path / "blessed"
    assert main(["playtest", str(fixtures / "draws"), "--exhaustive", "--runs", "1", "--transcripts", str(folder)]) == 0
    capsys.readouterr()
    assert sorted(p.name for p in folder.iterdir()) == ["a.json", "b.json", "c.json", "d.json"]
    assert main(["replay", str(folder), "--story", str(fixtures / "draws")]) == 0
    assert "4 replayed, 0 diverged" in capsys.readouterr().out


def test_progress_bar_draws_only_on_a_terminal(tmp_path):
    import io

    quiet = io.StringIO()
    bar = ProgressBar("x", quiet)
    bar.update(1, 2)
    bar.close()
    assert quiet.getvalue() == ""
    loud = io.StringIO()
    bar = ProgressBar("cover", loud, force=True)
    bar.update(2, 2, "choices")
    bar.close()
    assert loud.getvalue() == "\rcover [" + "#" * 30 + "] 2/2 choices \n"


def test_game_evaluate_reads_the_current_state(mini):
    # Game.evaluate: the small engine API the coverage playtest uses to check conditions where it stands.
    from game.story.expressions import compile_expression

    game = Game.start(mini, "ana", 0)
    known = set(mini.variables) | {"week", "name", "origin"}
    assert game.evaluate(compile_expression('money == 2000 and visited("intro") == 1', known)) is True
    game.choose("band", "X")
    assert game.evaluate(compile_expression('chose("intro", "band") and band_name == "X"', known)) is True


_OFFERS = """\
scenes:
  - id: start
    title: Start
    text: Hello.
    choices:
      - id: gig
        text: Work
        offer: work
        limit: 2
      - id: go
        text: Go
        goto: end
  - id: end
    title: End
    ending: {id: fin, title: Fin}
    text: Bye.
  - id: job0
    title: Job 0
    pool: {name: work}
    text: Job 0.
    choices:
      - id: back
        text: Back
        goto: $return
  - id: job1
    title: Job 1
    pool: {name: work}
    text: Job 1.
    choices:
      - id: back
        text: Back
        goto: $return
  - id: job2
    title: Job 2
    pool: {name: work}
    text: Job 2.
    choices:
      - id: back
        text: Back
        goto: $return
  - id: job3
    title: Job 3
    pool: {name: work}
    text: Job 3.
    choices:
      - id: back
        text: Back
        goto: $return
  - id: job4
    title: Job 4
    pool: {name: work}
    text: Job 4.
    choices:
      - id: back
        text: Back
        goto: $return
"""


def test_reseeding_a_state_draws_a_new_sample_for_a_limited_offer(make_story):
    # An offer with `limit:` shows a seeded sample: reseeding the state must draw a new one (the search
    # used to keep the first sample, so a member outside it was never offered however often it retried).
    from game.story.loader import load_story
    from game.tools.exhaustive import _reseed_game

    story = load_story(make_story({"scenes.yaml": _OFFERS}))  # the work menu offers 2 of 5 jobs
    game = Game.start(story, "ana", 0)

    def offered() -> frozenset[str]:
        return frozenset(o.id for o in game.options() if o.id.startswith("gig:"))

    first = offered()
    samples = set()
    for seed in range(1, 40):
        _reseed_game(game, seed)
        samples.add(offered())
    assert len(first) == 2 and len(samples) > 1


def test_search_goes_on_until_covered_and_says_why_it_stopped(mini):
    report = run_exhaustive(mini, seed=0, random_runs=1)
    data = report.to_json()
    assert data["stopped"] == {
        "reason": "covered",
        "text": "every reachable scene was visited and every choice seen open was taken",
        "max_runs": 5000,
    }
    assert data["never_visited_why"] == {}
