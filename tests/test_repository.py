"""Repository and Overview SQL on small generated data, checked against pandas over the CSVs."""

from __future__ import annotations

import ast
import dataclasses
import shutil

import pandas as pd
import pytest
from cachelib import SimpleCache

from app.errors import DatasetMissing, QueryFailed
from app.filters import Filters
from app.repository import Repository, canonical_key, sql_parameters
from tests.fixtures import make_settings


@pytest.fixture(scope="module")
def raw(generated_csv):
    """The generated CSVs read independently with pandas (lists parsed like Python would)."""
    recipes = pd.read_csv(generated_csv / "RAW_recipes.csv", keep_default_na=False, na_values=[])
    recipes["submitted"] = pd.to_datetime(recipes["submitted"])
    recipes["tags"] = recipes["tags"].map(ast.literal_eval)
    recipes["ingredients"] = recipes["ingredients"].map(ast.literal_eval)
    interactions = pd.read_csv(generated_csv / "RAW_interactions.csv", keep_default_na=False, na_values=[])
    interactions["date"] = pd.to_datetime(interactions["date"])
    interactions = interactions.merge(
        recipes[["id", "submitted", "minutes", "tags", "ingredients"]],
        left_on="recipe_id",
        right_on="id",
        suffixes=("", "_recipe"),
    )
    return recipes, interactions


def _kpis(repository: Repository, filters: Filters) -> pd.Series:
    return repository.aggregate("overview/kpis", f=filters.as_param()).iloc[0]


def test_kpis_match_pandas(generated_repository, raw):
    recipes, interactions = raw
    row = _kpis(generated_repository, Filters())
    assert row.n_recipes == len(recipes)
    assert row.n_interactions == len(interactions)
    assert row.n_users == interactions["user_id"].nunique()
    assert row.n_contributors == recipes["contributor_id"].nunique()
    assert row.mean_rating_with_zeros == pytest.approx(interactions["rating"].mean())
    assert row.mean_rating_without_zeros == pytest.approx(interactions.loc[interactions.rating > 0, "rating"].mean())
    assert row.share_without_stars == pytest.approx((interactions["rating"] == 0).mean())
    assert pd.Timestamp(row.first_submitted) == recipes["submitted"].min()
    assert pd.Timestamp(row.last_interaction) == interactions["date"].max()


def test_filters_match_pandas(generated_repository, raw):
    recipes, interactions = raw
    top_tag = recipes.explode("tags")["tags"].value_counts().index[5]
    filters = Filters(
        sub_years=(2003, 2008), int_years=(2005, None), minutes=(10, 60), include_zero=False, tags=(top_tag,)
    )
    in_recipes = (
        recipes.submitted.dt.year.between(2003, 2008)
        & recipes.minutes.between(10, 60)
        & recipes.tags.map(lambda tags: top_tag in tags)
    )
    in_interactions = (
        interactions.submitted.dt.year.between(2003, 2008)
        & interactions.minutes.between(10, 60)
        & interactions.tags.map(lambda tags: top_tag in tags)
        & (interactions.date.dt.year >= 2005)
        & (interactions.rating > 0)
    )
    row = _kpis(generated_repository, filters)
    assert row.n_recipes == in_recipes.sum() > 0
    assert row.n_interactions == in_interactions.sum() > 0
    assert row.mean_rating_with_zeros == pytest.approx(interactions.loc[in_interactions, "rating"].mean())
    assert row.share_without_stars == 0


def test_ingredient_filter_and_focus(generated_repository, raw):
    recipes, interactions = raw
    ingredient = recipes.explode("ingredients")["ingredients"].value_counts().index[0]
    filters = Filters(ingredients=(ingredient,)).with_focus("season", "winter")
    winter = interactions.date.dt.month.isin([12, 1, 2])
    expected = interactions[interactions.ingredients.map(lambda items: ingredient in items) & winter]
    assert _kpis(generated_repository, filters).n_interactions == len(expected) > 0


def test_monthly_series_and_distribution(generated_repository, raw):
    recipes, interactions = raw
    param = Filters().as_param()
    monthly = generated_repository.aggregate("overview/interactions_per_month", f=param)
    expected = interactions.groupby(interactions.date.dt.to_period("M")).size()
    assert monthly["n_interactions"].tolist() == expected.tolist()
    assert monthly["n_interactions"].sum() == len(interactions)
    per_month = generated_repository.aggregate("overview/recipes_per_month", f=param)
    assert per_month["n_recipes"].tolist() == recipes.groupby(recipes.submitted.dt.to_period("M")).size().tolist()
    distribution = generated_repository.aggregate("overview/rating_distribution", f=param)
    assert distribution["rating"].tolist() == [0, 1, 2, 3, 4, 5]
    assert distribution["n_interactions"].tolist() == [int((interactions.rating == r).sum()) for r in range(6)]


