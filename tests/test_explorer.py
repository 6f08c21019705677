"""Explorer: filter parsing and validation, server-side pages, quality summary and streamed
exports checked against pandas over the same published files; callbacks called as functions."""

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
from flask import Flask

from app import export
from app.export import (Condition, TableView, ViewError, count_rows, page_rows, quality_summary,
                        register_export_routes, stream_export)
from app.filters import Filters, parse_search
from app.ingest import ingest
from callbacks import explorer
from callbacks.common import View
from tests.kaggle import write_kaggle
from tests.components import texts

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
        "user_id": 1 + i % 30, "recipe_id": 1 + (i * 7) % 40,
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


def all_pages(view: TableView, page_size: int) -> pd.DataFrame:
    """Every page of a view, concatenated, as the DataTable would show them one after the other."""
    rows, page = [], 0
    while True:
        batch = page_rows(view, page, page_size, max_chars=1000)
        rows += batch
        if len(batch) < page_size:
            return pd.DataFrame(rows)
        page += 1


# -- filter parsing and validation -------------------------------------------------------------

def test_datatable_filters_parse_into_typed_conditions(planted):
    query = ('{minutes} s> 30 && {name} scontains "chocolate cake" && {submitted} >= "2005-01-01" '
             "&& {is_weekend} s= true && {description} is blank && {tags} icontains dessert && {calories} le 2.5e2")
    view = TableView.parse("recipes", query)
    assert view.conditions == (
        Condition("minutes", "greater", 30),
        Condition("name", "contains", "chocolate cake"),
        Condition("submitted", "at_least", dt.date(2005, 1, 1)),
        Condition("is_weekend", "equals", True),
        Condition("description", "blank"),
        Condition("tags", "contains", "dessert"),
        Condition("calories", "at_most", 250.0),
    )
    # The canonical form (used in download links) parses back to the same view.
    assert TableView.parse("recipes", view.filter_query).conditions == view.conditions
    assert TableView.parse("recipes", '{name} = "say \\"hi\\" && bye"').conditions == (
        Condition("name", "equals", 'say "hi" && bye'),)


@pytest.mark.parametrize("table, query, key, fragment", [
    ("recipes", "{x; DROP TABLE recipes} = 1", "explorer.error.column", "x; DROP TABLE recipes"),
    ("recipes", '{name"; DROP TABLE recipes; --} contains a', "explorer.error.column", "DROP TABLE"),
    ("recipes", "{minutes} > abc", "explorer.error.number", "“abc” is not a number"),
    ("recipes", "{minutes} > nan", "explorer.error.number", "not a number"),
    ("recipes", "{submitted} >= 2008-13-45", "explorer.error.date", "not a date"),
    ("recipes", "{is_weekend} = maybe", "explorer.error.boolean", "not true or false"),
    ("recipes", "{tags} > 3", "explorer.error.operator", "allowed: contains, is blank, is not blank"),
    ("recipes", "{minutes} >", "explorer.error.needs_value", "needs a value"),
    ("recipes", "{minutes} is blank 3", "explorer.error.no_value", "takes no value"),
    ("recipes", "minutes > 3", "explorer.error.syntax", "minutes > 3"),
    ("recipes", "{minutes} > 3 || {year} = 2002", "explorer.error.syntax", "|| {year}"),
    ("recipes", "{minutes} > 3 &&", "explorer.error.syntax", "&&"),
    ("recipes", "{minutes} > 3; DROP TABLE recipes", "explorer.error.number", "“3;” is not a number"),
    ("recipes", "{minutes} > 1 && " * 200 + "{minutes} > 1", "explorer.error.too_long", "over 2000 characters"),
    ("recipes; DROP TABLE recipes", "", "explorer.error.table", "Tables: recipes, interactions"),
    ("pp_users", "", "explorer.error.table", "Unknown table"),  # in the contract, not in this dataset
])
def test_bad_filters_are_refused_with_a_clear_message(planted, table, query, key, fragment):
    with pytest.raises(ViewError) as caught:
        TableView.parse(table, query)
    assert caught.value.key == key
    assert fragment in str(caught.value)
    assert caught.value.text("fr") != str(caught.value)  # translated


@pytest.mark.parametrize("sort_by", [
    [{"column_id": "minutes; DROP TABLE recipes", "direction": "asc"}],
    [{"column_id": "minutes", "direction": "sideways"}],
    [{"column_id": "minutes", "direction": "asc"}, {"column_id": "name", "direction": "asc"}],
    ["minutes"],
])
def test_bad_sorts_are_refused(planted, sort_by):
    with pytest.raises(ViewError, match="Cannot sort by"):
        TableView.parse("recipes", None, sort_by)


