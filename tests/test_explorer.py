"""Explorer: the grid's filter and sort models validated and composed into SQL, server-side blocks
of rows, quality summary and streamed exports checked against pandas over the same published files
(and exact planted rows); callbacks called as functions."""

from __future__ import annotations

import datetime as dt
import io
import json
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from dash import no_update
from flask import Flask

from app import export, ids, schema
from app.export import (
    ColumnFilter,
    Condition,
    Sort,
    TableView,
    ViewError,
    count_rows,
    page_rows,
    quality_summary,
    register_export_routes,
    stream_export,
)
from app.filters import Filters, parse_search
from app.i18n import t
from app.ingest import ingest
from callbacks import explorer
from callbacks.common import View
from tests.components import texts
from tests.kaggle import write_kaggle

LONG_REVIEW = "so good " * 30  # 240 characters: truncated on a page, complete in a download
TRICKY_REVIEW = 'He said "wow", then left;\nnew line, comma'
RECIPES = [
    {
        "name": f"chocolate cake {i}" if i % 5 == 0 else (f"Lemon CAKE {i}" if i % 7 == 0 else f"soup {i}"),
        "minutes": 100_000 if i == 39 else 10 + 5 * (i % 8),  # ties, and one far-out value
        "submitted": f"{2002 + i % 8}-0{1 + i % 9}-1{i % 10}",
        "description": "" if i % 6 == 0 else f"recipe number {i}",
        "tags": ["easy", "dessert"][: 1 + i % 2] + [f"tag{j}" for j in range(i % 4)],
        "ingredients": ["salt", "flour", "sugar", "eggs"][: 1 + i % 4],
        "contributor_id": 100 + i % 3,
    }
    for i in range(40)
]
INTERACTIONS = [
    {
        "user_id": 1 + i % 30,
        "recipe_id": 1 + (i * 7) % 40,
        "date": f"{2003 + i % 8}-{1 + i % 12:02d}-{1 + i % 28:02d}",
        "rating": i % 6,
        "review": {3: "", 4: LONG_REVIEW, 5: TRICKY_REVIEW}.get(i % 10, f"review {i}"),
    }
    for i in range(120)
]


@pytest.fixture(scope="module")
def explorer_uri(tmp_path_factory) -> str:
    """The planted rows ingested once for the module."""
    folder = tmp_path_factory.mktemp("explorer")
    destination = folder / "published"
    ingest(write_kaggle(folder / "source", RECIPES, INTERACTIONS), str(destination), progress=False)
    return str(destination)


@pytest.fixture
def planted(explorer_uri, use_dataset) -> str:
    use_dataset(explorer_uri)
    return explorer_uri


def published(uri: str, table: str) -> pd.DataFrame:
    """A published table read by pandas straight from its Parquet file (independent of the SQL)."""
    version = Path(uri, "CURRENT").read_text().strip()
    return with_timestamps(pd.read_parquet(Path(uri, "versions", version, f"{table}.parquet")))


def with_timestamps(frame: pd.DataFrame) -> pd.DataFrame:
    """Date columns (Python dates from Parquet) as pandas timestamps, as a CSV reader gives them."""
    dates = [c for c in frame.columns if frame[c].map(lambda v: isinstance(v, dt.date)).any()]
    return frame.assign(**{c: pd.to_datetime(frame[c]) for c in dates})


def number(kind: str, value=None, to=None) -> dict:
    """A number filter condition of the grid's model."""
    return {
        "filterType": "number",
        "type": kind,
        **({"filter": value} if value is not None else {}),
        **({"filterTo": to} if to is not None else {}),
    }


def text(kind: str, value=None) -> dict:
    return {"filterType": "text", "type": kind, **({"filter": value} if value is not None else {})}


def date(kind: str, day=None, to=None) -> dict:
    return {
        "filterType": "date",
        "type": kind,
        **({"dateFrom": f"{day} 00:00:00"} if day else {}),
        **({"dateTo": f"{to} 00:00:00"} if to else {}),
    }


def either(*conditions: dict, join: str = "OR") -> dict:
    return {"filterType": conditions[0]["filterType"], "operator": join, "conditions": list(conditions)}


def by(*keys: str) -> list[dict]:
    """A sort model: 'minutes' ascending, '-minutes' descending."""
    return [{"colId": key.lstrip("-"), "sort": "desc" if key.startswith("-") else "asc"} for key in keys]


def all_pages(view: TableView, page_size: int) -> pd.DataFrame:
    """Every block of a view, concatenated, as the grid loads them one after the other while scrolling."""
    rows, offset = [], 0
    while True:
        batch = page_rows(view, offset, page_size, max_chars=1000)
        rows += batch
        if len(batch) < page_size:
            return pd.DataFrame(rows)
        offset += page_size


# -- filter and sort models: validation -----------------------------------------------------------


def test_grid_models_parse_into_typed_conditions_and_back(planted):
    model = {
        "minutes": either(number("greaterThan", 30), number("inRange", 100, 10), join="AND"),
        "name": text("contains", "chocolate cake"),
        "submitted": date("greaterThan", "2005-01-01"),
        "is_weekend": text("true"),
        "description": text("blank"),
        "tags": text("contains", "dessert"),
        "calories": number("lessThanOrEqual", 2.5e2),
    }
    view = TableView.parse("recipes", model, by("-minutes", "name"))
    assert view.column_filters == (  # in the table's column order
        ColumnFilter("name", (Condition("contains", "chocolate cake"),)),
        ColumnFilter("minutes", (Condition("greaterThan", 30), Condition("inRange", 10, 100)), "AND"),
        ColumnFilter("submitted", (Condition("greaterThan", dt.date(2005, 1, 1)),)),
        ColumnFilter("is_weekend", (Condition("true"),)),
        ColumnFilter("tags", (Condition("contains", "dessert"),)),
        ColumnFilter("description", (Condition("blank"),)),
        ColumnFilter("calories", (Condition("lessThanOrEqual", 250.0),)),
    )
    assert view.sort == (Sort("minutes", True), Sort("name"))
    # The canonical models (the grid state and download links) parse back to the same view.
    assert TableView.parse("recipes", view.filter_model, view.sort_model) == view
    assert TableView.from_url("recipes", parse_search(export.build_search(view.url_query()))) == view