def test_row_counts_cover_every_table(generated_repository, generated_csv):
    counts = dict(generated_repository.aggregate("overview/row_counts").itertuples(index=False))
    for stem, table in [
        ("RAW_recipes", "recipes"),
        ("PP_users", "pp_users"),
        ("interactions_test", "interactions_test"),
    ]:
        assert counts[table] == len(pd.read_csv(generated_csv / f"{stem}.csv"))


def test_cache_key_is_canonical_and_versioned():
    first = canonical_key("v1", "overview/kpis", {"f": {"b": 1, "a": [1, 2]}, "limit": 3})
    assert first == canonical_key("v1", "overview/kpis", {"limit": 3, "f": {"a": [1, 2], "b": 1}})
    assert first != canonical_key("v2", "overview/kpis", {"limit": 3, "f": {"a": [1, 2], "b": 1}})
    assert first.startswith("mtm:v1:overview/kpis:")


def test_results_are_memoized_until_a_new_version(planted_dataset, use_dataset, tmp_path):
    uri = planted_dataset(recipes=[{"submitted": "2004-01-01"}], interactions=[{"recipe_id": 1, "rating": 4}])
    cache = SimpleCache()
    repository = use_dataset(uri, cache)
    assert repository.aggregate("overview/kpis", f=Filters().as_param()).iloc[0].n_interactions == 1
    version = repository.dataset_version()
    # A second ingest publishes a new version: cached results of the old one are not served.
    from app.ingest import ingest
    from tests.kaggle import write_kaggle

    source = write_kaggle(
        tmp_path / "second",
        [{"submitted": "2004-01-01"}],
        [{"recipe_id": 1, "rating": 4}, {"recipe_id": 1, "user_id": 2, "rating": 2}],
    )
    ingest(source, uri, progress=False)
    assert repository.dataset_version() != version
    assert repository.aggregate("overview/kpis", f=Filters().as_param()).iloc[0].n_interactions == 2


def test_parameters_and_identifiers_are_checked(generated_repository):
    assert sql_parameters("SELECT $a, $b, $a, '$' FROM t WHERE x = $limit") == ["a", "b", "limit"]
    with pytest.raises(QueryFailed, match="needs parameter"):
        generated_repository.aggregate("overview/kpis")
    with pytest.raises(QueryFailed, match="Unknown query"):
        generated_repository.aggregate("../../etc/passwd")
    with pytest.raises(QueryFailed, match="Unknown table or column"):
        Repository.sql("overview/kpis", identifiers={"table": "recipes; DROP TABLE recipes"})


def test_missing_dataset_is_a_clear_error(tmp_path):
    repository = Repository(make_settings(str(tmp_path / "nothing")), None)
    with pytest.raises(DatasetMissing):
        repository.aggregate("overview/kpis", f=Filters().as_param())


def test_removed_files_are_reported_as_missing(planted_dataset, use_dataset):
    uri = planted_dataset(recipes=[{}], interactions=[{"recipe_id": 1}])
    repository = use_dataset(uri, cache=None)
    shutil.rmtree(f"{uri}/versions/{repository.dataset_version()}")
    with pytest.raises(DatasetMissing):
        repository.run("overview/kpis", f=Filters().as_param())