def test_injection_in_a_value_is_only_a_value(planted):
    view = TableView.parse("recipes", """{name} contains "'); DROP TABLE recipes; --" && {minutes} != 1""")
    assert count_rows(view) == 0
    assert count_rows(TableView.parse("recipes")) == len(RECIPES)


# -- pages, sorting and filtering against pandas ----------------------------------------------

KEYS = {"recipes": ["recipe_id"], "interactions": ["user_id", "recipe_id"], "recipe_tags": ["recipe_id", "tag"]}
PAGE_CASES = [
    ("recipes", "{minutes} s> 30", ("minutes", "desc"), lambda d: d[d.minutes > 30]),
    ("recipes", '{name} scontains "CAKE"', None, lambda d: d[d.name.str.lower().str.contains("cake")]),
    ("recipes", "{minutes} != 30", ("name", "asc"), lambda d: d[d.minutes != 30]),
    ("recipes", "{description} is blank", ("submitted", "desc"), lambda d: d[d.description.isna()]),
    ("recipes", "{tags} contains tag2", ("n_tags", "asc"), lambda d: d[d.tags.map(lambda t: "tag2" in list(t))]),
    ("recipes", "{submitted} datestartswith 2005", ("description", "asc"),
     lambda d: d[d.submitted.astype(str).str.startswith("2005")]),
    ("interactions", "{rating} s>= 4 && {date} >= 2005-01-01", ("date", "asc"),
     lambda d: d[(d.rating >= 4) & (d.date >= pd.Timestamp("2005-01-01"))]),
    ("interactions", "{review} is not blank && {rating} < 3", ("review_length", "desc"),
     lambda d: d[d.review.notna() & (d.rating < 3)]),
    ("interactions", "", ("rating", "desc"), lambda d: d),
    ("interactions", "{review} contains WOW", None, lambda d: d[d.review.fillna("").str.lower().str.contains("wow")]),
    ("recipe_tags", '{tag} = "easy"', ("recipe_id", "desc"), lambda d: d[d.tag == "easy"]),
]


@pytest.mark.parametrize("table, query, sort, expected", PAGE_CASES)
def test_pages_follow_filters_and_sort_like_pandas(planted, table, query, sort, expected):
    sort_by = [{"column_id": sort[0], "direction": sort[1]}] if sort else None
    view = TableView.parse(table, query, sort_by)
    frame = expected(published(planted, table))
    if sort:  # ties broken by the row key, empty cells last
        frame = frame.sort_values([sort[0], *KEYS[table]], ascending=[sort[1] == "asc"] + [True] * len(KEYS[table]),
                                  na_position="last", kind="stable")
    shown = all_pages(view, page_size=7)
    assert count_rows(view) == len(frame) > 0
    assert shown[KEYS[table]].values.tolist() == frame[KEYS[table]].values.tolist()


def test_page_cells_are_display_ready(planted):
    rows = page_rows(TableView.parse("interactions", "{review_length} = 240"), 0, 25, max_chars=50)
    assert rows and all(len(row["review"]) == 50 and row["review"].endswith("…") for row in rows)
    recipe = page_rows(TableView.parse("recipes", "{recipe_id} = 4"), 0, 25, max_chars=80)[0]
    assert recipe["tags"] == "easy, dessert, tag0, tag1, tag2"  # joined, not a list
    assert recipe["submitted"] == "2005-04-13" and recipe["is_weekend"] in ("true", "false")
    assert page_rows(TableView.parse("recipes", "{recipe_id} = 1"), 0, 25, 80)[0]["description"] is None


def test_deep_sorted_pages_of_a_generated_dataset_match_pandas(generated_repository, generated_dataset):
    """Thousands of rows, many ties: pages (keyed or, for pp_users, by row hash) never overlap or skip."""
    reviews = published(generated_dataset, "interactions")
    view = TableView.parse("interactions", "{rating} s> 0", [{"column_id": "rating", "direction": "desc"}])
    expected = reviews[reviews.rating > 0].sort_values(["rating", "user_id", "recipe_id"],
                                                        ascending=[False, True, True])
    shown = all_pages(view, page_size=997)
    assert shown[["user_id", "recipe_id"]].values.tolist() == expected[["user_id", "recipe_id"]].values.tolist()
    users = published(generated_dataset, "pp_users")
    shown_users = all_pages(TableView.parse("pp_users", None, [{"column_id": "n_items", "direction": "asc"}]), 101)
    assert shown_users["n_items"].tolist() == sorted(users["n_items"])
    assert sorted(shown_users["u"]) == sorted(users["u"])


