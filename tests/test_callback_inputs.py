"""Callback inputs are whatever JSON the browser sends: parsing falls back to defaults or raises
InvalidInput, shown as the callback's error state; malformed request bodies are refused."""

from __future__ import annotations

import json

import pytest
from dash import ALL, Input, Output, State, no_update

from app import ids
from app.filters import MAX_LIST_FILTER, Filters, _parse_range, parse_search
from app.i18n import t
from callbacks import common, guard, recipes, shell, trends
from callbacks.common import InvalidInput, View
from layouts.shell import MINUTE_STOPS, positions_to_minutes
from tests.callback_context import call_with_trigger

# Every JSON type, and the texts a fuzzer sends.
JUNK = [
    None,
    True,
    False,
    0,
    -1,
    2**63,
    10**30,
    1.5,
    float("1e308"),
    "",
    "abc",
    "'; DROP TABLE recipes; --",
    "日本語🍰",
    "²",
    "x" * 10_000,
    [],
    [1, "a"],
    [[["deep"]]],
    {},
    {"a": 1},
    {"points": "x"},
]
LAST = len(MINUTE_STOPS) - 1


# -- URL and filters ------------------------------------------------------------------------------


@pytest.mark.parametrize("search", [None, True, 0, 12.5, [], ["?sy=2002-2010"], {"sy": "2002-2010"}])
def test_a_search_that_is_not_a_string_is_an_empty_query(search):
    assert parse_search(search) == {}
    assert Filters.from_query(parse_search(search)) == Filters()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2002-2010", (2002, 2010)),
        ("30-", (30, None)),
        ("-120", (None, 120)),
        ("2010-2002", (2002, 2010)),
        ("-", (None, None)),
        ("2002", None),
        ("", None),
        ("abc-2005", None),
        ("1-2-3", None),
        ("--5", None),
        ("²-5", None),
        ("٣-5", None),
        (" 3-5", None),
        ("+3-5", None),
        ("1_000-", None),
        ("9" * 5000 + "-", None),
        (None, None),
        (2005, None),
        (["2002-2010"], None),
        ({"a": 1}, None),
    ],
)
def test_range_parsing(text, expected):
    assert _parse_range(text) == expected


def test_query_values_of_any_type_are_ignored_not_fatal():
    query = {
        "sy": "2002-2010",
        "iy": [2005, None, {"a": 1}],
        "min": {"x": 1},
        "zero": ["0"],
        "tag": ["easy", 5, None, ["nested"], " easy ", "", "vegan"],
        "ingr": "salt",
        "focus": [["year:2005"]],
    }
    assert Filters.from_query(query) == Filters(
        sub_years=(2002, 2010), include_zero=False, tags=("easy", "vegan"), ingredients=("salt",)
    )
    assert Filters.from_query(["sy", "2002-2010"]) == Filters()
    assert Filters.from_query(None) == Filters()


def test_bounds_beyond_the_sql_parameter_are_clamped():
    filters = Filters.from_query(parse_search("?sy=99999999999999999999-&iy=-99999999999999999999&min=0-" + "9" * 30))
    assert filters.sub_years == (32767, None) and filters.int_years == (None, 32767)
    assert filters.minutes == (0, 2**62)
    param = Filters(minutes=(10**30, -(10**30))).as_param()
    assert (param["minutes_min"], param["minutes_max"]) == (2**62, -1)


def test_a_filters_value_holds_only_bindable_values_whatever_it_is_built_from():
    filters = Filters(
        sub_years=("2002", 2010.0),
        int_years=[True, 2005],
        minutes=5,
        include_zero="no",
        tags=["a", 1, None, " a ", "b"],
        ingredients="salt",
        focus=("year", [2005]),
    )
    assert filters == Filters(sub_years=(None, 2010), int_years=(None, 2005), tags=("a", "b"))
    assert Filters(tags=tuple(f"t{i}" for i in range(50))).tags == tuple(f"t{i}" for i in range(MAX_LIST_FILTER))
    assert Filters(focus=("planet", "mars")).focus == () and Filters(focus=("year", "x" * 21)).focus == ()
    assert Filters(focus=["season", "winter"]).focus == (("season", "winter"),)
    assert Filters(focus={"weekday": 6, "season": None}).focus == (("weekday", "6"),)
    assert Filters(focus=[("year", 2005), "junk", ("season", "winter", 1), None]).focus == (("year", "2005"),)


