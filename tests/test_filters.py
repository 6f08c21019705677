"""The global filter state and its URL round-trip."""

from __future__ import annotations

import pytest

from app.filters import Filters, build_search, parse_search


@pytest.mark.parametrize("filters", [
    Filters(),
    Filters(sub_years=(2002, 2010)),
    Filters(int_years=(None, 2015), minutes=(30, None), include_zero=False),
    Filters(tags=("easy", "60-minutes-or-less"), ingredients=("salt", "olive oil")),
    Filters(sub_years=(2001, 2001)).with_focus("season", "winter"),
    Filters().with_focus("weekday", 6),
])
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
    assert filters.focus is None
    assert filters.tags == ("easy",)


def test_reversed_range_is_reordered():
    assert Filters.from_query(parse_search("?sy=2010-2002")).sub_years == (2002, 2010)


def test_sql_parameter_bounds():
    param = Filters(sub_years=(2002, None), minutes=(None, 60), include_zero=False).as_param()
    assert param["sub_year_min"] == 2002 and param["sub_year_max"] == 32767
    assert param["minutes_min"] == -1 and param["minutes_max"] == 60
    assert param["include_zero"] is False
    assert param["focus_dim"] is None and param["tags"] == []


def test_unknown_focus_dimension_is_refused():
    with pytest.raises(ValueError):
        Filters().with_focus("planet", "mars")


def test_review_level_filters_are_review_years_and_focus():
    assert not Filters(sub_years=(2002, 2010), minutes=(0, 30), include_zero=False, tags=("easy",)).review_level
    assert Filters(int_years=(2005, None)).review_level
    assert Filters().with_focus("season", "winter").review_level
    assert Filters(int_years=(2005, None)).as_param()["review_level"] is True