def test_models_compose_sql_with_bound_values_only(planted):
    hostile = "'); DROP TABLE recipes; --"
    view = TableView.parse(
        "recipes",
        {"name": either(text("contains", hostile), text("startsWith", "x")), "minutes": number("inRange", 5, 50)},
        by("-year", "minutes"),
    )
    query = view.keys_query(0, 10)
    assert hostile not in query.sql and "DROP" not in query.sql
    assert query.params["value_1_1"] == hostile and query.params["value_1_2"] == "x"
    assert (query.params["value_2_1"], query.params["value_to_2_1"]) == (5, 50)
    assert (
        'AND (contains(lower(src."name"::VARCHAR), lower($value_1_1)) '
        'OR starts_with(lower(src."name"), lower($value_1_2)))\n'
        'AND src."minutes" BETWEEN $value_2_1 AND $value_to_2_1\n'
    ) in query.sql
    assert 'ORDER BY src."year" DESC NULLS LAST,\nsrc."minutes" ASC NULLS LAST, row_key ASC' in query.sql
    assert count_rows(view) == 0 and count_rows(TableView.parse("recipes")) == len(RECIPES)


@pytest.mark.parametrize(
    "table, model, key, fragment",
    [
        ("recipes", {"x; DROP TABLE recipes": number("equals", 1)}, "explorer.error.column", "x; DROP TABLE recipes"),
        ("recipes", {'name"; DROP TABLE recipes; --': text("contains", "a")}, "explorer.error.column", "DROP TABLE"),
        ("recipes", {"minutes": number("greaterThan; DROP", 1)}, "explorer.error.operator", "allowed: equals"),
        ("recipes", {"minutes": number("contains", 1)}, "explorer.error.operator", "does not apply to column minutes"),
        ("recipes", {"name": text("greaterThan", "a")}, "explorer.error.operator", "allowed: contains"),
        ("recipes", {"tags": text("startsWith", "a")}, "explorer.error.operator", "allowed: contains, notContains"),
        ("recipes", {"is_weekend": text("equals", "true")}, "explorer.error.operator", "allowed: true, false"),
        ("recipes", {"submitted": date("lessThanOrEqual", "2008-01-01")}, "explorer.error.operator", "lessThanOrEqual"),
        ("recipes", {"minutes": text("contains", "3")}, "explorer.error.filter", "filter of column minutes"),
        (
            "recipes",
            {"minutes": number("greaterThan", "3; DROP TABLE recipes")},
            "explorer.error.number",
            "is not a number",
        ),
        ("recipes", {"minutes": number("greaterThan", True)}, "explorer.error.number", "not a number"),
        ("recipes", {"minutes": number("greaterThan")}, "explorer.error.number", "“None” is not a number"),
        ("recipes", {"submitted": date("equals", "2008-13-45")}, "explorer.error.date", "not a date"),
        ("recipes", {"submitted": date("equals", "20080101")}, "explorer.error.date", "not a date"),
        ("recipes", {"name": text("contains", "")}, "explorer.error.text", "needs a text"),
        ("recipes", {"name": text("contains", "x" * 201)}, "explorer.error.too_long", "over 200 characters"),
        ("recipes", {"minutes": either(*[number("equals", 1)] * 3)}, "explorer.error.filter", "minutes"),
        ("recipes", {"minutes": either(number("equals", 1), join="XOR")}, "explorer.error.filter", "minutes"),
        ("recipes", ["minutes"], "explorer.error.filter_model", "Cannot read the column filters"),
        ("recipes; DROP TABLE recipes", None, "explorer.error.table", "Tables: recipes, interactions"),
        ("pp_users", None, "explorer.error.table", "Unknown table"),  # in the contract, not in this dataset
    ],
)
def test_unknown_columns_operators_and_bad_values_are_refused(planted, table, model, key, fragment):
    with pytest.raises(ViewError) as caught:
        TableView.parse(table, model)
    assert caught.value.key == key
    assert fragment in str(caught.value)
    assert caught.value.text("fr") != str(caught.value)  # translated


@pytest.mark.parametrize(
    "sort_model",
    [
        by("minutes; DROP TABLE recipes"),
        [{"colId": "minutes", "sort": "sideways"}],
        by("minutes", "-minutes"),  # a column twice
        ["minutes"],
        {"colId": "minutes"},
    ],
)
def test_bad_sorts_are_refused(planted, sort_model):
    with pytest.raises(ViewError, match="Cannot sort by"):
        TableView.parse("recipes", None, sort_model)


# -- pages, sorting and filtering against pandas ----------------------------------------------

