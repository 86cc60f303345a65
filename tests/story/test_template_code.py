"""Story text compiled straight to Python (game/story/template_code.py) must write what Jinja2 writes.

Each check renders the same template both ways, Jinja2's own ``Template.render`` being the reference: random
templates of the part of the language it compiles, against random contexts; every template of the bundled
story, against the states of real playthroughs; and the failures, which must come out as Jinja2's own.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import UndefinedError

from game.engine.game import Game
from game.story import bounds
from game.story.bundled import bundled_story_dir
from game.story.loader import load_story
from game.story.template_code import compile_direct
from game.story.templates import _CONTEXT_FILTERS, CURRENCY_KEY, MARKDOWN_ENV, PLAIN_ENV, _Deferred

ENVIRONMENTS = {"markdown": MARKDOWN_ENV, "plain": PLAIN_ENV}
NAMES = ("fame", "city", "keen", "money", "ratio")


def _jinja(env, source: str, context: dict) -> str | BaseException:
    try:
        return env.from_string(source).render(context)
    except Exception as err:  # noqa: BLE001 - compared with the direct render's
        return err


def _direct(env, source: str, context: dict) -> str | BaseException:
    render = compile_direct(env, env.parse(source), _CONTEXT_FILTERS)
    assert render is not None, source
    try:
        return render(dict(context))
    except Exception as err:  # noqa: BLE001
        return err


# -- a grammar of the language it compiles -------------------------------------------------------------------

_ATOMS = st.one_of(
    st.sampled_from(NAMES),
    st.integers(-3, 40).map(str),
    st.sampled_from(["1.5", "0", "'Almaty'", '"a*b_"', "true", "false", "none", "[1, 'x']", "(2, 3)"]),
    st.sampled_from(['visited("hub")', 'chose("hub", "gig")', "available('gigs')"]),
)


def _combine(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "//", "%", "~", "and", "or"]), inner)
    compare = st.tuples(inner, st.sampled_from(["==", "!=", "<", "<=", ">", ">=", "in", "not in"]), inner)
    return st.one_of(
        binary.map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        compare.map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        inner.map(lambda e: f"(not {e})"),
        inner.map(lambda e: f"(-{e})"),
        st.tuples(inner, inner, inner).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
        st.tuples(inner, st.sampled_from(["money", "title", "capitalize", "upper", "abs", "round", "int"])).map(
            lambda t: f"({t[0]} | {t[1]})"
        ),
        st.tuples(inner, st.sampled_from(["odd", "even", "number", "string"])).map(lambda t: f"({t[0]} is {t[1]})"),
        inner.map(lambda e: f"({e} | max)" if e.startswith("[") else f"({e} | default(3))"),
    )


EXPRESSIONS = st.recursive(_ATOMS, _combine, max_leaves=6)
PROSE = st.text(st.sampled_from("ab *_#\n.-"), min_size=0, max_size=6)


def _blocks(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    branch = st.tuples(EXPRESSIONS, inner)
    return st.one_of(
        st.lists(inner, min_size=2, max_size=3).map("".join),
        st.tuples(branch, st.lists(branch, max_size=2), st.none() | inner).map(
            lambda t: (
                "{% if "
                + t[0][0]
                + " %}"
                + t[0][1]
                + "".join("{% elif " + e + " %}" + body for e, body in t[1])
                + ("" if t[2] is None else "{% else %}" + t[2])
                + "{% endif %}"
            )
        ),
    )


TEMPLATES = st.recursive(st.one_of(PROSE, EXPRESSIONS.map(lambda e: "{{ " + e + " }}")), _blocks, max_leaves=8)
CONTEXTS = st.fixed_dictionaries(
    {
        "fame": st.integers(-5, 50),
        "city": st.sampled_from(["Almaty", "a*b_", "", "Paris"]),
        "keen": st.booleans(),
        "money": st.integers(0, 20000) | st.floats(0, 100, allow_nan=False),
        "ratio": st.floats(-2, 2, allow_nan=False),
    }
)


def _with_functions(context: dict, visits: int) -> dict:
    context = dict(context)
    context.update(
        visited=lambda scene: visits,
        chose=lambda scene, choice: visits > 1,
        available=lambda pool: visits - 1,
    )
    context[CURRENCY_KEY] = ("", " ₸")
    return context


@settings(max_examples=200, deadline=None)
@given(source=TEMPLATES, context=CONTEXTS, visits=st.integers(0, 3), kind=st.sampled_from(sorted(ENVIRONMENTS)))
def test_random_templates_render_as_jinja2_renders_them(source, context, visits, kind) -> None:
    env = ENVIRONMENTS[kind]
    try:
        env.parse(source)
    except Exception:  # noqa: BLE001 - a template that does not parse is not compiled at all
        return
    context = _with_functions(context, visits)
    expected, got = _jinja(env, source, context), _direct(env, source, context)
    if isinstance(expected, BaseException):
        # It may fail another way (the caller then renders with Jinja2, which raises its own error), but it
        # must fail: a text Jinja2 refuses is never shown.
        assert isinstance(got, BaseException), (source, got)
    else:
        assert got == expected, source


@pytest.mark.slow  # the whole story against the reference, a few seconds: run by .ci/run with -m slow
def test_every_template_of_the_bundled_story_renders_as_jinja2_renders_it() -> None:
    story = load_story(bundled_story_dir())
    texts = []
    for scene in story.scenes.values():
        texts += [scene.text, scene.title, *([scene.teaser] if scene.teaser else [])]
        for choice in scene.choices:
            texts += [choice.text, *([choice.locked] if choice.locked else [])]
            texts += [o.text for o in (choice.success, choice.failure) if o is not None]
    templates = [t for t in dict.fromkeys(texts) if t.is_template]
    assert len(templates) > 800
    direct = {}
    for text in templates:
        deferred = text.render_fn
        assert isinstance(deferred, _Deferred)
        env = deferred._env
        render = compile_direct(env, env.parse(text.source), _CONTEXT_FILTERS)
        assert render is not None, text.source[:200]  # the story uses only what it compiles
        direct[text] = (render, env.from_string(text.source))
    # Contexts of real states: every origin, early and late in a life.
    for seed in range(5):
        game = Game.start(story, sorted(story.origins)[seed % 5], seed, name="**Aru** {{ x }}")
        chooser = random.Random(seed)
        for turn in range(90):
            if game.ended:
                break
            if turn % 30 == 0:
                context = game._context()
                for render, template in direct.values():
                    assert render(dict(context)) == template.render(context)
            game.choose(chooser.choice([o for o in game.options() if o.enabled]).id, describe=False)


@pytest.mark.parametrize(
    ("source", "context"),
    [
        ("{{ 10 // fame }}", {"fame": 0}),  # ZeroDivisionError
        ("{% if fame > 1 %}{{ missing }}{% endif %}", {"fame": 2}),  # an unknown name, when reached
        ("{{ 'x' * fame }}", {"fame": 10**6}),  # too long: the sandbox's bound
        ("{{ fame + city }}", {"fame": 1, "city": "A"}),  # TypeError
    ],
)
def test_a_failing_text_fails_with_jinja2s_own_error(source, context) -> None:
    for env in ENVIRONMENTS.values():
        text = _Deferred(env, source)
        expected = _jinja(env, source, context)
        assert isinstance(expected, Exception)
        with pytest.raises(type(expected)) as got:
            text(context)
        assert str(got.value) == str(expected)


def test_a_name_missing_only_in_a_branch_not_taken_is_no_error() -> None:
    text = _Deferred(PLAIN_ENV, "{% if fame > 1 %}{{ missing }}{% else %}quiet{% endif %}")
    assert text({"fame": 0}) == "quiet"
    with pytest.raises(UndefinedError):
        text({"fame": 5})


def test_player_text_is_escaped_in_markdown_and_kept_as_typed_in_plain_text() -> None:
    context = {"name": "**Aru** {{ fame }} [x](y)"}
    assert _Deferred(MARKDOWN_ENV, "Hello {{ name }}!")(context) == r"Hello \*\*Aru\*\* \{\{ fame \}\} \[x\]\(y\)!"
    assert _Deferred(PLAIN_ENV, "Hello {{ name }}!")(context) == "Hello **Aru** {{ fame }} [x](y)!"


@pytest.mark.parametrize(
    "source",
    [
        "{% for x in [1, 2] %}{{ x }}{% endfor %}",
        "{% set c = 3 %}{{ c }}",
        "{{ fame if fame > 3 }}",  # no else: Jinja2's undefined value
        "{{ [1, 2][0] }}",
        "{{ [3, 1] | sort | join(', ') }}",  # join takes the evaluation context
        "{{ {'a': fame} }}",  # a dict
    ],
)
def test_what_it_does_not_compile_is_left_to_jinja2(source) -> None:
    assert compile_direct(PLAIN_ENV, PLAIN_ENV.parse(source), _CONTEXT_FILTERS) is None
    context = {"fame": 5, "caller": lambda: "c"}
    assert _Deferred(PLAIN_ENV, source)(context) == PLAIN_ENV.from_string(source).render(context)


def test_a_text_longer_than_the_bound_is_refused() -> None:
    source = "{{ city }}{{ city }}"
    with pytest.raises(bounds.ValueTooLarge):
        _Deferred(PLAIN_ENV, source)({"city": "x" * (bounds.MAX_TEXT // 2 + 1)})