@pytest.mark.parametrize(
    "focus, expected",
    [
        ("season:winter", (("season", "winter"),)),
        ("year:2005", (("year", "2005"),)),
        ("planet:mars", ()),
        ("season:", ()),
        (":winter", ()),
        ("season", ()),
        ("year:" + "9" * 30, ()),
        ("year:2005-", ()),
        ("review_year:2010-2012", (("review_year", "2010-2012"),)),
    ],
)
def test_focus_from_the_url(focus, expected):
    assert Filters.from_query({"focus": [focus]}).focus == expected


# -- widgets and shell callbacks ---------------------------------------------------------------


def test_widgets_of_the_wrong_type_count_as_their_defaults():
    for junk in JUNK:
        filters = shell.filters_from_widgets(junk, junk, junk, junk, junk, junk, (junk, junk), (junk, junk), ())
        names = tuple(common.strings(junk))  # only [1, "a"] holds one
        assert filters == Filters(
            include_zero=junk if isinstance(junk, bool) else True, tags=names, ingredients=names
        ), junk


def test_widget_values_are_read_when_valid():
    filters = shell.filters_from_widgets(
        [2005, 2002],
        [2000.0, 2018],
        [2, LAST],
        False,
        ["easy", 3],
        ["salt"],
        (1999, 2018),
        ("1999", None),
        ("season", "winter"),
    )
    assert filters == Filters(
        sub_years=(2002, 2005),
        int_years=(2000, 2018),
        minutes=(10, None),
        include_zero=False,
        tags=("easy",),
        ingredients=("salt",),
        focus=("season", "winter"),
    )


@pytest.mark.parametrize(
    "positions, expected",
    [
        ([0, LAST], (None, None)),
        ([2, 7], (10, 60)),
        ([7, 2], (10, 60)),
        ([-1, 3], (None, None)),
        ([0, LAST + 1], (None, None)),
        ([True, 3], (None, None)),
        ([1.0, 3], (None, None)),
        ([1], (None, None)),
        ("0-5", (None, None)),
        (None, (None, None)),
        ({"0": 1, "1": 2}, (None, None)),
    ],
)
def test_minute_slider_positions(positions, expected):
    assert positions_to_minutes(positions) == expected


@pytest.mark.parametrize("junk", JUNK)
def test_sync_url_never_fails(junk):
    # The URL itself, then every widget at once, hold the junk.
    out = call_with_trigger(
        shell.sync_url,
        None,
        junk,
        junk,
        junk,
        junk,
        junk,
        junk,
        junk,
        junk,
        junk,
        junk,
        junk,
        junk,
        junk,
        1999,
        2018,
        2000,
        2018,
        junk,
        junk,
    )
    assert out[1] == "overview" and out[2] == "en"
    out = call_with_trigger(
        shell.sync_url,
        ids.FILTER_TAGS,
        "?tab=trends&tag=easy",
        junk,
        junk,
        junk,
        junk,
        junk,
        junk,
        junk,
        junk,
        None,
        None,
        junk,
        junk,
        junk,
        junk,
        junk,
        junk,
        None,
        None,
    )
    tab, language, tags = out[1], out[2], out[7]
    assert tab == "overview" and language == "en" and tags == [s.strip() for s in common.strings(junk) if s.strip()]


def test_show_focus_and_search_ingredients_accept_junk():
    for junk in JUNK:
        assert shell.show_focus(junk, junk) == ("", {"display": "none"})
        assert shell.search_ingredients(junk if not isinstance(junk, str) else "x", junk) is no_update


def test_retheme_patches_one_figure_per_listed_graph():
    assert shell.retheme_figures("light", "not a list") == []
    assert len(shell.retheme_figures(["dark"], [ids.graph("a"), 5, None])) == 3


# -- tab callbacks ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "click, expected",
    [
        ({"points": [{"x": 2005}]}, "2005"),
        ({"points": [{"x": "2005", "customdata": ["winter", 1]}]}, "winter"),
        ({"points": [{"x": 2005.5, "customdata": []}]}, "2005.5"),
        ({"points": [{"x": True}]}, None),
        ({"points": [{"x": {"a": 1}}]}, None),
        ({"points": [{"customdata": [[1]]}]}, None),
        ({"points": []}, None),
        ({"points": "x"}, None),
        ({"points": [5]}, None),
        ({"points": {"0": {"x": 1}}}, None),
        ("points", None),
        ([{"points": [{"x": 1}]}], None),
        (None, None),
        (7, None),
    ],
)
def test_focus_value_of_a_click(click, expected):
    assert common.focus_value_of(click) == expected


