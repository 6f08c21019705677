"""The global filter bar's state: one immutable value, round-tripped through the URL.

Every query receives it as the single struct parameter ``$f``; the table macros in
``queries/_macros.sql`` apply it, so the filtering logic exists once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qs, urlencode

from app.schema import SEASONS

# Cross-filter dimensions a click or a selection on a chart may set (see queries/_macros.sql), in the
# order the badge lists them. Each says which date it reads: ``year`` the recipe's submission year (it
# selects recipes and the reviews of those recipes), ``review_year`` the review's year (reviews only);
# the calendar dimensions read each table's own date (recipes: submission, reviews: review).
SUBMISSION_YEAR, REVIEW_YEAR = "year", "review_year"
FOCUS_DIMENSIONS = (SUBMISSION_YEAR, REVIEW_YEAR, "month", "season", "weekday", "daytype")
YEAR_FOCUS_DIMENSIONS = (SUBMISSION_YEAR, REVIEW_YEAR)
CALENDAR_FOCUS_VALUES: dict[str, tuple[str, ...]] = {
    "month": tuple(str(month) for month in range(1, 13)),
    "season": SEASONS,
    "weekday": tuple(str(day) for day in range(1, 8)),  # ISO: 1 = Monday
    "daytype": ("weekday", "weekend"),
}
MAX_LIST_FILTER = 20
# The URL parameters the filters own (Filters.to_query); the others (tab, language, tab controls) are not.
FILTER_KEYS = ("sy", "iy", "min", "zero", "tag", "ingr", "focus")
_NO_UPPER_BOUND = 2**62
# What the bounds of the SQL parameter can hold (SMALLINT years, BIGINT minutes); the defaults mean unbounded.
_YEAR_LIMITS = (-32768, 32767)
_MINUTE_LIMITS = (-1, _NO_UPPER_BOUND)
_BOUND_TEXT = re.compile(r"[0-9]{1,30}")  # larger numbers are clamped to the limits
_YEAR_FOCUS_TEXT = re.compile(r"([0-9]{1,4})(?:-([0-9]{1,4}))?")  # a year, or an inclusive range of years


def _parse_range(text: Any) -> tuple[int | None, int | None] | None:
    """'2002-2010' -> (2002, 2010); '30-' -> (30, None); invalid (a bound that is not ASCII digits), or
    not a string -> None."""
    if not isinstance(text, str) or "-" not in text:
        return None
    low_text, _, high_text = text.partition("-")
    if not all(_BOUND_TEXT.fullmatch(part) for part in (low_text, high_text) if part):
        return None
    low = int(low_text) if low_text else None
    high = int(high_text) if high_text else None
    if low is not None and high is not None and low > high:
        low, high = high, low
    return low, high


def _bound(value: Any, limits: tuple[int, int]) -> int | None:
    """An integer bound clamped to ``limits`` (what the SQL parameter holds); anything else is no bound."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        return None
    return min(max(value, limits[0]), limits[1])


def _bounds(pair: Any, limits: tuple[int, int]) -> tuple[int | None, int | None]:
    if not isinstance(pair, (tuple, list)) or len(pair) != 2:
        return (None, None)
    return _bound(pair[0], limits), _bound(pair[1], limits)


def _items(values: Any) -> tuple[str, ...]:
    """Tag or ingredient names: strings only, stripped, without blanks or repeats, at most MAX_LIST_FILTER."""
    if isinstance(values, str) or not isinstance(values, (tuple, list)):
        return ()
    items = [v.strip() for v in values if isinstance(v, str) and v.strip()]
    return tuple(dict.fromkeys(items))[:MAX_LIST_FILTER]


