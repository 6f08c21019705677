"""The global filter state and its URL round-trip."""

from __future__ import annotations

import pytest

from app.filters import Filters, build_search, parse_search


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(sub_years=(2002, 2010)),
        Filters(int_years=(None, 2015), minutes=(30, None), include_zero=False),
        Filters(tags=("easy", "60-minutes-or-less"), ingredients=("salt", "olive oil")),
        Filters(sub_years=(2001, 2001)).with_focus("season", "winter"),
        Filters().with_focus("weekday", 6),
        Filters().with_focus("year", "2005-2008").with_focus("review_year", 2010).with_focus("daytype", "weekend"),
    ],
)
def test_url_round_trip(filters):
    search = build_search(filters.to_query())
    assert Filters.from_query(parse_search(search)) == filters


def test_defaults_leave_the_url_clean():
    assert build_search(Filters().to_query()) == ""


def test_bad_url_values_fall_back_to_defaults():
    query = parse_search("?sy=abc-2005&iy=2010&min=x-y&zero=maybe&focus=planet:mars&tag=%20&tag=easy&tag=easy")
    filters = Filters.from_query(query)
    assert filters.sub_years == (None, None)
    assert filters.int_years == (None, None)
    assert filters.minutes == (None, None)
    assert filters.include_zero is True
    assert filters.focus == ()
    assert filters.tags == ("easy",)


def test_reversed_range_is_reordered():
    assert Filters.from_query(parse_search("?sy=2010-2002")).sub_years == (2002, 2010)


def test_sql_parameter_bounds():
    param = Filters(sub_years=(2002, None), minutes=(None, 60), include_zero=False).as_param()
    assert param["sub_year_min"] == 2002 and param["sub_year_max"] == 32767
    assert param["minutes_min"] == -1 and param["minutes_max"] == 60
    assert param["include_zero"] is False
    assert param["tags"] == []
    # No focus: every focus field matches every row.
    assert (param["focus_year_min"], param["focus_year_max"]) == (-32768, 32767)
    assert (param["focus_review_year_min"], param["focus_review_year_max"]) == (-32768, 32767)
    assert (param["focus_month"], param["focus_season"], param["focus_weekday"], param["focus_daytype"]) == (
        0,
        "",
        0,
        "",
    )


def test_focus_fields_of_the_sql_parameter():
    filters = Filters(
        focus=(
            ("year", "2003-2005"),
            ("review_year", "2010"),
            ("month", "3"),
            ("season", "spring"),
            ("weekday", "7"),
            ("daytype", "weekend"),
        )
    )
    param = filters.as_param()
    assert (param["focus_year_min"], param["focus_year_max"]) == (2003, 2005)
    assert (param["focus_review_year_min"], param["focus_review_year_max"]) == (2010, 2010)
    assert (param["focus_month"], param["focus_season"], param["focus_weekday"], param["focus_daytype"]) == (
        3,
        "spring",
        7,
        "weekend",
    )


def test_focus_dimensions_combine_one_value_each():
    filters = Filters().with_focus("season", "winter").with_focus("year", 2005).with_focus("season", "summer")
    # One value per dimension, the last wins, listed in the order of FOCUS_DIMENSIONS.
    assert filters.focus == (("year", "2005"), ("season", "summer"))
    assert filters.to_query() == {"focus": ["year:2005", "season:summer"]}
    assert filters.without_focus("season").focus == (("year", "2005"),)
    assert filters.without_focus().focus == ()
    # A click toggles its own dimension only.
    assert filters.toggled_focus("year", "2005").focus == (("season", "summer"),)
    assert filters.toggled_focus("year", 2007).focus == (("year", "2007"), ("season", "summer"))


@pytest.mark.parametrize(
    "dimension, value, expected",
    [
        ("year", "2009-2003", "2003-2009"),  # a range is ordered
        ("year", "2004-2004", "2004"),  # a one-year range is that year
        ("review_year", 2011.0, "2011"),
        ("month", "12", "12"),
        ("month", "13", None),
        ("month", "0", None),
        ("weekday", 7, "7"),
        ("weekday", "8", None),
        ("season", "winter", "winter"),
        ("season", "Winter", None),
        ("daytype", "weekend", "weekend"),
        ("daytype", "holiday", None),
        ("year", "20x5", None),
        ("year", "-2005", None),
        ("year", True, None),
        ("year", None, None),
    ],
)
def test_focus_values_are_checked_per_dimension(dimension, value, expected):
    assert Filters(focus=(dimension, value)).focus_on(dimension) == expected


def test_focus_from_a_url_with_several_dimensions():
    query = parse_search("?focus=season:winter&focus=year:2008-2006&focus=weekday:9&focus=planet:mars")
    assert Filters.from_query(query).focus == (("year", "2006-2008"), ("season", "winter"))
    assert Filters.from_query(query).focus_years("year") == (2006, 2008)


def test_unknown_focus_dimension_is_refused():
    with pytest.raises(ValueError):
        Filters().with_focus("planet", "mars")
    with pytest.raises(ValueError):
        Filters().with_focus("season", "monsoon")


def test_review_level_filters_are_review_years_and_focus():
    assert not Filters(sub_years=(2002, 2010), minutes=(0, 30), include_zero=False, tags=("easy",)).review_level
    assert Filters(int_years=(2005, None)).review_level
    assert Filters().with_focus("season", "winter").review_level
    assert Filters().with_focus("review_year", 2005).review_level
    # The submission-year focus selects recipes (and all their reviews): per-recipe counts still serve.
    assert not Filters().with_focus("year", 2005).review_level
    assert Filters(int_years=(2005, None)).as_param()["review_level"] is True