@pytest.mark.parametrize(
    "selection, expected",
    [
        ({"points": [{"x": 2007}, {"x": 2003, "customdata": [2003]}, {"x": 2005}]}, "2003-2007"),
        ({"points": [{"x": "2001-04-01", "customdata": [2001]}, {"x": "2002-01-01", "customdata": 2002}]}, "2001-2002"),
        ({"points": [{"x": 2005}]}, "2005-2005"),  # a one-year range: Filters reads it as that year
        ({"points": [{"x": "winter"}, {"x": 2004.0}]}, "2004-2004"),
        ({"points": [{"x": 12345}]}, None),
        ({"points": []}, None),
        ({"range": {"x": [2000, 2010]}}, None),
        (None, None),
        ("points", None),
        (3, None),
    ],
)
def test_year_range_of_a_box_or_lasso_selection(selection, expected):
    assert common.year_range_of(selection) == expected


@pytest.mark.parametrize(
    "search, expected",
    [
        ("?recipe=12", 12),
        ("?tab=recipes&recipe=0012", 12),
        ("?recipe=²", None),
        ("?recipe=٣", None),
        ("?recipe=-1", None),
        ("?recipe=1.5", None),
        ("?recipe=" + "9" * 20, None),
        ("?recipe=", None),
        (None, None),
        (12, None),
        (["?recipe=12"], None),
    ],
)
def test_recipe_in_search(search, expected):
    assert recipes.recipe_in_search(search) == expected


def test_recipe_ids_from_the_store():
    assert [recipes.recipe_id_of(v) for v in (7, 7.0, "7", None, True, -1, 2**63, "7a", [7], {"id": 7})] == [
        7,
        7,
        7,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
    ]


def test_highlight_and_selection_accept_junk_ids():
    assert recipes.highlight_selected(7, [{"recipe": 7, "type": "r"}, {"recipe": 8}, "x", None, {}]) == [
        True,
        False,
        False,
        False,
        False,
    ]
    assert recipes.highlight_selected(7, "not a list") == []


def test_selector_values_fall_back_to_their_defaults():
    for junk in JUNK:
        assert recipes._dimension(junk) == "minutes" and recipes._kind(junk) == "tags"
        assert trends.item_kind_texts(junk, junk) == trends.item_kind_texts("tags", "en")
    assert recipes._dimension("n_steps") == "n_steps" and recipes._kind("ingredients") == "ingredients"


def test_input_helpers():
    assert common.option(["tags"], ("tags",), "x") == "x" and common.option({"a": 1}, {"a": 1}, "x") == "x"
    assert common.option("tags", ("tags", "ingredients"), "x") == "tags"
    assert [common.text_input(v) for v in ("a", None, 5, ["a"])] == ["a", "", "", ""]
    assert common.strings(["a", 1, None, ["b"], "c"]) == ["a", "c"] and common.strings("abc") == []
    assert common.integer(" 42 ", 0, 100, "n") == 42 and common.integer(None, 0, 1, "n") is None
    for bad in (101, -1, True, "4 2", "4.2", 4.2, [4], "9" * 31):
        with pytest.raises(InvalidInput):
            common.integer(bad, 0, 100, "n")


# -- the shared error handling --------------------------------------------------------------------


@pytest.fixture
def logged():
    from loguru import logger

    records: list = []
    sink = logger.add(lambda message: records.append(message.record), level="WARNING")
    yield records
    logger.remove(sink)


def _output(function) -> common._ViewOutput:
    return common._ViewOutput(
        Output("x", "children"),
        "Content x",
        lambda view, message: f"shown: {message}",
        lambda view, reason: reason,
        (),
        function,
    )


def test_invalid_input_shows_the_outputs_error_state_and_logs_a_warning(generated_repository, logged):
    def refuse(view, value):
        raise InvalidInput("thing", value)

    assert _output(refuse).render(View(language="fr"), ("bad",)) == "shown: " + t("input.invalid", "fr")
    assert [(r["level"].name, r["message"]) for r in logged] == [("WARNING", 'Content x failed: Invalid thing: "bad"')]


def test_an_unexpected_error_shows_the_error_state_and_is_logged_once_with_its_inputs(generated_repository, logged):
    def fail(view, value):
        return 1 / 0

    assert _output(fail).render(View(), ({"odd": [1]},)) == "shown: " + t("input.unexpected", "en")
    assert len(logged) == 1 and logged[0]["level"].name == "ERROR" and logged[0]["exception"] is not None
    assert logged[0]["message"].startswith(f"{common.UNEXPECTED} Content x: ZeroDivisionError")
    assert '"values": [{"odd": [1]}]' in logged[0]["message"]