def _focus_value(dimension: Any, value: Any) -> str | None:
    """The canonical text of a focus value, None when it is not one of ``dimension``'s: a year or a
    'low-high' year range (within the SQL parameter's limits), or one of CALENDAR_FOCUS_VALUES."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value) if isinstance(value, (int, str)) else None
    if text is None or dimension not in FOCUS_DIMENSIONS:
        return None
    if dimension not in YEAR_FOCUS_DIMENSIONS:
        return text if text in CALENDAR_FOCUS_VALUES[dimension] else None
    match = _YEAR_FOCUS_TEXT.fullmatch(text)
    if match is None:
        return None
    low, high = sorted(int(part) for part in (match[1], match[2] or match[1]))
    return str(low) if low == high else f"{low}-{high}"


def _focus(focus: Any) -> tuple[tuple[str, str], ...]:
    """Focus pairs (dimension, value), one per dimension (the last one given wins), in the order of
    FOCUS_DIMENSIONS; invalid pairs are dropped. Accepts one pair, pairs, or a {dimension: value} dict."""
    if isinstance(focus, dict):
        pairs: list[Any] = list(focus.items())
    elif isinstance(focus, (tuple, list)) and len(focus) == 2 and isinstance(focus[0], str):
        pairs = [focus]
    elif isinstance(focus, (tuple, list)):
        pairs = list(focus)
    else:
        pairs = []
    chosen: dict[str, str] = {}
    for pair in pairs:
        if isinstance(pair, (tuple, list)) and len(pair) == 2 and isinstance(pair[0], str):
            value = _focus_value(pair[0], pair[1])
            if value is not None:
                chosen[pair[0]] = value
    return tuple((dimension, chosen[dimension]) for dimension in FOCUS_DIMENSIONS if dimension in chosen)


def _year_range(value: str) -> tuple[int, int]:
    low, _, high = value.partition("-")
    return int(low), int(high or low)


def _format_range(bounds: tuple[int | None, int | None]) -> str:
    return "-".join("" if v is None else str(v) for v in bounds)


@dataclass(frozen=True)
class Filters:
    """Filters shared by every chart of a tab; ``None`` bounds mean unbounded."""

    sub_years: tuple[int | None, int | None] = (None, None)
    int_years: tuple[int | None, int | None] = (None, None)
    minutes: tuple[int | None, int | None] = (None, None)
    include_zero: bool = True
    tags: tuple[str, ...] = ()
    ingredients: tuple[str, ...] = ()
    # Cross-filters set by clicking or selecting on charts: (dimension, value) pairs, one per dimension,
    # e.g. (("year", "2005-2008"), ("season", "winter")).
    focus: tuple[tuple[str, str], ...] = field(default=())

    def __post_init__(self) -> None:
        """Whatever it is built from (URL, widgets, tests), a Filters holds bindable values: integer bounds
        within the SQL parameter's range, names as strings, a known focus; anything else is dropped."""
        normalized = {
            "sub_years": _bounds(self.sub_years, _YEAR_LIMITS),
            "int_years": _bounds(self.int_years, _YEAR_LIMITS),
            "minutes": _bounds(self.minutes, _MINUTE_LIMITS),
            "include_zero": self.include_zero if isinstance(self.include_zero, bool) else True,
            "tags": _items(self.tags),
            "ingredients": _items(self.ingredients),
            "focus": _focus(self.focus),
        }
        for name, value in normalized.items():
            object.__setattr__(self, name, value)

    # -- SQL --------------------------------------------------------------------------

    def as_param(self) -> dict[str, Any]:
        """The ``$f`` struct bound into every query."""
        submission_years = self.focus_years(SUBMISSION_YEAR) or _YEAR_LIMITS
        review_years = self.focus_years(REVIEW_YEAR) or _YEAR_LIMITS
        return {
            "sub_year_min": self.sub_years[0] if self.sub_years[0] is not None else -32768,
            "sub_year_max": self.sub_years[1] if self.sub_years[1] is not None else 32767,
            "int_year_min": self.int_years[0] if self.int_years[0] is not None else -32768,
            "int_year_max": self.int_years[1] if self.int_years[1] is not None else 32767,
            "minutes_min": self.minutes[0] if self.minutes[0] is not None else -1,
            "minutes_max": self.minutes[1] if self.minutes[1] is not None else _NO_UPPER_BOUND,
            "include_zero": self.include_zero,
            "tags": list(self.tags),
            "ingredients": list(self.ingredients),
            # Unset focus fields hold values that match every row (no NULLs: the struct's types stay fixed).
            "focus_year_min": submission_years[0],
            "focus_year_max": submission_years[1],
            "focus_review_year_min": review_years[0],
            "focus_review_year_max": review_years[1],
            "focus_month": int(self.focus_on("month") or 0),
            "focus_season": self.focus_on("season") or "",
            "focus_weekday": int(self.focus_on("weekday") or 0),
            "focus_daytype": self.focus_on("daytype") or "",
            "review_level": self.review_level,
        }

    # -- focus ------------------------------------------------------------------------

    def focus_on(self, dimension: str) -> str | None:
        """The focused value of ``dimension``, None when it has none."""
        return dict(self.focus).get(dimension)

    def focus_years(self, dimension: str) -> tuple[int, int] | None:
        """The (first, last) years of a year focus (``year`` or ``review_year``), None without one."""
        value = self.focus_on(dimension)
        return _year_range(value) if value is not None else None

    @property
    def review_level(self) -> bool:
        """Do the filters select reviews by their own date (review years, or a focus, which applies
        to the review calendar)? Without that, a recipe's filtered reviews are all its reviews
        (0-star ones aside), so per-recipe counts precomputed at ingest serve."""
        return self.int_years != (None, None) or any(dimension != "year" for dimension, _ in self.focus)

    def without_focus(self, *dimensions: str) -> Filters:
        """Without the focus on ``dimensions`` (every focus when none is named)."""
        kept = tuple(pair for pair in self.focus if dimensions and pair[0] not in dimensions)
        return replace(self, focus=kept)

    def with_focus(self, dimension: str, value: Any) -> Filters:
        """With ``dimension`` focused on ``value`` (replacing its previous value, keeping the others)."""
        canonical = _focus_value(dimension, value)
        if canonical is None:
            raise ValueError(f"Not a cross-filter: {dimension!r} = {value!r}")
        return replace(self, focus=(*self.without_focus(dimension).focus, (dimension, canonical)))

    def toggled_focus(self, dimension: str, value: Any) -> Filters:
        """A click: focus ``dimension`` on ``value``, or clear it when that is already its focus."""
        if self.focus_on(dimension) == _focus_value(dimension, value):
            return self.without_focus(dimension)
        return self.with_focus(dimension, value)

    # -- URL --------------------------------------------------------------------------

    def to_query(self) -> dict[str, Any]:
        """URL query parameters, only those that differ from the defaults."""
        query: dict[str, Any] = {}
        if self.sub_years != (None, None):
            query["sy"] = _format_range(self.sub_years)
        if self.int_years != (None, None):
            query["iy"] = _format_range(self.int_years)
        if self.minutes != (None, None):
            query["min"] = _format_range(self.minutes)
        if not self.include_zero:
            query["zero"] = "0"
        if self.tags:
            query["tag"] = list(self.tags)
        if self.ingredients:
            query["ingr"] = list(self.ingredients)
        if self.focus:
            query["focus"] = [f"{dimension}:{value}" for dimension, value in self.focus]
        return query

    @classmethod
    def from_query(cls, query: Any) -> Filters:
        """Parse URL parameters (``parse_search``'s lists of strings); invalid values, and values of
        any other type, fall back to the default, never fail."""
        query = query if isinstance(query, dict) else {}

        def strings(key: str) -> list[str]:
            values = query.get(key)
            values = [values] if isinstance(values, str) else values if isinstance(values, (list, tuple)) else []
            return [v for v in values if isinstance(v, str)]

        def first(key: str) -> str | None:
            values = strings(key)
            return values[0] if values else None

        focus = tuple(
            (text.partition(":")[0], text.partition(":")[2]) for text in strings("focus")[: len(FOCUS_DIMENSIONS)]
        )
        return cls(
            sub_years=_parse_range(first("sy")) or (None, None),
            int_years=_parse_range(first("iy")) or (None, None),
            minutes=_parse_range(first("min")) or (None, None),
            include_zero=first("zero") != "0",
            tags=tuple(strings("tag")),
            ingredients=tuple(strings("ingr")),
            focus=focus,
        )


def parse_search(search: Any) -> dict[str, list[str]]:
    """Parse a ``location.search`` string ('?a=1&b=2') into lists of values; anything but a string
    (the browser may send any JSON) is an empty query."""
    if not isinstance(search, str):
        return {}
    return parse_qs(search.lstrip("?"), keep_blank_values=False)


def build_search(params: dict[str, Any]) -> str:
    """Inverse of parse_search; drops empty values and keeps a stable order."""
    items = [(k, v) for k, v in sorted(params.items()) if v not in (None, "", [], ())]
    return "?" + urlencode(items, doseq=True) if items else ""
