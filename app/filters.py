"""The global filter bar's state: one immutable value, round-tripped through the URL.

Every query receives it as the single struct parameter ``$f``; the table macros in
``queries/_macros.sql`` apply it, so the filtering logic exists once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qs, urlencode

# Cross-filter dimensions a click on a chart may set (see queries/_macros.sql).
FOCUS_DIMENSIONS = ("year", "month", "season", "weekday", "daytype")
MAX_LIST_FILTER = 20
# A focus value is a year, a month, a season, a weekday or a day type: longer texts are not one.
MAX_FOCUS_CHARS = 20
_NO_UPPER_BOUND = 2**62
# What the bounds of the SQL parameter can hold (SMALLINT years, BIGINT minutes); the defaults mean unbounded.
_YEAR_LIMITS = (-32768, 32767)
_MINUTE_LIMITS = (-1, _NO_UPPER_BOUND)
_BOUND_TEXT = re.compile(r"[0-9]{1,30}")  # larger numbers are clamped to the limits


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


def _focus(focus: Any) -> tuple[str, str] | None:
    if (isinstance(focus, (tuple, list)) and len(focus) == 2 and focus[0] in FOCUS_DIMENSIONS
            and isinstance(focus[1], str) and 0 < len(focus[1]) <= MAX_FOCUS_CHARS):
        return (focus[0], focus[1])
    return None


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
    # Cross-filter set by clicking a chart: (dimension, value), e.g. ("season", "winter").
    focus: tuple[str, str] | None = field(default=None)

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
            "focus_dim": self.focus[0] if self.focus else None,
            "focus_value": self.focus[1] if self.focus else None,
            "review_level": self.review_level,
        }

    @property
    def review_level(self) -> bool:
        """Do the filters select reviews by their own date (review years, or a focus, which applies
        to the review calendar)? Without that, a recipe's filtered reviews are all its reviews
        (0-star ones aside), so per-recipe counts precomputed at ingest serve."""
        return self.int_years != (None, None) or self.focus is not None

    def without_focus(self) -> "Filters":
        return replace(self, focus=None)

    def with_focus(self, dimension: str | None, value: Any = None) -> "Filters":
        if dimension is None:
            return self.without_focus()
        if dimension not in FOCUS_DIMENSIONS:
            raise ValueError(f"Unknown cross-filter dimension {dimension!r}")
        return replace(self, focus=(dimension, str(value)))

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
            query["focus"] = f"{self.focus[0]}:{self.focus[1]}"
        return query

    @classmethod
    def from_query(cls, query: Any) -> "Filters":
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

        focus = None
        focus_text = first("focus")
        if focus_text and ":" in focus_text:
            dimension, _, value = focus_text.partition(":")
            focus = (dimension, value)
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