KEYS = {"recipes": ["recipe_id"], "interactions": ["user_id", "recipe_id"], "recipe_tags": ["recipe_id", "tag"]}
PAGE_CASES = [
    ("recipes", {"minutes": number("greaterThan", 30)}, ["-minutes"], lambda d: d[d.minutes > 30]),
    ("recipes", {"name": text("contains", "CAKE")}, [], lambda d: d[d.name.str.lower().str.contains("cake")]),
    ("recipes", {"minutes": number("notEqual", 30)}, ["name"], lambda d: d[d.minutes != 30]),
    ("recipes", {"description": text("blank")}, ["-submitted"], lambda d: d[d.description.isna()]),
    ("recipes", {"tags": text("contains", "tag2")}, ["n_tags"], lambda d: d[d.tags.map(lambda t: "tag2" in list(t))]),
    (
        "recipes",
        {"tags": text("notContains", "dessert")},
        ["-n_tags", "-minutes"],
        lambda d: d[d.tags.map(lambda t: "dessert" not in list(t))],
    ),
    (
        "recipes",
        {"submitted": date("inRange", "2005-01-01", "2005-12-31")},
        ["description"],
        lambda d: d[d.submitted.between(pd.Timestamp("2005-01-01"), pd.Timestamp("2005-12-31"))],
    ),
    (
        "recipes",
        {"name": either(text("startsWith", "lemon"), text("endsWith", " 10"))},
        ["minutes", "-name"],
        lambda d: d[d.name.str.lower().str.startswith("lemon") | d.name.str.endswith(" 10")],
    ),
    (
        "recipes",
        {"is_weekend": text("true"), "minutes": number("lessThanOrEqual", 30)},
        ["-submitted"],
        lambda d: d[d.is_weekend & (d.minutes <= 30)],
    ),
    ("recipes", {"is_weekend": text("false")}, ["season", "-minutes"], lambda d: d[~d.is_weekend]),
    (
        "interactions",
        {"rating": number("greaterThanOrEqual", 4), "date": date("greaterThan", "2005-01-01")},
        ["date"],
        lambda d: d[(d.rating >= 4) & (d.date > pd.Timestamp("2005-01-01"))],
    ),
    (
        "interactions",
        {"review": text("notBlank"), "rating": number("lessThan", 3)},
        ["-review_length"],
        lambda d: d[d.review.notna() & (d.rating < 3)],
    ),
    ("interactions", {}, ["-rating", "year"], lambda d: d),
    (
        "interactions",
        {"review": text("contains", "WOW")},
        [],
        lambda d: d[d.review.fillna("").str.lower().str.contains("wow")],
    ),
    (
        "interactions",
        {"rating": either(number("equals", 0), number("inRange", 4, 5))},
        ["-rating", "-date"],
        lambda d: d[(d.rating == 0) | d.rating.between(4, 5)],
    ),
    ("recipe_tags", {"tag": text("equals", "EASY")}, ["-recipe_id"], lambda d: d[d.tag == "easy"]),
    ("recipe_tags", {"tag": text("notEqual", "easy")}, ["tag", "-recipe_id"], lambda d: d[d.tag != "easy"]),
]


@pytest.mark.parametrize("table, model, sort, expected", PAGE_CASES)
def test_blocks_follow_filters_and_sort_like_pandas(planted, table, model, sort, expected):
    view = TableView.parse(table, model, by(*sort))
    frame = expected(published(planted, table))
    if sort:  # several keys; ties broken by the row key, empty cells last
        keys = [key.lstrip("-") for key in sort]
        frame = frame.sort_values(
            [*keys, *KEYS[table]],
            ascending=[not key.startswith("-") for key in sort] + [True] * len(KEYS[table]),
            na_position="last",
            kind="stable",
        )
    shown = all_pages(view, page_size=7)
    assert count_rows(view) == len(frame) > 0
    assert shown[KEYS[table]].to_numpy().tolist() == frame[KEYS[table]].to_numpy().tolist()


def test_two_sort_keys_and_a_filter_give_exactly_the_planted_rows(planted):
    """Recipes over 40 minutes by minutes descending, then name ascending: known ids, in a known order."""
    view = TableView.parse("recipes", {"minutes": number("greaterThan", 40)}, by("-minutes", "name"))
    rows = all_pages(view, page_size=2)  # blocks of two: the second and third blocks follow the first
    # minutes = 10 + 5 * (i % 8): 45 for i = 7, 15, 23, 31; 100,000 for i = 39; ids are i + 1; names
    # in binary order: "Lemon CAKE 7" < "chocolate cake 15" < "soup 23" < "soup 31".
    assert rows[["recipe_id", "minutes", "name"]].to_numpy().tolist() == [
        [40, 100_000, "soup 39"],
        [8, 45, "Lemon CAKE 7"],
        [16, 45, "chocolate cake 15"],
        [24, 45, "soup 23"],
        [32, 45, "soup 31"],
    ]


def test_page_cells_are_display_ready(planted):
    rows = page_rows(TableView.parse("interactions", {"review_length": number("equals", 240)}), 0, 25, max_chars=50)
    assert rows and all(len(row["review"]) == 50 and row["review"].endswith("…") for row in rows)
    recipe = page_rows(TableView.parse("recipes", {"recipe_id": number("equals", 4)}), 0, 25, max_chars=80)[0]
    assert recipe["tags"] == "easy, dessert, tag0, tag1, tag2"  # joined, not a list
    assert recipe["submitted"] == "2005-04-13" and recipe["is_weekend"] in (True, False)
    assert (
        page_rows(TableView.parse("recipes", {"recipe_id": number("equals", 1)}), 0, 25, 80)[0]["description"] is None
    )


def test_deep_sorted_pages_of_a_generated_dataset_match_pandas(generated_repository, generated_dataset):
    """Thousands of rows, many ties: pages (keyed or, for pp_users, by row hash) never overlap or skip."""
    reviews = published(generated_dataset, "interactions")
    view = TableView.parse("interactions", {"rating": number("greaterThan", 0)}, by("-rating"))
    expected = reviews[reviews.rating > 0].sort_values(
        ["rating", "user_id", "recipe_id"], ascending=[False, True, True]
    )
    shown = all_pages(view, page_size=997)
    assert shown[["user_id", "recipe_id"]].to_numpy().tolist() == expected[["user_id", "recipe_id"]].to_numpy().tolist()
    users = published(generated_dataset, "pp_users")
    shown_users = all_pages(TableView.parse("pp_users", None, by("n_items")), 101)
    assert shown_users["n_items"].tolist() == sorted(users["n_items"])
    assert sorted(shown_users["u"]) == sorted(users["u"])