def test_global_filters_apply_to_recipes_and_interactions_only(planted):
    filters = Filters(sub_years=(2004, 2006), int_years=(2005, 2007), include_zero=False)
    recipes, reviews = published(planted, "recipes"), published(planted, "interactions")
    recipe_view = TableView.parse("recipes", "{minutes} < 40", filters=filters)
    assert count_rows(recipe_view) == int(((recipes.year.between(2004, 2006)) & (recipes.minutes < 40)).sum())
    expected = reviews[reviews.year.between(2005, 2007) & reviews.recipe_year.between(2004, 2006)
                       & (reviews.rating > 0)]
    assert count_rows(TableView.parse("interactions", filters=filters)) == len(expected)
    assert count_rows(TableView.parse("recipe_tags", filters=filters)) == len(published(planted, "recipe_tags"))
    assert "sy" in recipe_view.url_query() and "sy" not in TableView.parse("recipe_tags", filters=filters).url_query()


# -- quality summary ---------------------------------------------------------------------------

def independent_quality(frame: pd.DataFrame, column: str) -> dict:
    """Nulls, range and Tukey far-out count (beyond 3 IQR) of one column, by pandas."""
    values = frame[column].dropna()
    q1, q3 = values.quantile(0.25), values.quantile(0.75)
    far_out = int(((values < q1 - 3 * (q3 - q1)) | (values > q3 + 3 * (q3 - q1))).sum())
    return {"nulls": int(frame[column].isna().sum()), "low": values.min(), "high": values.max(), "q1": q1, "q3": q3,
            "outliers": far_out, "distinct": values.nunique()}


@pytest.mark.parametrize("table, query", [("recipes", ""), ("interactions", "{rating} > 0"), ("recipe_tags", "")])
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


def test_whole_table_summaries_are_read_from_the_manifest_and_equal_the_computed_ones(generated_repository,
                                                                                      monkeypatch):
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


@pytest.mark.parametrize("table, query, filters", [
    ("recipes", "{minutes} < 40", Filters()),
    ("recipes", "", Filters(sub_years=(2004, 2006))),
    ("interactions", "", Filters(include_zero=False)),
])
def test_filtered_views_are_summarized_on_request(planted, table, query, filters):
    view = TableView.parse(table, query, filters=filters)
    assert export._stored_quality(view) is None
    n_rows, _ = quality_summary(view)
    assert n_rows == count_rows(view) < len(published(planted, table))


@pytest.mark.parametrize("manifest_change", [
    lambda manifest: manifest.pop("quality"),  # published by an ingest before summaries were stored
    lambda manifest: manifest["quality"]["recipes"].update(sql="0" * 16),  # by another version of the SQL
    lambda manifest: manifest["quality"]["recipes"]["columns"].pop("name"),  # by another contract
])
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
    view = TableView.parse("interactions", "{rating} s>= 2 && {review} is not blank",
                           [{"column_id": "date", "direction": "desc"}], Filters(int_years=(2004, None)))
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
    view = TableView.parse("recipes", "{tags} contains dessert", [{"column_id": "minutes", "direction": "asc"}])
    frame = published(planted, "recipes")
    frame = frame[frame.tags.map(lambda t: "dessert" in list(t))].sort_values(["minutes", "recipe_id"])
    got = with_timestamps(pq.read_table(io.BytesIO(b"".join(stream_export(view, "parquet")))).to_pandas())
    for column in ("tags", "steps", "ingredients"):
        assert got[column].map(list).tolist() == frame[column].map(list).tolist()
        frame, got = frame.drop(columns=column), got.drop(columns=column)
    pd.testing.assert_frame_equal(got, frame.reset_index(drop=True), check_dtype=False)


@pytest.mark.parametrize("sort_by", [None, [{"column_id": "minutes", "direction": "desc"}]])
def test_empty_views_export_a_header_or_an_empty_table(planted, sort_by):
    view = TableView.parse("recipes", "{minutes} > 1000000", sort_by)
    assert b"".join(stream_export(view, "csv")).decode().startswith('"recipe_id","name","minutes"')
    empty = pq.read_table(io.BytesIO(b"".join(stream_export(view, "parquet"))))
    assert empty.num_rows == 0 and empty.column_names == list(view.columns)