def test_concurrent_requests_for_one_aggregate_run_it_once(planted_dataset, use_dataset, monkeypatch):
    import threading
    import time

    repository = use_dataset(planted_dataset(recipes=[{}], interactions=[{"recipe_id": 1}]))
    original_run, calls = repository.run, []

    def slow_run(*args, **kwargs):
        calls.append(1)
        time.sleep(0.2)
        return original_run(*args, **kwargs)

    monkeypatch.setattr(repository, "run", slow_run)
    param = Filters().as_param()
    threads = [
        threading.Thread(target=repository.aggregate, args=("overview/kpis",), kwargs={"f": param}) for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1


def test_each_worker_spills_to_its_own_folder(generated_dataset, tmp_path):
    """DuckDB clears its temp folder when it opens: workers sharing one deleted each other's spill
    files (IO errors under load at 10x the real size), so each process gets its own."""
    import os

    repository = Repository(make_settings(generated_dataset, duckdb_temp_dir=tmp_path), None)
    folder = repository._cursor().execute("SELECT current_setting('temp_directory')").fetchone()[0]
    assert folder == str(tmp_path / f"mangetamain-duckdb-{os.getpid()}")


def test_item_tables_of_an_older_ingest_still_answer(generated_dataset, tmp_path):
    """Datasets published before recipes carried their star counts and the long item tables the
    recipe's fields get them computed when read, with the same results."""
    import duckdb

    old = tmp_path / "old"
    shutil.copytree(generated_dataset, old)
    for table, kept in (
        ("recipe_tags", "recipe_id, tag"),
        ("recipe_ingredients", "recipe_id, ingredient"),
        ("recipes", "* EXCLUDE (n_rated_1, n_rated_2, n_rated_3, n_rated_4, n_rated_5)"),
    ):
        path = next(old.glob(f"versions/*/{table}.parquet"))
        duckdb.sql(f"COPY (SELECT {kept} FROM read_parquet('{path}')) TO '{path}.new' (FORMAT parquet)")
        path.with_name(path.name + ".new").replace(path)
    param = Filters(tags=("easy",), minutes=(10, 90)).as_param()
    current, older = (Repository(make_settings(uri), None) for uri in (generated_dataset, str(old)))
    for name, params in (
        ("trends/item_stats", {"kind": "ingredients", "limit": 20, "min_recipes": 5, "min_share": 0.01}),
        (
            "calendar/item_counts",
            {"kind": "tags", "min_support": 5, "source": "month", "group_of": [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 0]},
        ),
        ("recipes/item_lift", {"kind": "ingredients", "min_support": 5}),
        ("ratings/volume_buckets", {"bounds": [1, 2, 5]}),
    ):
        identifiers = {"count": "n_ingredients"} if name == "trends/item_stats" else None
        expected = current.aggregate(name, identifiers=identifiers, f=param, **params)
        got = older.aggregate(name, identifiers=identifiers, f=param, **params)
        assert len(expected) > 0
        pd.testing.assert_frame_equal(
            got.sort_values(list(got.columns)).reset_index(drop=True),
            expected.sort_values(list(expected.columns)).reset_index(drop=True),
        )


def test_the_served_version_survives_an_unreadable_pointer_and_a_download_keeps_its_version(
    generated_csv, generated_dataset, tmp_path
):
    from app.ingest import ingest
    from app.repository import version_schema_name

    data = tmp_path / "data"
    shutil.copytree(generated_dataset, data)
    repository = Repository(make_settings(str(data)), None)
    first = repository.dataset_version()
    recipes = repository.run("health/readiness").iloc[0].recipes
    (data / "CURRENT").rename(tmp_path / "CURRENT.away")
    assert repository.dataset_version() == first  # storage fault: the last version keeps being served
    (tmp_path / "CURRENT.away").rename(data / "CURRENT")
    with repository.pinned_reader() as download:
        ingest(generated_csv, str(data), progress=False, synthetic=True)
        second = repository.dataset_version()
        assert download.version == first != second
        assert repository.run("health/readiness").iloc[0].recipes == recipes
        assert repository._cursor().execute("SELECT current_schema()").fetchone()[0] == version_schema_name(second)
        assert download.table(_Composed("SELECT current_schema() AS s")).column("s")[0].as_py() == version_schema_name(
            first
        )
        assert download.arrays(_Composed("SELECT count(*) AS n FROM recipes"))["n"][0] == recipes


@dataclasses.dataclass
class _Composed:
    """A composed query as the Explorer makes them (label, SQL, bound parameters)."""

    sql: str
    params: dict = dataclasses.field(default_factory=dict)
    label: str = "test/composed"


def test_composed_queries_are_memoized_per_version_and_their_errors_are_the_apps(generated_dataset):
    repository = Repository(make_settings(generated_dataset), SimpleCache())
    calls = []
    real = repository._frame
    repository._frame = lambda *args: calls.append(args) or real(*args)
    query = _Composed("SELECT count(*) AS n FROM recipes WHERE minutes <= $m", {"m": 30})
    first = repository.composed(query)
    again = repository.composed(_Composed(query.sql, {"m": 30}))
    assert first.equals(again) and len(calls) == 1  # one computation per key
    expected = repository._cursor().execute("SELECT count(*) FROM recipes WHERE minutes <= 30").fetchone()[0]
    assert int(first.iloc[0]["n"]) == expected > 0
    assert int(repository.composed(_Composed(query.sql, {"m": 10})).iloc[0]["n"]) < expected
    with pytest.raises(QueryFailed, match="test/composed"):
        repository.composed(_Composed("SELECT no_such_column FROM recipes"))