def test_global_filters_apply_to_recipes_and_interactions_only(planted):
    filters = Filters(sub_years=(2004, 2006), int_years=(2005, 2007), include_zero=False)
    recipes, reviews = published(planted, "recipes"), published(planted, "interactions")
    recipe_view = TableView.parse("recipes", {"minutes": number("lessThan", 40)}, filters=filters)
    assert count_rows(recipe_view) == int(((recipes.year.between(2004, 2006)) & (recipes.minutes < 40)).sum())
    expected = reviews[
        reviews.year.between(2005, 2007) & reviews.recipe_year.between(2004, 2006) & (reviews.rating > 0)
    ]
    assert count_rows(TableView.parse("interactions", filters=filters)) == len(expected)
    assert count_rows(TableView.parse("recipe_tags", filters=filters)) == len(published(planted, "recipe_tags"))
    assert "sy" in recipe_view.url_query() and "sy" not in TableView.parse("recipe_tags", filters=filters).url_query()


# -- quality summary ---------------------------------------------------------------------------


def independent_quality(frame: pd.DataFrame, column: str) -> dict:
    """Nulls, range and Tukey far-out count (beyond 3 IQR) of one column, by pandas."""
    values = frame[column].dropna()
    q1, q3 = values.quantile(0.25), values.quantile(0.75)
    far_out = int(((values < q1 - 3 * (q3 - q1)) | (values > q3 + 3 * (q3 - q1))).sum())
    return {
        "nulls": int(frame[column].isna().sum()),
        "low": values.min(),
        "high": values.max(),
        "q1": q1,
        "q3": q3,
        "outliers": far_out,
        "distinct": values.nunique(),
    }


@pytest.mark.parametrize(
    "table, query", [("recipes", None), ("interactions", {"rating": number("greaterThan", 0)}), ("recipe_tags", None)]
)
def test_quality_summary_matches_pandas(planted, table, query):
    view = TableView.parse(table, query)
    frame = published(planted, table)
    if query:
        frame = frame[frame.rating > 0]
    n_rows, stats = quality_summary(view)
    assert n_rows == len(frame)
    stats = stats.set_index("column")
    for column, kind in view.columns.items():
        got = stats.loc[column]
        if kind == "list":
            lengths = frame[column].map(len)
            assert (got.min_length, got.max_length) == (lengths.min(), lengths.max())
            assert got.mean_length == pytest.approx(lengths.mean())
            continue
        want = independent_quality(frame, column) if kind == "number" else None
        assert got.nulls == frame[column].isna().sum(), column
        if kind == "text":  # a HyperLogLog estimate
            assert got.n_distinct == pytest.approx(frame[column].nunique(), rel=0.15, abs=2), column
        else:
            assert got.n_distinct == frame[column].nunique(), column
        if kind == "number":
            assert (got.low, got.high) == pytest.approx((want["low"], want["high"])), column
            assert (got.q1, got.q3) == pytest.approx((want["q1"], want["q3"])), column
            assert got.outliers == want["outliers"], column
        elif kind == "text":
            assert (got.low, got.high) == (frame[column].min(), frame[column].max()), column


def test_planted_far_out_minutes_and_missing_descriptions_are_reported(planted):
    _, stats = quality_summary(TableView.parse("recipes"))
    stats = stats.set_index("column")
    assert stats.loc["minutes", "outliers"] == 1 and stats.loc["minutes", "high"] == 100_000
    assert stats.loc["description", "nulls"] == len([r for r in RECIPES if not r["description"]])


def on_request_quality(view: TableView) -> tuple[int, pd.DataFrame]:
    """The summary as computed on request, whatever the manifest holds."""
    saved = export._stored_quality
    export._stored_quality = lambda _view: None
    try:
        return quality_summary(view)
    finally:
        export._stored_quality = saved


def test_whole_table_summaries_are_read_from_the_manifest_and_equal_the_computed_ones(
    generated_repository, monkeypatch
):
    """Ingest stores every table's summary; the Explorer reads it without a query, and it is exactly
    what the same view computed on request gives, to the last digit."""
    stored = generated_repository.manifest()["quality"]
    assert list(stored) == generated_repository.tables()
    for table in generated_repository.tables():
        view = TableView.parse(table)
        expected_rows, expected = on_request_quality(view)
        with monkeypatch.context() as patch:
            patch.setattr(export, "run_view_query", lambda query: pytest.fail(f"{query.label} ran"))
            n_rows, stats = quality_summary(view)
        assert n_rows == expected_rows == stored[table]["n_rows"]
        pd.testing.assert_frame_equal(stats, expected, check_exact=True)
    # The global filter bar leaves the raw tables whole: their summary is still the stored one.
    raw = TableView.parse("recipe_tags", filters=Filters(include_zero=False))
    monkeypatch.setattr(export, "run_view_query", lambda query: pytest.fail(f"{query.label} ran"))
    assert quality_summary(raw)[0] == stored["recipe_tags"]["n_rows"]


@pytest.mark.parametrize(
    "table, query, filters",
    [
        ("recipes", {"minutes": number("lessThan", 40)}, Filters()),
        ("recipes", None, Filters(sub_years=(2004, 2006))),
        ("interactions", None, Filters(include_zero=False)),
    ],
)
def test_filtered_views_are_summarized_on_request(planted, table, query, filters):
    view = TableView.parse(table, query, filters=filters)
    assert export._stored_quality(view) is None
    n_rows, _ = quality_summary(view)
    assert n_rows == count_rows(view) < len(published(planted, table))


@pytest.mark.parametrize(
    "manifest_change",
    [
        lambda manifest: manifest.pop("quality"),  # published by an ingest before summaries were stored
        lambda manifest: manifest["quality"]["recipes"].update(sql="0" * 16),  # by another version of the SQL
        lambda manifest: manifest["quality"]["recipes"]["columns"].pop("name"),  # by another contract
    ],
)
def test_datasets_without_a_usable_stored_summary_are_summarized_on_request(planted, use_dataset, manifest_change):
    expected = quality_summary(TableView.parse("recipes"))
    repository = use_dataset(planted, cache=None)
    manifest_change(repository.manifest())
    view = TableView.parse("recipes")
    assert export._stored_quality(view) is None
    n_rows, stats = quality_summary(view)
    assert n_rows == expected[0]
    pd.testing.assert_frame_equal(stats, expected[1], check_exact=True)