def read_by_key(monkeypatch) -> None:
    """Export sorted views as before spilling was introduced: by key, a batch of keys at a time."""
    monkeypatch.setattr(export, "_sorted_tables", export._tables_by_key)


SORTED_EXPORTS = [
    ("interactions", "", [{"column_id": "rating", "direction": "desc"}], Filters()),
    ("interactions", "{rating} > 0", [{"column_id": "review", "direction": "asc"}], Filters()),
    ("interactions", "", None, Filters(include_zero=False, int_years=(2005, 2012))),  # by key: filter bar
    ("recipes", "{tags} contains easy", [{"column_id": "submitted", "direction": "desc"}], Filters()),
    ("recipes", "", [{"column_id": "description", "direction": "asc"}], Filters(sub_years=(2003, 2010))),
    ("recipe_tags", "", [{"column_id": "tag", "direction": "asc"}], Filters()),
    ("pp_users", "", [{"column_id": "n_items", "direction": "asc"}], Filters()),  # no key: row hashes
    ("recipes", "{minutes} > 1000000", [{"column_id": "minutes", "direction": "asc"}], Filters()),  # empty
]


@pytest.mark.parametrize("file_format", ["csv", "parquet"])
@pytest.mark.parametrize("table, query, sort_by, filters", SORTED_EXPORTS)
def test_sorted_exports_spill_in_bounded_buckets_and_are_byte_identical(generated_repository, monkeypatch,
                                                                      file_format, table, query, sort_by, filters):
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
    in_file_order = pa.record_batch({"row_hash": pa.array([5, 9, 5, 7, 5], pa.uint64()),
                                     "value": ["a", "x", "a", "b", "a"]})
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
    view = TableView.parse("interactions", None, [{"column_id": "rating", "direction": "desc"}])
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
    view = TableView.parse("recipes", None, [{"column_id": "recipe_id", "direction": "asc"}])
    got = pd.read_csv(io.BytesIO(b"".join(stream_export(view, "csv"))))
    expected = published(planted, "recipes").sort_values("recipe_id")
    assert [json.loads(tags) for tags in got.tags] == [list(t) for t in expected.tags]


@pytest.fixture
def client(planted):
    server = Flask(__name__)
    register_export_routes(server)
    return server.test_client()


@pytest.mark.parametrize("table, query", [
    ("interactions", {"sort": "rating", "order": "desc", "filter": "{rating} > 0"}),  # read by key
    ("recipe_tags", {"filter": "{tag} != easy"}),  # read straight, in file order
])
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
        assert got.values.tolist() == tags[tags.tag != "easy"].values.tolist()


def test_export_route_applies_the_global_filters_of_the_url(client, planted):
    response = client.get("/export/recipes.parquet", query_string={"sy": "2004-2006", "filter": "{minutes} < 40"})
    got = pq.read_table(io.BytesIO(response.data)).to_pandas()
    recipes = published(planted, "recipes")
    assert sorted(got.recipe_id) == sorted(recipes[recipes.year.between(2004, 2006) & (recipes.minutes < 40)].recipe_id)


@pytest.mark.parametrize("url, message", [
    ("/export/nope.csv", "Unknown table “nope”"),
    ("/export/recipes.xlsx", "Unknown download format “xlsx”"),
    ("/export/recipes.csv?filter={x; DROP TABLE recipes} = 1", "Unknown column “x; DROP TABLE recipes”"),
    ("/export/recipes.csv?sort=minutes;DROP TABLE recipes", "Cannot sort by"),
    ("/export/recipes.csv?sort=minutes&order=up", "Cannot sort by “minutes” (up)"),
    ("/export/recipes.csv?filter={minutes} > soon", "“soon” is not a number"),
    ("/export/recipes.csv?filter={minutes} > soon&lang=fr", "« soon » n'est pas un nombre"),
])
def test_export_route_refuses_bad_input_with_400(client, url, message):
    response = client.get(url)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count_rows(TableView.parse("recipes")) == len(RECIPES)


# -- callbacks as functions --------------------------------------------------------------------

