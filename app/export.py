"""Explorer views of the raw tables: validation, SQL composition, pages, quality and streamed export.

A *view* is a table of the dataset, its column filters and sort (AG Grid's ``filterModel`` and
``sortModel``, several columns each) and, for recipes and interactions, the global filter bar. The
Explorer's rows, its quality summary and the download route compile the same view, so what is
downloaded is what is shown.

Safety: every SQL text comes from ``queries/explorer/*.sql``. Table and column names fill
``{placeholders}`` through ``Repository.sql`` (validated against app/schema.py) after being
checked here against the selected table; filter values are always bound parameters. A view
is compiled by filling a skeleton's slots with fragments of those same templates, one fixed
template per filter condition type, so no user text ever becomes SQL.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import tempfile
import threading
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
from flask import Blueprint, Flask, Response, request
from loguru import logger

from app import schema
from app.errors import AppError, QueryFailed
from app.filters import Filters, build_search
from app.i18n import normalize_language, t
from app.metrics import record_export
from app.repository import PinnedReader, Repository, get_repository, sql_parameters

# -- columns -----------------------------------------------------------------------------

NUMBER, TEXT, DATE, BOOLEAN, LIST = "number", "text", "date", "boolean", "list"
_NUMERIC_TYPES = frozenset({"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "DOUBLE"})
_KIND_OF_TYPE = {"VARCHAR": TEXT, "DATE": DATE, "BOOLEAN": BOOLEAN}

# Columns identifying a row, kept unique by ingest (it rejects duplicates or stores DISTINCT rows).
# Sorted pages find their rows by this key; tables without one use a hash of the whole row.
ROW_KEYS = {
    "recipes": ("recipe_id",),
    "interactions": ("user_id", "recipe_id"),
    "recipe_tags": ("recipe_id", "tag"),
    "recipe_ingredients": ("recipe_id", "ingredient"),
}
# The global filter bar applies to these tables, through their filtering macros.
FILTERED_SOURCES = {"recipes": "source_filtered_recipes", "interactions": "source_filtered_interactions"}
EXPORT_FORMATS = ("csv", "parquet")
EXPORT_BATCH_ROWS = 32_768  # rows per Arrow batch of a download read straight: bounds its memory
# Rows per bucket of a sorted download (one Parquet row group each), and per fetch when it is read by key.
EXPORT_KEY_BATCH_ROWS = 65_536
# CSV has no row groups: smaller buckets hold less of a sorted download in memory at a time.
EXPORT_CSV_BUCKET_ROWS = 16_384
# Rows per batch DuckDB hands a sorted download's straight read (less memory held inside DuckDB); they
# are spilled EXPORT_BATCH_ROWS at a time (fewer, larger pieces on disk).
EXPORT_SCAN_BATCH_ROWS = 8_192
# Downloads a worker streams at once; others wait for a slot, up to EXPORT_WAIT_SECONDS (then 503), so
# the worker's memory and DuckDB's share of it stay bounded whatever the number of downloads.
EXPORT_SLOTS = 2
EXPORT_WAIT_SECONDS = 90.0  # under the proxy's read timeout
_export_slots = threading.BoundedSemaphore(EXPORT_SLOTS)
MAX_FILTER_CHARS = 2_000


def column_kind(sql_type: str) -> str:
    """How the Explorer treats a column of this DuckDB type (filters, display, statistics)."""
    if sql_type.endswith("[]"):
        return LIST
    if sql_type in _NUMERIC_TYPES:
        return NUMBER
    return _KIND_OF_TYPE[sql_type]


def table_columns(table: str) -> dict[str, str]:
    """Columns of a table of the served dataset -> their kind; any other table is refused."""
    tables = get_repository().tables()
    if table not in tables:
        raise ViewError("explorer.error.table", table=str(table)[:60], tables=", ".join(tables))
    return {name: column_kind(sql_type) for name, sql_type in schema.TABLES[table].items()}


class ViewError(AppError):
    """An invalid view (table, column, filter, sort, format): a message shown in the UI or sent as HTTP 400."""

    def __init__(self, key: str, **values: Any) -> None:
        self.key, self.values = key, values
        super().__init__(t(key, "en", **values))

    def text(self, language: str | None) -> str:
        return t(self.key, language, **self.values)


# -- filters and sort --------------------------------------------------------------------

# The grid's filter models (AG Grid's ``filterModel``: one entry per filtered column, a condition or
# two joined by AND / OR) and sort models (``sortModel``: columns in order, asc or desc) are checked
# here against the table's columns, and each condition becomes one fixed template
# (queries/explorer/where_<template>.sql) whose value is a bound parameter.
# Filter types per kind of column: the filter the grid shows (its ``filterType``) and, for each
# condition type it offers, the template implementing it.
_COMPARE = {
    "equals": "equals",
    "notEqual": "differs",
    "lessThan": "less",
    "lessThanOrEqual": "at_most",
    "greaterThan": "greater",
    "greaterThanOrEqual": "at_least",
    "inRange": "between",
}
_BLANKS = {"blank": "blank", "notBlank": "not_blank"}
_TEXT_MATCH = {"contains": "contains", "notContains": "not_contains"}
FILTER_TYPES: dict[str, tuple[str, dict[str, str]]] = {
    NUMBER: ("number", {**_COMPARE, **_BLANKS}),
    DATE: (
        "date",
        {**{k: v for k, v in _COMPARE.items() if k not in ("lessThanOrEqual", "greaterThanOrEqual")}, **_BLANKS},
    ),
    TEXT: (
        "text",
        {
            **_TEXT_MATCH,
            "equals": "text_equals",
            "notEqual": "text_differs",
            "startsWith": "starts_with",
            "endsWith": "ends_with",
            **_BLANKS,
        },
    ),
    LIST: ("text", {**_TEXT_MATCH, **_BLANKS}),
    BOOLEAN: ("text", {"true": "is_true", "false": "is_false", **_BLANKS}),
}
_NO_VALUE = frozenset({"blank", "notBlank", "true", "false"})
MAX_CONDITIONS = 2  # per column, as the grid's filters offer (maxNumConditions)
MAX_TEXT_CHARS = 200  # a text filter value
_BIGINT_MAX = 2**63 - 1


@dataclass(frozen=True)
class Condition:
    """One condition of a column filter: AG Grid's condition ``type`` with values typed for the column
    (``value_to``: the upper bound of inRange)."""

    type: str
    value: Any = None
    value_to: Any = None


@dataclass(frozen=True)
class ColumnFilter:
    """A column's filter: one or more conditions, all (AND) or any (OR) of them."""

    column: str
    conditions: tuple[Condition, ...]
    join: str = "AND"