# -- streamed export ---------------------------------------------------------------------------


def expected_view(planted: str) -> tuple[TableView, pd.DataFrame]:
    view = TableView.parse(
        "interactions",
        {"rating": number("greaterThanOrEqual", 2), "review": text("notBlank")},
        by("-date"),
        Filters(int_years=(2004, None)),
    )
    frame = published(planted, "interactions")
    frame = frame[(frame.rating >= 2) & frame.review.notna() & (frame.year >= 2004)]
    frame = frame.sort_values(["date", "user_id", "recipe_id"], ascending=[False, True, True])
    return view, frame.reset_index(drop=True)


@pytest.mark.parametrize("batch_rows", [65_536, 7])  # one chunk, or many sorted chunks
def test_csv_export_round_trips_to_the_filtered_frame(planted, monkeypatch, batch_rows):
    monkeypatch.setattr(export, "EXPORT_KEY_BATCH_ROWS", batch_rows)
    view, frame = expected_view(planted)
    chunks = list(stream_export(view, "csv"))
    got = pd.read_csv(io.BytesIO(b"".join(chunks)), parse_dates=["date"])
    assert len(chunks) >= len(frame) // batch_rows
    assert list(got.columns) == list(frame.columns)
    pd.testing.assert_frame_equal(got, frame, check_dtype=False)
    assert TRICKY_REVIEW in got.review.tolist() and LONG_REVIEW in got.review.tolist()


def test_parquet_export_round_trips_lists_and_types(planted, monkeypatch):
    monkeypatch.setattr(export, "EXPORT_KEY_BATCH_ROWS", 5)
    view = TableView.parse("recipes", {"tags": text("contains", "dessert")}, by("minutes"))
    frame = published(planted, "recipes")
    frame = frame[frame.tags.map(lambda t: "dessert" in list(t))].sort_values(["minutes", "recipe_id"])
    got = with_timestamps(pq.read_table(io.BytesIO(b"".join(stream_export(view, "parquet")))).to_pandas())
    for column in ("tags", "steps", "ingredients"):
        assert got[column].map(list).tolist() == frame[column].map(list).tolist()
        frame, got = frame.drop(columns=column), got.drop(columns=column)
    pd.testing.assert_frame_equal(got, frame.reset_index(drop=True), check_dtype=False)


@pytest.mark.parametrize("sort_by", [None, by("-minutes")])
def test_empty_views_export_a_header_or_an_empty_table(planted, sort_by):
    view = TableView.parse("recipes", {"minutes": number("greaterThan", 1000000)}, sort_by)
    assert b"".join(stream_export(view, "csv")).decode().startswith('"recipe_id","name","minutes"')
    empty = pq.read_table(io.BytesIO(b"".join(stream_export(view, "parquet"))))
    assert empty.num_rows == 0 and empty.column_names == list(view.columns)


def read_by_key(monkeypatch) -> None:
    """Export sorted views as before spilling was introduced: by key, a batch of keys at a time."""
    monkeypatch.setattr(export, "_sorted_tables", export._tables_by_key)


SORTED_EXPORTS = [
    ("interactions", None, by("-rating"), Filters()),
    ("interactions", {"rating": number("greaterThan", 0)}, by("review"), Filters()),
    ("interactions", None, None, Filters(include_zero=False, int_years=(2005, 2012))),  # by key: filter bar
    ("recipes", {"tags": text("contains", "easy")}, by("-submitted"), Filters()),
    ("recipes", None, by("description"), Filters(sub_years=(2003, 2010))),
    ("recipe_tags", None, by("tag", "-recipe_id"), Filters()),
    ("pp_users", None, by("n_items"), Filters()),  # no key: row hashes
    ("recipes", {"minutes": number("greaterThan", 1000000)}, by("minutes"), Filters()),  # empty
]


@pytest.mark.parametrize("file_format", ["csv", "parquet"])
@pytest.mark.parametrize("table, query, sort_by, filters", SORTED_EXPORTS)
def test_sorted_exports_spill_in_bounded_buckets_and_are_byte_identical(
    generated_repository, monkeypatch, file_format, table, query, sort_by, filters
):
    """Sorted downloads now place rows from one narrow sort and one straight read spilled to disk by
    bucket; the bytes are those of the former by-key reading, and no more than a bucket is in memory."""
    monkeypatch.setattr(export, "EXPORT_KEY_BATCH_ROWS", 500)  # several buckets (Parquet row groups)
    monkeypatch.setattr(export, "EXPORT_CSV_BUCKET_ROWS", 300)
    monkeypatch.setattr(export, "EXPORT_BATCH_ROWS", 700)
    monkeypatch.setattr(export, "EXPORT_SCAN_BATCH_ROWS", 128)
    view = TableView.parse(table, query, sort_by, filters)
    assert view.by_key
    tables = list(export._export_tables(view, file_format))
    assert max(t.num_rows for t in tables) <= (500 if file_format == "parquet" else 300)
    spilled = b"".join(stream_export(view, file_format))
    read_by_key(monkeypatch)
    assert spilled == b"".join(stream_export(view, file_format))