def test_an_empty_selection_shows_its_reason_and_is_not_an_error(generated_repository, logged):
    from app.errors import EmptySelection

    def nothing(view, value):
        raise EmptySelection("Too few years to fit a trend.")

    def nothing_said(view, value):
        raise EmptySelection()

    # A text shows the reason as a sentence (not the error state); a chart, its empty figure.
    assert _output(nothing).render(View(), (1,)) == "Too few years to fit a trend."
    assert _output(nothing_said).render(View(language="fr"), (1,)) == t("chart.empty", "fr")
    chart = common._ViewOutput(
        Output(ids.graph("x"), "figure"),
        "Chart x",
        lambda view, message: "error",
        lambda view, reason: view.empty(reason),
        (),
        nothing,
    )
    assert chart.render(View(), (1,)).layout.annotations[0].text == "Too few years to fit a trend."
    assert logged == []


def _registered_error_handler(monkeypatch, **options):
    """The ``on_error`` common.callback gives Dash for a callback, captured instead of registered."""
    captured = {}

    def fake_callback(*dependencies, on_error, **kwargs):
        captured["on_error"] = on_error
        return lambda function: function

    monkeypatch.setattr(common.dash, "callback", fake_callback)
    common.callback(Output("x", "children"), Input("y", "value"), State(ids.LANG_STORE, "data"), **options)(
        lambda value, language: 1 / 0
    )
    return captured["on_error"]


def _in_request(function, *args):
    """Run ``function`` as Dash runs an error handler: in the request's callback context."""
    from contextvars import copy_context

    from dash._callback_context import context_value
    from dash._utils import AttributeDict

    def run():
        context_value.set(
            AttributeDict(input_values={"y.value": ["junk"]}, state_values={f"{ids.LANG_STORE}.data": "fr"})
        )
        return function(*args)

    return copy_context().run(run)


def test_a_callback_failure_turns_into_its_error_outputs(monkeypatch, logged):
    on_error = _registered_error_handler(monkeypatch, error_outputs=lambda message, values: ("alert", message))
    assert _in_request(on_error, ZeroDivisionError("division by zero")) == ("alert", t("input.unexpected", "fr"))
    assert len(logged) == 1 and logged[0]["level"].name == "ERROR" and logged[0]["exception"] is not None
    assert logged[0]["message"] == (
        f"{common.UNEXPECTED} Callback tests.test_callback_inputs.<lambda>: "
        "ZeroDivisionError('division by zero'); inputs: "
        '{"y.value": ["junk"], "language-store.data": "fr"}'
    )
    assert _in_request(on_error, InvalidInput("page", "x")) == ("alert", t("input.invalid", "fr"))
    assert logged[1]["level"].name == "WARNING"


def test_without_error_outputs_a_failure_is_no_update(monkeypatch, logged):
    on_error = _registered_error_handler(monkeypatch)
    assert _in_request(on_error, KeyError("x")) is None  # Dash then sends no update
    assert on_error(KeyError("x")) is None  # outside a request too
    assert [r["level"].name for r in logged] == ["ERROR", "ERROR"]


# -- malformed request bodies ---------------------------------------------------------------------


def _spec(output, inputs, state=()) -> dict:
    return {
        "output": output,
        "inputs": [i.to_dict() for i in inputs],
        "state": [s.to_dict() for s in state],
        "callback": lambda: None,
    }


CALLBACKS = {
    "a.children": _spec(Output("a", "children"), [Input("b", "value")], [State("c", "data")]),
    "..a.title...d.data@1..": _spec(
        [Output("a", "title"), Output("d", "data", allow_duplicate=True)],
        [Input({"type": "g", "name": ALL}, "clickData")],
    ),
    '{"name":["ALL"],"type":"g"}.figure': _spec(
        Output({"type": "g", "name": ALL}, "figure"),
        [Input("theme", "data")],
        [State({"type": "g", "name": ALL}, "id")],
    ),
    "clientside.value": {"output": "clientside.value", "inputs": [], "state": []},
}
SINGLE = {
    "output": "a.children",
    "outputs": {"id": "a", "property": "children"},
    "inputs": [{"id": "b", "property": "value", "value": [1, {"x": None}]}],
    "state": [{"id": "c", "property": "data", "value": "'; DROP TABLE recipes; --"}],
    "changedPropIds": ["b.value"],
}
MULTI = {
    "output": "..a.title...d.data@1..",
    "outputs": [{"id": "a", "property": "title"}, {"id": "d", "property": "data@1"}],
    "inputs": [
        [
            {"id": {"type": "g", "name": "x"}, "property": "clickData", "value": None},
            {"id": {"type": "g", "name": 2}, "property": "clickData"},
        ]
    ],
    "changedPropIds": ['{"name":"x","type":"g"}.clickData'],
}
PATTERN = {
    "output": '{"name":["ALL"],"type":"g"}.figure',
    "outputs": [{"id": {"type": "g", "name": "x"}, "property": "figure"}],
    "inputs": [{"id": "theme", "property": "data", "value": "dark"}],
    "state": [[{"id": {"type": "g", "name": "x"}, "property": "id", "value": 1}]],
}