@dataclass(frozen=True)
class Sort:
    """One key of the view's order: a column, ascending or descending."""

    column: str
    descending: bool = False


def _number(column: str, value: Any) -> int | float:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or value != value
        or value in (float("inf"), float("-inf"))
    ):
        raise ViewError("explorer.error.number", column=column, value=str(value)[:40])
    return float(value) if isinstance(value, int) and abs(value) > _BIGINT_MAX else value


def _date(column: str, value: Any) -> dt.date:
    """The grid's dates come as 'YYYY-MM-DD' or 'YYYY-MM-DD hh:mm:ss' (midnight)."""
    text = value if isinstance(value, str) else ""
    day, _, time_part = text.partition(" ")
    try:
        if len(day) == 10 and time_part in ("", "00:00:00"):
            return dt.date.fromisoformat(day)
    except ValueError:
        pass
    raise ViewError("explorer.error.date", column=column, value=str(value)[:40])


def _text(column: str, value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ViewError("explorer.error.text", column=column)
    if len(value) > MAX_TEXT_CHARS:
        raise ViewError("explorer.error.too_long", limit=MAX_TEXT_CHARS)
    return value


def _condition(column: str, kind: str, model: Any) -> Condition:
    """One condition of the grid's model ({"filterType", "type", "filter" | "dateFrom", …}), typed."""
    filter_type, types = FILTER_TYPES[kind]
    if not isinstance(model, dict) or model.get("filterType", filter_type) != filter_type:
        raise ViewError("explorer.error.filter", column=column)
    kind_of_condition = model.get("type")
    if not isinstance(kind_of_condition, str) or kind_of_condition not in types:
        raise ViewError(
            "explorer.error.operator", operator=str(kind_of_condition)[:40], column=column, allowed=", ".join(types)
        )
    if kind_of_condition in _NO_VALUE:
        return Condition(kind_of_condition)
    typed: Callable[[str, Any], Any] = {DATE: _date, NUMBER: _number}.get(kind, _text)
    low, high = (
        (model.get("dateFrom"), model.get("dateTo")) if kind == DATE else (model.get("filter"), model.get("filterTo"))
    )
    if kind_of_condition != "inRange":
        return Condition(kind_of_condition, typed(column, low))
    low, high = typed(column, low), typed(column, high)
    return Condition(kind_of_condition, min(low, high), max(low, high))


def parse_filter_model(model: Any, table: str, columns: dict[str, str]) -> tuple[ColumnFilter, ...]:
    """The grid's ``filterModel`` as column filters, in the table's column order; an unknown column,
    filter type or operator, or a value of the wrong type, is refused with a clear message."""
    if model is None:
        return ()
    if not isinstance(model, dict):
        raise ViewError("explorer.error.filter_model")
    filters = {}
    for column, entry in model.items():
        if column not in columns:
            raise ViewError("explorer.error.column", column=str(column)[:60], table=table)
        kind = columns[column]
        if isinstance(entry, dict) and "conditions" in entry:
            join, items = entry.get("operator"), entry.get("conditions")
            if join not in ("AND", "OR") or not isinstance(items, list) or not 1 <= len(items) <= MAX_CONDITIONS:
                raise ViewError("explorer.error.filter", column=column)
            filters[column] = ColumnFilter(column, tuple(_condition(column, kind, item) for item in items), join)
        else:
            filters[column] = ColumnFilter(column, (_condition(column, kind, entry),))
    return tuple(filters[column] for column in columns if column in filters)


def parse_sort_model(model: Any, table: str, columns: dict[str, str]) -> tuple[Sort, ...]:
    """The grid's ``sortModel`` ([{"colId", "sort": "asc" | "desc"}, …], first key first)."""
    if model is None:
        return ()
    if not isinstance(model, list):
        raise ViewError("explorer.error.sort", column="?", direction="?")
    keys: list[Sort] = []
    for entry in model:
        column = entry.get("colId") if isinstance(entry, dict) else None
        direction = entry.get("sort") if isinstance(entry, dict) else None
        if (
            not isinstance(column, str)
            or column not in columns
            or direction not in ("asc", "desc")
            or any(key.column == column for key in keys)
        ):
            raise ViewError("explorer.error.sort", column=str(column)[:60], direction=str(direction)[:10])
        keys.append(Sort(column, direction == "desc"))
    return tuple(keys)


def _condition_model(kind: str, condition: Condition) -> dict[str, Any]:
    filter_type = FILTER_TYPES[kind][0]
    model: dict[str, Any] = {"filterType": filter_type, "type": condition.type}
    if condition.value is None:
        return model
    if kind == DATE:
        model["dateFrom"] = f"{condition.value.isoformat()} 00:00:00"
        if condition.value_to is not None:
            model["dateTo"] = f"{condition.value_to.isoformat()} 00:00:00"
        return model
    model["filter"] = condition.value
    if condition.value_to is not None:
        model["filterTo"] = condition.value_to
    return model


def parse_sort_text(text: str | None) -> list[dict[str, str]] | None:
    """A download link's ``sort`` ('minutes:desc,name:asc') as a sort model."""
    if not text:
        return None
    model = []
    for key in text.split(","):
        column, _, direction = key.partition(":")
        model.append({"colId": column, "sort": direction or "asc"})
    return model


def parse_filter_text(text: str | None) -> Any:
    """A download link's ``filter``: the filter model as JSON."""
    if not text:
        return None
    if len(text) > MAX_FILTER_CHARS:
        raise ViewError("explorer.error.too_long", limit=MAX_FILTER_CHARS)
    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # not JSON, or nested deeper than Python parses
        raise ViewError("explorer.error.filter_model") from None


# -- views -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompiledQuery:
    """A composed SQL text and its bound values; ``label`` names it in logs and cache keys."""

    label: str
    sql: str
    params: dict[str, Any]


@dataclass(frozen=True)
class TableView:
    """A validated view of one table: column filters, sort keys and (recipes, interactions) global filters."""

    table: str
    columns: dict[str, str] = field(repr=False, compare=False)
    column_filters: tuple[ColumnFilter, ...] = ()
    sort: tuple[Sort, ...] = ()
    filters: Filters = field(default_factory=Filters)

    @classmethod
    def parse(
        cls, table: str, filter_model: Any = None, sort_model: Any = None, filters: Filters | None = None
    ) -> TableView:
        """The view of the grid's filter and sort models (see ``parse_filter_model``, ``parse_sort_model``)."""
        columns = table_columns(table)
        return cls(
            table,
            columns,
            parse_filter_model(filter_model, table, columns),
            parse_sort_model(sort_model, table, columns),
            filters or Filters(),
        )

    @classmethod
    def from_url(cls, table: str, query: dict[str, list[str]]) -> TableView:
        """The view a download link describes (see ``url_query``)."""

        def first(key: str) -> str | None:
            values = query.get(key)
            return values[0] if values else None

        return cls.parse(
            table, parse_filter_text(first("filter")), parse_sort_text(first("sort")), Filters.from_query(query)
        )

    @property
    def global_filters_apply(self) -> bool:
        return self.table in FILTERED_SOURCES

    @property
    def _through_filter_bar(self) -> bool:
        """Read through the filtering macros only when a global filter is set: unset, they keep every
        row, yet their plan joins the recipes, and wide rows cannot stream through that join
        within DuckDB's memory (deep pages and downloads of interactions would fail)."""
        return self.global_filters_apply and self.filters != Filters()

    @property
    def by_key(self) -> bool:
        """Sorted views, and views through the filter bar, are read in two steps: their row keys in
        order (narrow), then those rows whole: by key for a page, spilled to disk by bucket of places
        for a download. Sorting wide rows (reviews) in DuckDB would not fit its memory; raw unsorted
        views are read straight, in file order."""
        return bool(self.sort) or self._through_filter_bar

    @property
    def filter_model(self) -> dict[str, Any]:
        """The column filters as the grid's ``filterModel`` (parses back to the same filters)."""
        model: dict[str, Any] = {}
        for column_filter in self.column_filters:
            kind = self.columns[column_filter.column]
            conditions = [_condition_model(kind, condition) for condition in column_filter.conditions]
            model[column_filter.column] = (
                conditions[0]
                if len(conditions) == 1
                else {"filterType": FILTER_TYPES[kind][0], "operator": column_filter.join, "conditions": conditions}
            )
        return model

    @property
    def sort_model(self) -> list[dict[str, str]]:
        """The sort keys as the grid's ``sortModel``."""
        return [{"colId": key.column, "sort": "desc" if key.descending else "asc"} for key in self.sort]

    def url_query(self) -> dict[str, Any]:
        """URL parameters describing this view, global filters included where they apply: ``sort``
        ('minutes:desc,name:asc') and ``filter`` (the filter model as compact JSON)."""
        query: dict[str, Any] = {}
        if self.column_filters:
            query["filter"] = json.dumps(self.filter_model, separators=(",", ":"), ensure_ascii=False)
        if self.sort:
            query["sort"] = ",".join(f"{key.column}:{'desc' if key.descending else 'asc'}" for key in self.sort)
        if self.global_filters_apply:
            query.update(self.filters.to_query())
        return query

    # -- compilation -------------------------------------------------------------------

    def _source(self) -> tuple[str, dict[str, Any]]:
        if self._through_filter_bar:
            return _fragment(FILTERED_SOURCES[self.table]), {"f": self.filters.as_param()}
        return _fragment("source_table", table=self.table), {}

    def _conditions(self) -> tuple[str, dict[str, Any]]:
        """One ``AND (…)`` line per column filter; its conditions joined by AND / OR, values bound."""
        lines, params = [], {}
        for number, column_filter in enumerate(self.column_filters, start=1):
            templates = FILTER_TYPES[self.columns[column_filter.column]][1]
            predicates = []
            for index, condition in enumerate(column_filter.conditions, start=1):
                suffix = f"{number}_{index}"
                predicates.append(
                    _fragment(f"where_{templates[condition.type]}", column=column_filter.column, suffix=suffix)
                )
                if condition.value is not None:
                    params[f"value_{suffix}"] = condition.value
                if condition.value_to is not None:
                    params[f"value_to_{suffix}"] = condition.value_to
            predicate = predicates[0]
            join = "predicate_or" if column_filter.join == "OR" else "predicate_and"
            for other in predicates[1:]:
                predicate = _fill(_fragment(join), left=predicate, right=other)
            lines.append(_fill(_fragment("condition"), predicate=predicate))
        return "\n".join(lines), params

    def _row_key(self) -> str:
        key = ROW_KEYS.get(self.table)
        if key is None:
            return _fragment("row_key_hash")
        return _fill(_fragment("row_key_columns"), columns=_list_of(_fragment("show_value", column=c) for c in key))

    def _compile(self, skeleton: str, extra: dict[str, Any] | None = None, **slots: str) -> CompiledQuery:
        source, source_params = self._source()
        conditions, condition_params = self._conditions()
        sql = _fill(_fragment(skeleton), source=source, conditions=conditions, **slots)
        params = {**source_params, **condition_params, **(extra or {})}
        return CompiledQuery(f"explorer/{skeleton}", sql, {p: params[p] for p in sql_parameters(sql)})

    def _projection(self, templates: list[str]) -> str:
        """One fragment per column, in the table's column order."""
        return _list_of(_fragment(name, column=column) for name, column in zip(templates, self.columns, strict=True))

    def count_query(self) -> CompiledQuery:
        return self._compile("count")

    def page_query(self, offset: int, limit: int, max_chars: int) -> CompiledQuery:
        """A page of a view read straight (not ``by_key``), cells truncated to ``max_chars``."""
        return self._compile(
            "page",
            {"offset": offset, "limit": limit, "max_chars": max_chars},
            projection=self._projection(self._shown()),
        )

    def _order(self) -> str:
        """ORDER BY the sort keys, then the row key (pages never overlap nor skip rows); the row key alone unsorted."""
        if not self.sort:
            return _fragment("order_by_key")
        keys = _list_of(
            _fragment("sort_descending" if key.descending else "sort_ascending", column=key.column) for key in self.sort
        )
        return _fill(_fragment("order_by"), keys=keys)

    def keys_query(self, offset: int = 0, limit: int | None = None) -> CompiledQuery:
        """Row keys of the view in its order (all of them without ``limit``)."""
        return self._compile(
            "view_keys", {"offset": offset, "limit": limit}, row_key=self._row_key(), order=self._order()
        )

    def places_query(self) -> CompiledQuery:
        """The hash of each row's key, in the view's order (step one of a sorted download)."""
        return self._compile("view_places", row_key=self._row_key(), order=self._order())

    def hashed_export_query(self, file_format: str) -> CompiledQuery:
        """Every row of the view read straight, raw, after the hash of its row key (step two)."""
        return self._compile(
            "export_hashed", row_key=self._row_key(), projection=self._projection(self._exported(file_format))
        )

    def rows_query(self, keys: list, file_format: str | None = None, max_chars: int = 0) -> CompiledQuery:
        """The rows with these keys, in any order: for a page (no format, cells truncated to
        ``max_chars``) or for a download."""
        templates = self._shown() if file_format is None else self._exported(file_format)
        raw_table = _fragment("source_table", table=self.table)
        key_columns = ROW_KEYS.get(self.table, ())
        narrowing = "\n".join(_fragment("key_column_in", suffix=str(i), column=c) for i, c in enumerate(key_columns))
        values = {f"key_column_{i}": sorted({key[c] for key in keys}) for i, c in enumerate(key_columns)}
        return self._compile(
            "rows_by_key",
            {"keys": keys, "max_chars": max_chars, **values},
            row_key=self._row_key(),
            projection=self._projection(templates),
            raw_table=raw_table,
            key_columns=narrowing,
        )

    def export_query(self, file_format: str) -> CompiledQuery:
        """Every row of a view read straight (not ``by_key``), raw."""
        return self._compile("export", projection=self._projection(self._exported(file_format)))

    def quality_query(self) -> CompiledQuery:
        numeric = [c for c, kind in self.columns.items() if kind == NUMBER]
        statistics = {NUMBER: "quality_number", TEXT: "quality_text", LIST: "quality_list"}
        fences = _list_of(_fragment("quality_fence", column=c) for c in numeric) or _fragment("quality_no_fences")
        stats = _list_of(_fragment(statistics.get(kind, "quality_value"), column=c) for c, kind in self.columns.items())
        return self._compile("quality", fences=fences, statistics=stats)

    def _shown(self) -> list[str]:
        """How a page shows each column: long text and lists truncated, dates and booleans as text."""
        return [_SHOWN[kind] for kind in self.columns.values()]

    def _exported(self, file_format: str) -> list[str]:
        """Raw columns; CSV cannot hold lists, so they become JSON arrays there."""
        list_template = "show_json" if file_format == "csv" else "show_value"
        return [list_template if kind == LIST else "show_value" for kind in self.columns.values()]


# How a page shows each kind of column.
_SHOWN = {NUMBER: "show_value", TEXT: "show_text", LIST: "show_list", DATE: "show_as_text", BOOLEAN: "show_value"}


def _list_of(fragments) -> str:
    return ",\n".join(fragments)


_SLOT = re.compile(r"\{([a-z_]+)\}")


@lru_cache(maxsize=2048)
def _fragment(name: str, suffix: str = "", **identifiers: str) -> str:
    """Template ``queries/explorer/<name>.sql`` without its comment lines, identifiers validated;
    with a ``suffix``, its parameters are renamed (``$value`` -> ``$value_2``) so fragments can repeat."""
    sql = Repository.sql(f"explorer/{name}", identifiers or None)  # static: ingest composes views too
    body = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--")).strip()
    for parameter in sql_parameters(body) if suffix else ():
        body = re.sub(rf"(?<![\w$])\${parameter}(?!\w)", f"${parameter}_{suffix}", body)
    return body


def _fill(skeleton: str, **slots: str) -> str:
    """Fill a skeleton's ``{slot}`` markers in one pass (inserted fragments are not rescanned)."""

    def replace(match: re.Match) -> str:
        if match[1] not in slots:
            raise QueryFailed(f"Explorer template slot {match[1]!r} is not filled")
        return slots[match[1]]

    return _SLOT.sub(replace, skeleton)


# -- running views -----------------------------------------------------------------------


def run_view_query(query: CompiledQuery) -> pd.DataFrame:
    """Result of a composed query, memoized per dataset version by the repository."""
    return get_repository().composed(query)


# -- what the Explorer shows ---------------------------------------------------------------


def count_rows(view: TableView) -> int:
    return int(run_view_query(view.count_query()).iloc[0]["n_rows"])


def _key_order(row_keys: list, keys: list) -> list[int]:
    """Positions of ``row_keys`` (rows fetched by key, any order) that list them in ``keys``' order.
    Identical rows share a hash key: each occurrence of the key takes one (any) of them."""

    def hashable(key: Any) -> Any:
        return tuple(key.values()) if isinstance(key, dict) else key

    position = {hashable(key): i for i, key in enumerate(row_keys)}
    return [position[hashable(key)] for key in keys]


def page_rows(view: TableView, offset: int, limit: int, max_chars: int) -> list[dict[str, Any]]:
    """Rows ``offset`` to ``offset + limit`` (excluded) of the view in its order, JSON-ready: empty cells are None."""
    if not view.by_key:
        return _records(run_view_query(view.page_query(offset, limit, max_chars)))
    keys = run_view_query(view.keys_query(offset, limit))["row_key"].tolist()
    if not keys:
        return []
    rows = _records(run_view_query(view.rows_query(keys, max_chars=max_chars)))
    order = _key_order([row.pop("row_key") for row in rows], keys)
    return [rows[i] for i in order]


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as Python dicts, empty cells (None, NaN) as None (one array conversion: fast)."""
    names = list(frame.columns)
    return [
        {name: None if value is None or value != value else value for name, value in zip(names, row, strict=True)}
        for row in frame.to_numpy(dtype=object).tolist()
    ]


QUALITY_FIELDS = (
    "nulls",
    "n_distinct",
    "low",
    "high",
    "q1",
    "q3",
    "outliers",
    "min_length",
    "max_length",
    "mean_length",
)


def unfiltered_view(table: str) -> TableView:
    """The whole of a contract table (no column filter, no global filter, no sort), without asking
    the served dataset which tables it holds: ingest summarizes tables before publishing them."""
    return TableView(table, {name: column_kind(sql_type) for name, sql_type in schema.TABLES[table].items()})


def _quality_fingerprint(query: CompiledQuery) -> str:
    """Identifies the SQL a stored summary was computed with: another app version's summary is not reused."""
    return hashlib.sha256(query.sql.encode()).hexdigest()[:16]


def _quality_statistics(result: pd.DataFrame, view: TableView) -> tuple[int, dict[str, dict[str, Any]]]:
    """Rows and per-column statistics of a quality query's one-row result (plain Python values, which
    JSON keeps exactly: integers, floats, strings, None)."""
    row = result.iloc[0]
    return int(row["n_rows"]), {column: dict(row[column] or {}) for column in view.columns}


def table_quality(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, Any]:
    """Quality summary of a whole table computed on ``con`` (whose ``table`` is a view of its Parquet
    file) for the manifest: ingest stores it, the Explorer reads it for the unfiltered table."""
    view = unfiltered_view(table)
    query = view.quality_query()
    n_rows, columns = _quality_statistics(con.execute(query.sql, query.params).df(), view)
    return {"sql": _quality_fingerprint(query), "n_rows": n_rows, "columns": columns}


def _stored_quality(view: TableView) -> tuple[int, dict[str, dict[str, Any]]] | None:
    """The summary ingest stored for this view, if it is a whole table computed with today's SQL."""
    if view.column_filters or view._through_filter_bar:
        return None
    stored = get_repository().manifest().get("quality", {}).get(view.table)
    if not isinstance(stored, dict) or list(stored.get("columns", {})) != list(view.columns):
        return None  # published by an older ingest, or by another version of the contract
    if stored.get("sql") != _quality_fingerprint(view.quality_query()):
        return None
    return int(stored["n_rows"]), stored["columns"]


def quality_summary(view: TableView) -> tuple[int, pd.DataFrame]:
    """Rows of the view and one row of statistics per column (fields a kind lacks are None). A whole
    table's summary comes from the manifest (computed at ingest); a filtered view's is computed now."""
    stored = _stored_quality(view)
    n_rows, columns = stored if stored is not None else _quality_statistics(run_view_query(view.quality_query()), view)
    records = [
        {"column": column, "kind": kind, **{f: columns[column].get(f) for f in QUALITY_FIELDS}}
        for column, kind in view.columns.items()
    ]
    return n_rows, pd.DataFrame.from_records(records, columns=["column", "kind", *QUALITY_FIELDS])


# -- streamed download ---------------------------------------------------------------------

_MIMETYPES = {"csv": "text/csv", "parquet": "application/vnd.apache.parquet"}  # Flask adds the charset of text


class _ChunkSink:
    """A write-only file collecting what a writer produced since the last ``drain``."""

    closed = False

    def __init__(self) -> None:
        self._chunks: list[bytes] = []
        self._written = 0

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        self._written += len(data)
        return len(data)

    def tell(self) -> int:
        return self._written

    def flush(self) -> None:
        """Nothing buffered here: chunks leave through ``drain``."""

    def drain(self) -> bytes:
        data, self._chunks = b"".join(self._chunks), []
        return data


def _export_tables(view: TableView, file_format: str) -> Generator[pa.Table | pa.RecordBatch, None, None]:
    """The view's rows, a bounded batch at a time, on a cursor of its own (the download outlives the
    request's other queries) and in one of the worker's download slots. The first item is an empty
    table carrying the schema."""
    slots = _export_slots
    waited = time.perf_counter()
    if not slots.acquire(timeout=EXPORT_WAIT_SECONDS):
        raise ExportBusy(f"No download slot free after {EXPORT_WAIT_SECONDS:.0f} s")
    try:
        if time.perf_counter() - waited > 1:
            logger.info("Export of {} waited {:.1f} s for a download slot", view.table, time.perf_counter() - waited)
        # The download reads the version it started on to its end, even if a new one is published.
        with get_repository().pinned_reader() as reader:
            logger.debug("Export of {} reads version {}", view.table, reader.version)
            if not view.by_key:
                batches = reader.batches(view.export_query(file_format), EXPORT_BATCH_ROWS)
                yield batches.schema.empty_table()
                yield from batches
                return
            yield from _sorted_tables(reader, view, file_format)
    finally:
        slots.release()


class ExportBusy(AppError):
    """Every download slot of the worker stayed taken: the client is told to retry (HTTP 503)."""


def _sorted_tables(reader: PinnedReader, view: TableView, file_format: str) -> Iterator[pa.Table]:
    """A sorted (or filter-bar) view in its order with bounded memory, without sorting wide rows in
    DuckDB (it cannot within its memory limit) nor holding them in the worker: each row's place comes
    from a narrow sort (12 bytes a row are kept), then one straight read of the view spills every row to
    a temporary file under its bucket of places, and the buckets are read back, each sorted, in order."""
    hashes, positions, starts = _places(reader.arrays(view.places_query())["row_hash"])
    if view.table in ROW_KEYS and starts is not None:  # distinct keys sharing a hash (about 1 in 10^8 views)
        logger.info("Row key hashes collide in a view of {}: exported by key", view.table)
        del hashes, positions
        yield from _tables_by_key(reader, view, file_format)
        return
    bucket_rows = (
        EXPORT_KEY_BATCH_ROWS if file_format == "parquet" else min(EXPORT_KEY_BATCH_ROWS, EXPORT_CSV_BUCKET_ROWS)
    )
    rows_in_file_order = reader.batches(view.hashed_export_query(file_format), EXPORT_SCAN_BATCH_ROWS)
    row_schema = rows_in_file_order.schema.remove(0)
    yield row_schema.empty_table()
    with tempfile.TemporaryFile(prefix="mangetamain-export-") as spill:
        buckets = _spill_in_buckets(rows_in_file_order, hashes, positions, starts, bucket_rows, spill)
        del hashes, positions
        for pieces in buckets:
            rows = pa.Table.from_batches(pieces.read(spill), pieces.schema)
            order = np.argsort(rows.column("position").to_numpy(), kind="stable")
            rows = rows.drop_columns("position")
            step = len(order) if file_format == "parquet" else EXPORT_BATCH_ROWS
            for start in range(0, len(order), step):
                yield rows.take(order[start : start + step])


def _places(ordered: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """From row hashes in the view's order: the hashes ascending, the place of each (12 bytes a row in
    all), and where runs of equal hashes start (None if none). Only identical rows of a table without a
    key share a hash (else it is a collision): each copy takes the next place of its run."""
    positions = np.argsort(ordered, kind="stable").astype(np.uint32 if len(ordered) < 2**32 else np.int64)
    hashes = ordered[positions]
    repeated = hashes[1:] == hashes[:-1]
    if not repeated.any():
        return hashes, positions, None
    return hashes, positions, np.flatnonzero(repeated & np.concatenate(([True], ~repeated[:-1])))


@dataclass
class _Bucket:
    """Where the rows of one bucket of places were spilled: byte ranges of Arrow IPC record batches."""

    schema: pa.Schema
    ranges: list[tuple[int, int]] = field(default_factory=list)

    def read(self, spill) -> list[pa.RecordBatch]:
        batches = []
        for offset, size in self.ranges:
            spill.seek(offset)
            batches.append(pa.ipc.read_record_batch(pa.ipc.read_message(pa.py_buffer(spill.read(size))), self.schema))
        return batches


def _grouped(reader: pa.RecordBatchReader, rows: int) -> Iterator[pa.Table]:
    """The reader's batches gathered into tables of at least ``rows`` rows (the last one may be shorter)."""
    group: list[pa.RecordBatch] = []
    for batch in reader:
        group.append(batch)
        if sum(b.num_rows for b in group) >= rows:
            yield pa.Table.from_batches(group, reader.schema)
            group = []
    if group:
        yield pa.Table.from_batches(group, reader.schema)


def _spill_in_buckets(
    reader: pa.RecordBatchReader,
    hashes: np.ndarray,
    positions: np.ndarray,
    starts: np.ndarray | None,
    bucket_rows: int,
    spill,
) -> list[_Bucket]:
    """Write each row read, with its place, to ``spill`` (Arrow IPC) under the bucket
    ``place // bucket_rows``; returns the buckets in order."""
    schema = reader.schema.remove(0).append(pa.field("position", pa.int64()))
    buckets = [_Bucket(schema) for _ in range(-(-len(hashes) // bucket_rows))]
    taken: dict[int, int] = {}  # copies of identical rows placed so far, by their first index
    sink = pa.PythonFile(spill, mode="w")
    writer = pa.ipc.new_stream(sink, schema)  # uncompressed: lz4 would halve the disk used but double the time
    writer.write_batch(pa.RecordBatch.from_pylist([], schema=schema))  # the schema goes out before any range
    read = 0
    for table in _grouped(reader, EXPORT_BATCH_ROWS):
        row_hashes = table.column(0).to_numpy()
        index = np.searchsorted(hashes, row_hashes)
        if len(index) and (index.max() >= len(hashes) or not np.array_equal(hashes[index], row_hashes)):
            raise QueryFailed("The rows of a download changed while it was read")
        if starts is not None:
            for i in np.flatnonzero(np.isin(index, starts)):
                first = int(index[i])
                index[i] = first + taken.get(first, 0)
                taken[first] = taken.get(first, 0) + 1
        places = positions[index].astype(np.int64)
        rows = table.drop_columns(table.column_names[0]).append_column(schema.field("position"), pa.array(places))
        bucket_of = places // bucket_rows
        order = np.argsort(bucket_of, kind="stable")
        bounds = np.flatnonzero(np.diff(bucket_of[order])) + 1
        for piece in np.split(order, bounds) if len(order) else ():
            bucket = buckets[int(bucket_of[piece[0]])]
            for batch in rows.take(pa.array(piece)).to_batches():
                start = sink.tell()
                writer.write_batch(batch)
                bucket.ranges.append((start, sink.tell() - start))
        read += table.num_rows
    writer.close()
    if read != len(hashes):
        raise QueryFailed("The rows of a download changed while it was read")
    return buckets


def _tables_by_key(reader: PinnedReader, view: TableView, file_format: str) -> Iterator[pa.Table]:
    """A view read by key: all the keys in order (narrow), then their rows a batch of keys at a time
    (each batch scans the table). Kept for views whose key hashes collide."""
    keys = reader.table(view.keys_query()).column("row_key")
    for start in range(0, max(len(keys), 1), EXPORT_KEY_BATCH_ROWS):
        batch_keys = keys.slice(start, EXPORT_KEY_BATCH_ROWS).to_pylist()
        rows = reader.table(view.rows_query(batch_keys, file_format))
        if start == 0:
            yield rows.schema.empty_table().drop_columns("row_key")
        order = pa.array(_key_order(rows.column("row_key").to_pylist(), batch_keys), type=pa.int64())
        yield rows.take(order).drop_columns("row_key")


def stream_export(view: TableView, file_format: str) -> Iterator[bytes]:
    """The view's rows encoded as CSV or Parquet, chunk by chunk (bounded memory). The first query
    runs now, so a failure to start surfaces before the response does."""
    if file_format not in EXPORT_FORMATS:
        raise ViewError("explorer.error.format", format=str(file_format)[:20])
    tables = _export_tables(view, file_format)
    schema_carrier = next(tables)
    return _Download(_encode(view.table, file_format, schema_carrier.schema, tables), tables)


class _Download(Iterator[bytes]):
    """A download's chunks. Closing it (the WSGI server does, even if the client left before reading
    any) frees its cursor and its download slot at once."""

    def __init__(self, chunks: Generator[bytes, None, None], tables: Generator[Any, None, None]) -> None:
        self._chunks, self._tables = chunks, tables

    def __next__(self) -> bytes:
        return next(self._chunks)

    def close(self) -> None:
        self._chunks.close()
        self._tables.close()


def _encode(
    table: str, file_format: str, arrow_schema: pa.Schema, tables: Generator[pa.Table | pa.RecordBatch, None, None]
) -> Generator[bytes, None, None]:
    started, rows = time.perf_counter(), 0
    sink = _ChunkSink()
    writer_class = pa_csv.CSVWriter if file_format == "csv" else pq.ParquetWriter
    try:
        writer = writer_class(pa.PythonFile(sink, mode="w"), arrow_schema)
        for data in tables:
            if data.num_rows:
                writer.write(data)
                rows += data.num_rows
            chunk = sink.drain()
            if chunk:
                yield chunk
        writer.close()
        yield sink.drain()
        logger.info("Exported {} rows of {} as {} in {:.1f} s", rows, table, file_format, time.perf_counter() - started)
        record_export(table, file_format, rows)
    except AppError as exc:  # mid-stream: the client sees an aborted, not a silently short, file
        logger.error("Export of {} as {} failed after {} rows: {}", table, file_format, rows, exc.user_message)
        raise
    finally:
        tables.close()


def export_path(view: TableView, file_format: str, language: str) -> str:
    """Path of the download of ``view`` (relative to the app's root)."""
    return f"/export/{view.table}.{file_format}" + build_search({**view.url_query(), "lang": language})


export_routes = Blueprint("explorer_export", __name__)


@export_routes.get("/export/<table>.<file_format>")
def download_view(table: str, file_format: str) -> Response:
    """Stream a table view as CSV or Parquet; an invalid view gets a 400 with a clear message."""
    language = normalize_language(request.args.get("lang"))
    try:
        if file_format not in EXPORT_FORMATS:
            raise ViewError("explorer.error.format", format=file_format[:20])
        chunks = stream_export(TableView.from_url(table, request.args.to_dict(flat=False)), file_format)
    except ViewError as exc:
        return Response(exc.text(language), status=400, mimetype="text/plain")
    except ExportBusy as exc:
        logger.warning("Export of {} refused: {}", table, exc.user_message)
        return Response(
            t("explorer.error.busy", language), status=503, mimetype="text/plain", headers={"Retry-After": "60"}
        )
    except AppError as exc:
        logger.warning("Export of {} failed: {}", table, exc.user_message)
        return Response(exc.user_message, status=503, mimetype="text/plain")
    headers = {
        "Content-Disposition": f'attachment; filename="mangetamain-{table}.{file_format}"',
        "Cache-Control": "no-store",
        "X-Accel-Buffering": "no",
    }
    return Response(chunks, mimetype=_MIMETYPES[file_format], headers=headers)


def register_export_routes(server: Flask) -> None:
    """Serve ``/export/<table>.<csv|parquet>`` on the app's Flask server (called by the factory)."""
    server.register_blueprint(export_routes)