def test_identical_rows_sharing_a_hash_each_take_one_place(tmp_path):
    """A table without a key: its identical rows share a row hash, and each copy fills one place."""
    ordered = np.array([7, 5, 5, 5, 9], dtype=np.uint64)  # row hashes in the view's order (places 0-4)
    hashes, positions, starts = export._places(ordered)
    assert hashes.tolist() == [5, 5, 5, 7, 9] and starts.tolist() == [0]
    in_file_order = pa.record_batch(
        {"row_hash": pa.array([5, 9, 5, 7, 5], pa.uint64()), "value": ["a", "x", "a", "b", "a"]}
    )
    reader = pa.RecordBatchReader.from_batches(in_file_order.schema, [in_file_order])
    with (tmp_path / "spill").open("w+b") as spill:
        buckets = export._spill_in_buckets(reader, hashes, positions, starts, 2, spill)
        placed = [row for bucket in buckets for row in pa.Table.from_batches(bucket.read(spill)).to_pylist()]
    assert sorted(row["position"] for row in placed) == [0, 1, 2, 3, 4]
    assert [row["value"] for row in sorted(placed, key=lambda row: row["position"])] == ["b", "a", "a", "a", "x"]
    assert [len(bucket.ranges) > 0 for bucket in buckets] == [True, True, True]


def test_colliding_key_hashes_fall_back_to_reading_by_key(planted, monkeypatch):
    view, frame = expected_view(planted)
    expected = b"".join(stream_export(view, "csv"))
    places_query = TableView.places_query

    def colliding(self):  # every row key hashed to 0: distinct keys collide
        query = places_query(self)
        return export.CompiledQuery(query.label, query.sql.replace("hash(row_key)", "0::UBIGINT"), query.params)

    by_key = []
    monkeypatch.setattr(TableView, "places_query", colliding)
    monkeypatch.setattr(export, "_tables_by_key", lambda *args: by_key.append(1) or export_by_key(*args))
    got = b"".join(stream_export(view, "csv"))
    assert by_key and got == expected
    assert len(pd.read_csv(io.BytesIO(got))) == len(frame)


export_by_key = export._tables_by_key


def test_downloads_wait_for_a_slot_then_are_refused_with_503(client, planted, monkeypatch):
    monkeypatch.setattr(export, "_export_slots", threading.BoundedSemaphore(1))
    monkeypatch.setattr(export, "EXPORT_WAIT_SECONDS", 0.05)
    view = TableView.parse("interactions", None, by("-rating"))
    first = stream_export(view, "csv")  # started: holds the only slot until read or closed
    with pytest.raises(export.ExportBusy):
        stream_export(view, "parquet")
    response = client.get("/export/recipes.csv", query_string={"lang": "fr"})
    assert response.status_code == 503 and response.headers["Retry-After"] == "60"
    assert "Trop de téléchargements simultanés" in response.get_data(as_text=True)
    first.close()  # an abandoned download frees its slot
    assert client.get("/export/recipes.csv").status_code == 200
    assert len(b"".join(stream_export(view, "csv"))) > 0


def test_rows_fetched_by_key_follow_the_key_order_and_repeat_identical_rows():
    fetched = [{"user_id": 2, "recipe_id": 9}, {"user_id": 1, "recipe_id": 7}]
    assert export._key_order(fetched, [{"user_id": 1, "recipe_id": 7}, {"user_id": 2, "recipe_id": 9}]) == [1, 0]
    assert export._key_order([11, 5, 5], [5, 5, 11]) in ([1, 1, 0], [2, 2, 0])  # identical rows share a hash


def test_csv_lists_are_json_arrays(planted):
    view = TableView.parse("recipes", None, by("recipe_id"))
    got = pd.read_csv(io.BytesIO(b"".join(stream_export(view, "csv"))))
    expected = published(planted, "recipes").sort_values("recipe_id")
    assert [json.loads(tags) for tags in got.tags] == [list(t) for t in expected.tags]


@pytest.fixture
def client(planted):
    server = Flask(__name__)
    register_export_routes(server)
    return server.test_client()


@pytest.mark.parametrize(
    "table, query",
    [
        (
            "interactions",
            {"sort": "rating:desc", "filter": '{"rating":{"filterType":"number","type":"greaterThan","filter":0}}'},
        ),
        ("recipe_tags", {"filter": '{"tag":{"filterType":"text","type":"notEqual","filter":"easy"}}'}),  # read straight
    ],
)
def test_export_route_streams_chunks(client, planted, monkeypatch, table, query):
    monkeypatch.setattr(export, "EXPORT_KEY_BATCH_ROWS", 10)
    monkeypatch.setattr(export, "EXPORT_BATCH_ROWS", 10)
    response = client.get(f"/export/{table}.csv", buffered=False, query_string=query)
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["Content-Disposition"] == f'attachment; filename="mangetamain-{table}.csv"'
    assert response.mimetype == "text/csv"
    chunks = list(response.response)  # never joined on the server: one chunk per 10-row batch
    got = pd.read_csv(io.BytesIO(b"".join(chunks)))
    assert len(chunks) >= len(got) // 10 >= 5 and max(map(len, chunks)) < len(b"".join(chunks)) / 4
    if table == "interactions":
        assert len(got) == sum(1 for i in INTERACTIONS if i["rating"] > 0)
        assert got.rating.tolist() == sorted(got.rating, reverse=True)
    else:
        tags = published(planted, "recipe_tags")
        assert got.to_numpy().tolist() == tags[tags.tag != "easy"].to_numpy().tolist()


def test_export_route_applies_the_global_filters_of_the_url(client, planted):
    response = client.get(
        "/export/recipes.parquet",
        query_string={"sy": "2004-2006", "filter": json.dumps({"minutes": number("lessThan", 40)})},
    )
    got = pq.read_table(io.BytesIO(response.data)).to_pandas()
    recipes = published(planted, "recipes")
    assert sorted(got.recipe_id) == sorted(recipes[recipes.year.between(2004, 2006) & (recipes.minutes < 40)].recipe_id)