def test_page_callback_content_in_french(planted):
    recipes = published(planted, "recipes")
    total = int((recipes.minutes > 30).sum())
    sort_by = [{"column_id": "minutes", "direction": "desc"}]
    content = explorer.page_content(View(language="fr"), "recipes", 2, sort_by, "{minutes} s> 30", page_size=5)
    assert content.page_current == 2 and content.page_count == -(-total // 5) and len(content.data) == 5
    assert content.status == f"Lignes 11 à 15 sur {total} retenues"
    expected = recipes[recipes.minutes > 30].sort_values(["minutes", "recipe_id"], ascending=[False, True])
    assert [row["recipe_id"] for row in content.data] == expected.recipe_id.tolist()[10:15]
    assert content.csv_href.startswith("/export/recipes.csv?")
    assert TableView.from_url("recipes", parse_search(content.csv_href.partition("?")[2])) == TableView.parse(
        "recipes", "{minutes} > 30", sort_by)
    assert "lang=fr" in content.parquet_href and content.error is None and content.downloads_style == {}


def test_page_callback_clamps_to_the_last_page_and_applies_global_filters(planted):
    recipes = published(planted, "recipes")
    filters = Filters(sub_years=(2004, 2006))
    content = explorer.page_content(View(filters=filters), "recipes", 999, None, "", page_size=4)
    total = int(recipes.year.between(2004, 2006).sum())
    assert content.page_current == content.page_count - 1 == (total - 1) // 4
    assert content.status.endswith(f"of {total} matching") and "sy=2004-2006" in content.csv_href
    # Read through the filter bar, an unsorted view comes in row-key order.
    shown = [row["recipe_id"] for row in content.data]
    assert shown == sorted(recipes[recipes.year.between(2004, 2006)].recipe_id)[4 * content.page_current:]


def test_page_callback_explains_a_bad_filter(planted):
    content = explorer.page_content(View(language="fr"), "recipes", 0, None, "{minutes} > bientôt")
    assert content.data == [] and content.downloads_style == {"display": "none"}
    assert texts(content.error) == ["Colonne minutes : « bientôt » n'est pas un nombre."]


def test_empty_view_says_so(planted):
    content = explorer.page_content(View(), "recipes", 0, None, "{minutes} > 1000000")
    assert content.status == "No row matches the filters." and content.page_count == 1
    panel = explorer.quality_panel(View(), "recipes", "{minutes} > 1000000")
    assert texts(panel) == ["No data for the current filters."]


def test_quality_panel_texts_carry_the_computed_numbers(planted):
    recipes = published(planted, "recipes")
    n_nulls = int(recipes.description.isna().sum())
    shown = texts(explorer.quality_panel(View(language="en"), "recipes", ""))
    notes = " ".join(shown)
    assert "40 rows in this view." in shown
    share = f"{100 * n_nulls / 40:.1f}%"
    assert len(recipes.columns) == 34
    assert f"Columns with empty cells: 1 of 34; the most incomplete: description ({share} empty)." in notes
    far_out = {c: independent_quality(recipes, c)["outliers"] for c in recipes.select_dtypes("number").columns}
    worst = max(far_out, key=lambda c: (far_out[c], -list(recipes.columns).index(c)))
    columns_with = sum(1 for n in far_out.values() if n)
    assert (f"Numeric columns with far-out values: {columns_with} of {len(far_out)}; the most: {worst}, "
            f"{far_out[worst]} values") in notes
    assert "40" in shown and "100,000" in shown  # distinct recipe ids (exact); the planted far-out minutes
    assert "Fewer than 30 rows" not in notes


def test_quality_panel_warns_on_small_views_in_french(planted):
    shown = " ".join(texts(explorer.quality_panel(View(language="fr"), "recipes", "{minutes} < 20")))
    assert "Moins de 30 lignes" in shown and "Valeurs extrêmes" in shown
    assert explorer._share(8, 56_618, "fr") == "< 0,1\u202f%" and explorer._share(1, 4, "en") == "25.0%"


def test_table_setup_columns_and_scope(planted):
    columns, sort_by, filter_query, scope = explorer.table_setup("recipe_tags", "fr")
    assert [c["id"] for c in columns] == ["recipe_id", "tag", "minutes", "year", "month", "weekday", "is_weekend",
                                         "season", "n_rated_1", "n_rated_2", "n_rated_3", "n_rated_4", "n_rated_5"]
    assert columns[0]["type"] == "numeric"
    assert sort_by == [] and filter_query == "" and scope.startswith("Cette table est affichée brute")
    columns, *_, scope = explorer.table_setup("recipes", "en")
    assert {c["id"]: c.get("format") for c in columns}["calories"] == {"specifier": ".6~g"}
    assert scope.startswith("The global filters")
    assert np.all([c["filter_options"]["placeholder_text"] for c in columns])