def _problem(body):
    return guard.body_problem(body, CALLBACKS.get)


def test_well_formed_bodies_pass_whatever_their_values():
    assert [_problem(b) for b in (SINGLE, MULTI, PATTERN, {**PATTERN, "outputs": [], "state": [[]]})] == [None] * 4


@pytest.mark.parametrize(
    "body, problem",
    [
        (None, "the body must be a JSON object"),
        ([SINGLE], "the body must be a JSON object"),
        ({**SINGLE, "output": "nope.children"}, "unknown callback"),
        ({**SINGLE, "output": 1}, "unknown callback"),
        ({**SINGLE, "output": "clientside.value"}, "unknown callback"),
        ({k: v for k, v in SINGLE.items() if k != "output"}, "unknown callback"),
        ({k: v for k, v in SINGLE.items() if k != "inputs"}, "inputs must list the callback's 1 inputs"),
        ({**SINGLE, "inputs": {"b": 1}}, "inputs must list the callback's 1 inputs"),
        ({**SINGLE, "inputs": SINGLE["inputs"] * 2}, "inputs must list the callback's 1 inputs"),
        ({**SINGLE, "inputs": [5]}, "inputs[0] must be objects with an id and a property"),
        ({**SINGLE, "inputs": [{"id": "b"}]}, "inputs[0] must be objects with an id and a property"),
        ({**SINGLE, "inputs": [{"id": "z", "property": "value"}]}, "inputs[0] does not match the callback"),
        ({**SINGLE, "inputs": [{"id": ["b"], "property": "value"}]}, "inputs[0] does not match the callback"),
        ({**SINGLE, "state": []}, "state must list the callback's 1 state"),
        ({**SINGLE, "outputs": "a.children"}, "outputs[0] must be objects with an id and a property"),
        ({**SINGLE, "outputs": {"id": "a", "property": "title"}}, "outputs[0] does not match the callback"),
        ({**MULTI, "outputs": MULTI["outputs"][0]}, "outputs must list the callback's 2 outputs"),
        ({**MULTI, "inputs": [MULTI["inputs"][0][0]]}, "inputs[0] must be a list of components"),
        (
            {**MULTI, "inputs": [[{"id": {"type": "g"}, "property": "clickData"}]]},
            "inputs[0] does not match the callback",
        ),
        (
            {**MULTI, "inputs": [[{"id": {"type": "g", "name": [1]}, "property": "clickData"}]]},
            "inputs[0] does not match the callback",
        ),
        (
            {**MULTI, "inputs": [[{"id": {"type": "h", "name": "x"}, "property": "clickData"}]]},
            "inputs[0] does not match the callback",
        ),
        ({**PATTERN, "outputs": PATTERN["outputs"][0]}, "outputs[0] must be a list of components"),
        ({**SINGLE, "changedPropIds": "b.value"}, "changedPropIds must be a list"),
        ({**SINGLE, "changedPropIds": [1]}, "changedPropIds must be 'id.property' texts"),
        ({**SINGLE, "changedPropIds": ['{"a":.value']}, "a pattern id in changedPropIds must be JSON"),
        (
            {
                **SINGLE,
                "inputs": [{"id": "b", "property": "value", "value": [[[[[[[[1]]]]]]]] * 10}],
                "state": [{"id": "c", "property": "data", "value": json.loads("[" * 70 + "]" * 70)}],
            },
            "the body is nested deeper than 64 levels",
        ),
    ],
)
def test_malformed_bodies_are_refused_with_a_reason(body, problem):
    assert _problem(body) == problem


def test_a_declared_output_called_directly_shows_the_empty_state_of_an_empty_selection():
    from app.errors import EmptySelection

    @common.note_callback("direct-test-note")
    def note(view, value=None):
        raise EmptySelection("Nothing here.")

    try:
        assert note(View()) == "Nothing here."
    finally:
        common._pending.pop()  # declared only for this test: never registered