@pytest.mark.parametrize(
    "url, message",
    [
        ("/export/nope.csv", "Unknown table “nope”"),
        ("/export/recipes.xlsx", "Unknown download format “xlsx”"),
        (
            '/export/recipes.csv?filter={"x; DROP TABLE recipes":{"type":"equals","filter":1}}',
            "Unknown column “x; DROP TABLE recipes”",
        ),
        ("/export/recipes.csv?sort=minutes;DROP TABLE recipes", "Cannot sort by"),
        ("/export/recipes.csv?sort=minutes:up", "Cannot sort by “minutes” (up)"),
        ("/export/recipes.csv?filter={minutes} > 30", "Cannot read the column filters"),
        ('/export/recipes.csv?filter={"minutes":{"type":"greaterThan","filter":"soon"}}', "“soon” is not a number"),
        (
            '/export/recipes.csv?filter={"minutes":{"type":"greaterThan","filter":"soon"}}&lang=fr',
            "« soon » n'est pas un nombre",
        ),
        ('/export/recipes.csv?filter={"minutes":{"type":"regex","filter":".*"}}', "“regex” does not apply"),
        ("/export/recipes.csv?filter=" + "[" * 1000 + "]" * 1000, "Cannot read the column filters"),  # too deep
    ],
)
def test_export_route_refuses_bad_input_with_400(client, url, message):
    response = client.get(url)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count_rows(TableView.parse("recipes")) == len(RECIPES)


# -- callbacks as functions --------------------------------------------------------------------


def request(start: int, end: int, model=None, sort=None, table: str = "recipes", filters: str = "") -> dict:
    """A block request as the grid sends it (getRowsRequest), its context set by the grid setup."""
    return {
        "startRow": start,
        "endRow": end,
        "filterModel": model or {},
        "sortModel": sort or [],
        "context": {"table": table, "filters": filters},
    }


def test_rows_callback_answers_blocks_in_french(planted):
    recipes = published(planted, "recipes")
    total = int((recipes.minutes > 30).sum())
    model, sort = {"minutes": number("greaterThan", 30)}, by("-minutes", "name")
    block = explorer.rows_block(request(10, 15, model, sort), "fr")
    assert block.response["rowCount"] == total and len(block.response["rowData"]) == 5
    assert block.status == f"{total} lignes retenues" and block.error is None
    expected = recipes[recipes.minutes > 30].sort_values(
        ["minutes", "name", "recipe_id"], ascending=[False, True, True]
    )
    assert [row["recipe_id"] for row in block.response["rowData"]] == expected.recipe_id.tolist()[10:15]
    assert block.state == {
        "table": "recipes",
        "sort": "minutes:desc,name:asc",
        "filter": '{"minutes":{"filterType":"number","type":"greaterThan","filter":30}}',
    }
    # The last block is short, and a block past the end is empty.
    assert len(explorer.rows_block(request(total - 2, total + 98, model, sort), "fr").response["rowData"]) == 2
    assert explorer.rows_block(request(total, total + 100, model, sort), "fr").response == {
        "rowData": [],
        "rowCount": total,
    }


def test_rows_are_shown_translated(planted):
    """Booleans as Oui / Non, weekdays by name, doubles with the language's decimal mark."""
    recipes = published(planted, "recipes").set_index("recipe_id")
    row = explorer.rows_block(request(0, 1, {"recipe_id": number("equals", 4)}), "fr").response["rowData"][0]
    assert row["is_weekend"] == ("Oui" if recipes.loc[4, "is_weekend"] else "Non")
    weekday = int(recipes.loc[4, "weekday"])
    assert row["weekday"] == ["Lun", "Mar", "Mer", "Jeu", "Ven", "Sam", "Dim"][weekday - 1]
    assert row["minutes"] == 25 and row["submitted"] == "2005-04-13"
    english = explorer.rows_block(request(0, 1, {"recipe_id": number("equals", 4)}), "en").response["rowData"][0]
    assert english["is_weekend"] in ("Yes", "No") and english["weekday"] in (
        "Mon",
        "Tue",
        "Wed",
        "Thu",
        "Fri",
        "Sat",
        "Sun",
    )
    assert explorer._double(1234.56789, "fr") == "1234,57" and explorer._double(0.5, "en") == "0.5"
    assert explorer._double(12345678.0, "en") == "1.23457e+07"


def test_rows_callback_applies_the_global_filters_of_its_context(planted):
    recipes = published(planted, "recipes")
    block = explorer.rows_block(request(0, 100, filters="?sy=2004-2006"), "en")
    total = int(recipes.year.between(2004, 2006).sum())
    assert block.response["rowCount"] == total and block.status == f"{total} matching rows"
    # Read through the filter bar, an unsorted view comes in row-key order.
    assert [row["recipe_id"] for row in block.response["rowData"]] == sorted(
        recipes[recipes.year.between(2004, 2006)].recipe_id
    )


@pytest.mark.parametrize(
    "bad, message",
    [
        (
            request(0, 100, {"minutes": number("greaterThan", "bientôt")}),
            "Colonne minutes : « bientôt » n'est pas un nombre.",
        ),
        (request(0, 100, {"x": text("contains", "a")}), "Colonne inconnue « x » dans la table recipes."),
        (request(0, 100, None, [{"colId": "minutes", "sort": "up"}]), "Tri impossible par « minutes » (up)"),
        (request(0, 100, table="nope"), "Table inconnue « nope »"),
        (request(50, 10), "Cette vue a reçu une valeur inutilisable"),
        (request(0, 100_000), "Cette vue a reçu une valeur inutilisable"),
        ({"startRow": 0, "endRow": 100}, "Cette vue a reçu une valeur inutilisable"),  # no context
        ("rows please", "Cette vue a reçu une valeur inutilisable"),
    ],
)
def test_rows_callback_explains_a_bad_request(planted, bad, message):
    block = explorer.rows_block(bad, "fr")
    assert block.response == {"rowData": [], "rowCount": 0} and block.state is None
    assert message in texts(block.error)[0]


def test_a_grid_just_mounted_asks_nothing(planted):
    assert explorer.load_rows(None, "en", None) == (no_update,) * 4


def test_empty_view_says_so(planted):
    model = {"minutes": number("greaterThan", 1000000)}
    block = explorer.rows_block(request(0, 100, model), "en")
    assert block.status == "No row matches the filters." and block.response == {"rowData": [], "rowCount": 0}
    panel = explorer.quality_panel(View(), block.state)
    assert texts(panel) == ["No data for the current filters."]


def test_download_links_follow_the_grid_state_and_global_filters(planted):
    state = explorer.rows_block(request(0, 5, {"minutes": number("greaterThan", 30)}, by("-minutes")), "en").state
    csv, parquet, style = explorer.download_links(state, View(language="fr", filters=Filters(sub_years=(2004, 2006))))
    assert csv.startswith("/export/recipes.csv?") and parquet.startswith("/export/recipes.parquet?")
    assert "lang=fr" in csv and "sy=2004-2006" in csv and style == {}
    assert TableView.from_url("recipes", parse_search(csv.partition("?")[2])) == TableView.parse(
        "recipes", {"minutes": number("greaterThan", 30)}, by("-minutes"), Filters(sub_years=(2004, 2006))
    )
    assert explorer.download_links({"table": "recipes", "sort": "nope:asc"}, View()) == (
        None,
        None,
        {"display": "none"},
    )
    assert explorer.download_links(None, View())[2] == {"display": "none"}


def test_grid_setup_reads_the_url_then_resets_on_a_new_table(planted):
    url_state = {
        "table": "interactions",
        "sort": "rating:desc,date:asc",
        "filter": json.dumps({"review": text("contains", "wow")}, separators=(",", ":")),
    }
    search = "?tab=explorer&" + export.build_search(url_state)[1:]
    setup = explorer.grid_setup("recipes", "fr", "?sy=2004-2006", None, search, None)
    assert setup.table == "interactions" and setup.state == url_state
    assert setup.scope.startswith("Les filtres globaux")
    grid = setup.grid.children
    options = grid.dashGridOptions
    assert options["initialState"] == {
        "sort": {"sortModel": by("-rating", "date")},
        "filter": {"filterModel": {"review": text("contains", "wow")}},
    }
    assert options["context"] == {"table": "interactions", "filters": "?sy=2004-2006"}
    assert options["localeText"]["contains"] == "Contient" and grid.rowModelType == "infinite"
    # New global filters keep the grid's state; a new table starts plain; a broken URL state is ignored.
    kept = explorer.grid_setup("interactions", "fr", "", ids.FILTERS_STORE, search, url_state)
    assert kept.state == url_state and kept.grid.key != setup.grid.key
    fresh = explorer.grid_setup("recipe_tags", "en", "", "explorer-table", search, url_state)
    assert fresh.state == {"table": "recipe_tags"} and "initialState" not in fresh.grid.children.dashGridOptions
    assert fresh.scope.startswith("This table is shown raw")
    broken = explorer.grid_setup("recipes", "en", "", None, "?table=recipes&sort=x:up", None)
    assert broken.state == {"table": "recipes"}


def test_column_definitions_translate_headers_and_type_filters(planted):
    columns = {c["field"]: c for c in explorer.column_definitions("recipes", "fr")}
    assert list(columns)[:3] == ["recipe_id", "name", "minutes"]
    assert columns["minutes"]["headerName"] == "Minutes" and columns["submitted"]["headerName"] == "Publiée le"
    assert columns["minutes"]["headerTooltip"] == "Colonne minutes (nombre)"
    assert {c["filter"] for c in columns.values()} == {
        "agNumberColumnFilter",
        "agTextColumnFilter",
        "agDateColumnFilter",
    }
    assert columns["submitted"]["filter"] == "agDateColumnFilter"
    assert columns["minutes"]["type"] == "rightAligned" and columns["tags"]["sortable"] is False
    weekend = columns["is_weekend"]["filterParams"]["filterOptions"]
    assert [o if isinstance(o, str) else o["displayName"] for o in weekend] == [
        "empty",
        "Oui",
        "Non",
        "blank",
        "notBlank",
    ]
    assert columns["name"]["filterParams"]["filterOptions"][0] == "contains"
    english = explorer.column_definitions("interactions", "en")
    assert [c["headerName"] for c in english][:3] == ["User id", "Recipe id", "Date"]
    # Every column of every table has a header in both languages.
    for table in schema.TABLES:
        for column in schema.TABLES[table]:
            assert all(t(f"explorer.column.{column}", language) for language in ("en", "fr"))


def test_quality_panel_texts_carry_the_computed_numbers(planted):
    recipes = published(planted, "recipes")
    n_nulls = int(recipes.description.isna().sum())
    shown = texts(explorer.quality_panel(View(language="en"), {"table": "recipes"}))
    notes = " ".join(shown)
    assert "40 rows in this view." in shown
    share = f"{100 * n_nulls / 40:.1f}%"
    assert len(recipes.columns) == 34
    assert f"Columns with empty cells: 1 of 34; the most incomplete: description ({share} empty)." in notes
    far_out = {c: independent_quality(recipes, c)["outliers"] for c in recipes.select_dtypes("number").columns}
    worst = max(far_out, key=lambda c: (far_out[c], -list(recipes.columns).index(c)))
    columns_with = sum(1 for n in far_out.values() if n)
    assert (
        f"Numeric columns with far-out values: {columns_with} of {len(far_out)}; the most: {worst}, "
        f"{far_out[worst]} values"
    ) in notes
    assert "40" in shown and "100,000" in shown  # distinct recipe ids (exact); the planted far-out minutes
    assert "Fewer than 30 rows" not in notes


def test_quality_panel_warns_on_small_views_in_french(planted):
    state = {"table": "recipes", "filter": json.dumps({"minutes": number("lessThan", 20)})}
    shown = " ".join(texts(explorer.quality_panel(View(language="fr"), state)))
    assert "Moins de 30 lignes" in shown and "Valeurs extrêmes" in shown
    assert explorer._share(8, 56_618, "fr") == "< 0,1\u202f%" and explorer._share(1, 4, "en") == "25.0%"
    assert texts(explorer.quality_panel(View(), None)) == []
