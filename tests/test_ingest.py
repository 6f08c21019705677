"""Ingest: real Kaggle files, hand-written RAW fixtures, generated data, bad inputs, atomicity, S3."""

from __future__ import annotations

import argparse
import ast
import csv
import json
import random
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from app import schema
from app.errors import IngestError, StorageUnreachable
from app.ingest import add_cli, ingest, physical_line, read_current
from app.settings import S3Settings
from app.storage import LocalStorage, configure_duckdb_s3, open_storage
from tests.conftest import S3_TEST_SECRET
from tests.fixtures import TEST_SCALE, TEST_SEED

FOODCOM = Path(__file__).resolve().parents[2] / "shared/data/foodcom"


def real_file(name: str) -> Path:
    """A real Kaggle file of the shared folder; the test skips where the folder is absent."""
    path = FOODCOM / name
    if not path.is_file():
        pytest.skip(f"real Kaggle file {name} not found in {FOODCOM}")
    return path


REAL_FILES = ("PP_users.csv", "interactions_test.csv", "ingr_map.csv")

TRICKY_STEPS = [
    "preheat oven to 350, then 'bake', 'cool'",  # ', ' inside a string
    'don\'t forget the "good" butter',  # both quote kinds: repr escapes \'
    "it's ready",  # apostrophe: double-quoted by repr
    'say "cheese"',
    "back\\slash and tab\t and new\nline",
    "crème brûlée – 100 % ☕",
    "",
]


# -- fixture files in the exact Kaggle formats ---------------------------------------------


def recipe_row(
    recipe_id: int,
    submitted: str = "2005-09-16",
    minutes: Any = 55,
    *,
    tags: Sequence[str] = ("easy", "60-minutes-or-less"),
    steps: Sequence[str] = ("mix", "bake"),
    ingredients: Sequence[str] = ("salt", "butter"),
    nutrition: Sequence[float] = (51.5, 0.0, 13.0, 0.0, 2.0, 0.0, 4.0),
    description: str = "tasty\nand quick, really",
) -> list[Any]:
    return [
        f"recipe {recipe_id}",
        recipe_id,
        minutes,
        47892,
        submitted,
        repr(list(tags)),
        repr(list(nutrition)),
        len(steps),
        repr(list(steps)),
        description,
        repr(list(ingredients)),
        len(ingredients),
    ]


RECIPES = [
    recipe_row(
        100,
        "2005-09-16",
        55,
        tags=("easy", "", "60-minutes-or-less"),
        steps=TRICKY_STEPS,
        ingredients=("salt", "baker's chocolate", "salt"),
    ),
    recipe_row(200, "2002-06-17", 0, description=""),
    recipe_row(300, "2008-12-06", 2147483647, tags=()),
]
INTERACTIONS = [  # user_id, recipe_id, date, rating, review
    [1, 100, "2006-01-07", 5, "Great great GREAT, don't change it!\nWill make again."],  # Saturday, winter
    [2, 100, "2006-04-03", 4, "great recipe, great taste"],  # Monday, spring
    [3, 100, "2006-07-09", 0, ""],  # Sunday, summer, no stars, empty review
    [4, 200, "2001-10-10", 2, "great but salty great"],  # autumn; before the recipe's submission
    [5, 200, "2003-02-28", 3, "Café crème, great"],
]


def write_csv(path: Path, header: Iterable[str], rows: Iterable[Sequence[Any]]) -> Path:
    """A CSV quoted like pandas' to_csv: minimal quoting, doubled quotes, \\n line ends."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def make_source(
    folder: Path,
    recipes: Sequence[Sequence[Any]] = RECIPES,
    interactions: Sequence[Sequence[Any]] = INTERACTIONS,
    real_files: Sequence[str] = (),
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(folder / "RAW_recipes.csv", schema.SOURCE_FILES["RAW_recipes"][0], recipes)
    write_csv(folder / "RAW_interactions.csv", schema.SOURCE_FILES["RAW_interactions"][0], interactions)
    for name in real_files:  # linked, never copied
        (folder / name).symlink_to(real_file(name))
    return folder


def table(root: Path, name: str, manifest: dict[str, Any] | None = None) -> str:
    version = manifest["version"] if manifest else (root / schema.CURRENT_POINTER).read_text().strip()
    return f"read_parquet('{root / schema.VERSIONS_DIR / version / name}.parquet')"


def rows(sql: str) -> list[tuple]:
    return duckdb.sql(sql).fetchall()


def ingest_error(source: Path, tmp_path: Path) -> IngestError:
    with pytest.raises(IngestError) as caught:
        ingest(source, str(tmp_path / "published"), progress=False)
    return caught.value


# -- real Kaggle files with RAW fixtures --------------------------------------------------------


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("published")
    source = make_source(tmp / "kaggle", real_files=REAL_FILES)
    root = tmp / "root"
    return root, ingest(source, str(root), progress=False)


def test_real_files_row_counts(published: tuple[Path, dict[str, Any]]) -> None:
    root, manifest = published
    assert manifest["row_counts"] == {
        "recipes": 3,
        "interactions": 5,
        "recipe_tags": 5,
        "recipe_ingredients": 6,
        "pp_users": 25_076,
        "interactions_test": 12_455,
        "review_words": 4,
        "ingr_map": 11_659,
    }
    assert read_current(LocalStorage(root)) == (
        manifest["version"],
        json.loads((root / "versions" / manifest["version"] / "manifest.json").read_text()),
    )


def test_pp_users_lists_equal_literal_eval(published: tuple[Path, dict[str, Any]]) -> None:
    root, _ = published
    parsed = rows(f"SELECT u, techniques, items, n_items, ratings, n_ratings FROM {table(root, 'pp_users')}")
    with real_file("PP_users.csv").open(newline="") as handle:
        expected = [
            (
                int(r["u"]),
                ast.literal_eval(r["techniques"]),
                ast.literal_eval(r["items"]),
                int(r["n_items"]),
                ast.literal_eval(r["ratings"]),
                int(r["n_ratings"]),
            )
            for r in csv.DictReader(handle)
        ]
    assert len(parsed) == 25_076
    assert parsed == expected  # file order kept, every list equal


def test_interactions_test_equal_pandas(published: tuple[Path, dict[str, Any]]) -> None:
    root, _ = published
    ours = duckdb.sql(f"SELECT * FROM {table(root, 'interactions_test')}").df()
    theirs = pd.read_csv(real_file("interactions_test.csv"), parse_dates=["date"])
    assert len(ours) == 12_455
    assert ours["rating"].mean() == pytest.approx(theirs["rating"].mean(), rel=1e-12)
    ours["date"] = pd.to_datetime(ours["date"])
    pd.testing.assert_frame_equal(ours, theirs, check_dtype=False)


def test_parquet_files_follow_the_contract(published: tuple[Path, dict[str, Any]]) -> None:
    root, manifest = published
    for name, count in manifest["row_counts"].items():
        described = rows(f"DESCRIBE SELECT * FROM {table(root, name)}")
        assert [(c, t) for c, t, *_ in described] == list(schema.TABLES[name].items()), name
        assert rows(f"SELECT count(*) FROM {table(root, name)}")[0][0] == count
        path = root / "versions" / manifest["version"] / f"{name}.parquet"
        assert {c for (c,) in rows(f"SELECT DISTINCT compression FROM parquet_metadata('{path}')")} == {"ZSTD"}


def test_manifest_records_sources_and_policy(published: tuple[Path, dict[str, Any]]) -> None:
    _, manifest = published
    assert manifest["source"]["files"]["PP_users.csv"]["sha256"] == (
        "ad2dd8cfc9ee9516656112df0edf2c575afd841229e26405e2fd296cebef3fdc"
    )
    assert manifest["source"]["name"] == "kaggle"
    assert manifest["rejected"] == {
        "duplicate_recipe_id": 0,
        "rating_out_of_range": 0,
        "unknown_recipe": 0,
        "duplicate_pair": 0,
    }
    assert manifest["rejected_share"] == {"RAW_recipes.csv": 0.0, "RAW_interactions.csv": 0.0}
    # The real split holds none of the fixture's recipes (100, 200, 300) nor users (1-5).
    split = pd.read_csv(real_file("interactions_test.csv"))
    users = pd.read_csv(real_file("PP_users.csv"), usecols=["u"])
    assert manifest["warnings"] == {
        "interaction_before_submission": 1,
        "recipe_submitted_before_1999": 0,
        "recipe_submitted_in_the_future": 0,
        "interaction_before_1999": 0,
        "interaction_in_the_future": 0,
        "negative_minutes": 0,
        "negative_nutrition": 0,
        "split_unknown_recipe": int((~split["recipe_id"].isin([100, 200, 300])).sum()),
        "split_unknown_user": int((~split["user_id"].isin(range(1, 6))).sum()),
        "user_index_conflict": int(
            (split.groupby("user_id")["u"].nunique() > 1).sum() + (split.groupby("u")["user_id"].nunique() > 1).sum()
        ),
        "unknown_user_index": int((~split["u"].isin(users["u"])).sum()),
        "recipe_index_conflict": int(
            (split.groupby("recipe_id")["i"].nunique() > 1).sum()
            + (split.groupby("i")["recipe_id"].nunique() > 1).sum()
        ),
    }
    assert manifest["warnings"]["split_unknown_recipe"] == manifest["warnings"]["split_unknown_user"] == 12_455
    first = split.iloc[0]
    assert manifest["warning_examples"]["split_unknown_recipe"][0] == (
        f"interactions_test.csv record 1: user_id={first.user_id} recipe_id={first.recipe_id} u={first.u} i={first.i}"
    )
    assert manifest["warning_examples"]["interaction_before_submission"] == [
        "RAW_interactions.csv record 4: user_id=4 recipe_id=200 date=2001-10-10 submitted=2002-06-17"
    ]
    assert manifest["synthetic"] is False
    assert re.fullmatch(r"\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{8}", manifest["version"])
    assert manifest["app_version"]


def test_recipe_columns(published: tuple[Path, dict[str, Any]]) -> None:
    root, _ = published
    got = {
        r[0]: r[1:]
        for r in rows(f"""SELECT recipe_id, minutes_outlier, year, month, weekday, is_weekend,
        season, n_tags, n_steps, n_ingredients, complexity, calories, carbs_pdv, n_interactions, n_rated,
        mean_rating, description FROM {table(root, "recipes")}""")
    }
    assert got[100] == (
        False,
        2005,
        9,
        5,
        False,
        "autumn",
        3,
        7,
        3,
        10,
        51.5,
        4.0,
        3,
        2,
        4.5,
        "tasty\nand quick, really",
    )
    assert got[200] == (False, 2002, 6, 1, False, "summer", 2, 2, 2, 4, 51.5, 4.0, 2, 2, 2.5, None)
    assert got[300] == (
        True,
        2008,
        12,
        6,
        True,
        "winter",
        0,
        2,
        2,
        4,
        51.5,
        4.0,
        0,
        0,
        None,
        "tasty\nand quick, really",
    )
    submitted = [r[0] for r in rows(f"SELECT submitted FROM {table(root, 'recipes')}")]
    assert submitted == sorted(submitted)


def test_string_lists_equal_literal_eval(published: tuple[Path, dict[str, Any]]) -> None:
    root, _ = published
    tags, steps, ingredients = rows(
        f"SELECT tags, steps, ingredients FROM {table(root, 'recipes')} WHERE recipe_id = 100"
    )[0]
    source = RECIPES[0]
    assert steps == ast.literal_eval(source[8]) == TRICKY_STEPS
    assert tags == ast.literal_eval(source[5]) and ingredients == ast.literal_eval(source[10])
    assert rows(f"SELECT tag FROM {table(root, 'recipe_tags')} WHERE recipe_id = 100 ORDER BY tag") == [
        ("",),
        ("60-minutes-or-less",),
        ("easy",),
    ]
    assert rows(
        f"SELECT ingredient FROM {table(root, 'recipe_ingredients')} WHERE recipe_id = 100 ORDER BY ingredient"
    ) == [("baker's chocolate",), ("salt",)]  # one row per pair


def test_random_string_lists_equal_literal_eval(tmp_path: Path) -> None:
    # One alphabet per parsing path: plain split, double quotes (regex), escapes (Python).
    alphabets = ("ab ,'[]é☕", 'ab ,"[]', "ab ,'\"\\\n\t\x00\x85\u2028é☕[]")
    rng = random.Random(11)
    lists = [
        ["".join(rng.choices(alphabets[n % 3], k=rng.randint(0, 8))) for _ in range(rng.randint(0, 5))]
        for n in range(600)
    ]
    recipes = [recipe_row(n, steps=steps, tags=steps[:2]) for n, steps in enumerate(lists, start=1)]
    root = tmp_path / "root"
    ingest(make_source(tmp_path / "kaggle", recipes, [[1, 1, "2006-01-07", 5, "ok"]]), str(root), progress=False)
    got = rows(f"SELECT steps, tags FROM {table(root, 'recipes')} ORDER BY recipe_id")
    assert got == [(ast.literal_eval(r[8]), ast.literal_eval(r[5])) for r in recipes]


def test_interaction_columns(published: tuple[Path, dict[str, Any]]) -> None:
    root, _ = published
    got = rows(f"""SELECT user_id, weekday, is_weekend, season, rating, review_length, recipe_year, recipe_minutes
        FROM {table(root, "interactions")}""")
    assert got == [  # sorted by date
        (4, 3, False, "autumn", 2, 21, 2002, 0),
        (5, 5, False, "winter", 3, 17, 2002, 0),
        (1, 6, True, "winter", 5, 52, 2005, 55),
        (2, 1, False, "spring", 4, 25, 2005, 55),
        (3, 7, True, "summer", 0, 0, 2005, 55),
    ]


def test_review_words_keep_words_seen_five_times(published: tuple[Path, dict[str, Any]]) -> None:
    root, _ = published
    # "great" appears 8 times in all (any case); every other word fewer than 5 times.
    assert rows(f"SELECT rating, word, n FROM {table(root, 'review_words')}") == [
        (2, "great", 2),
        (3, "great", 1),
        (4, "great", 2),
        (5, "great", 3),
    ]


# -- generated data ---------------------------------------------------------------------------


@pytest.fixture
def generated(generated_csv: Path, generated_dataset: str) -> tuple[Path, Path, dict[str, Any]]:
    """The shared generated CSVs (tests/fixtures.py), their published root and manifest."""
    return generated_csv, Path(generated_dataset), read_current(LocalStorage(Path(generated_dataset)))[1]


def test_generated_lists_equal_literal_eval(generated: tuple[Path, Path, dict[str, Any]]) -> None:
    source, root, manifest = generated
    assert manifest["synthetic"] is True
    ours = {
        r[0]: r[1:]
        for r in rows(f"SELECT recipe_id, tags, steps, ingredients, calories, carbs_pdv FROM {table(root, 'recipes')}")
    }
    with (source / "RAW_recipes.csv").open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            nutrition = ast.literal_eval(record["nutrition"])
            expected = (
                ast.literal_eval(record["tags"]),
                ast.literal_eval(record["steps"]),
                ast.literal_eval(record["ingredients"]),
                nutrition[0],
                nutrition[6],
            )
            if int(record["id"]) in ours:  # absent only when rejected as a duplicate id
                assert ours[int(record["id"])] == expected, record["id"]
    ours_pp = rows(f"SELECT name_tokens, ingredient_tokens, techniques FROM {table(root, 'pp_recipes')}")
    with (source / "PP_recipes.csv").open(newline="") as handle:
        assert ours_pp == [
            (
                ast.literal_eval(r["name_tokens"]),
                ast.literal_eval(r["ingredient_tokens"]),
                ast.literal_eval(r["techniques"]),
            )
            for r in csv.DictReader(handle)
        ]


def test_generated_counts_add_up(generated: tuple[Path, Path, dict[str, Any]]) -> None:
    _, root, manifest = generated
    read = manifest["source"]["rows"]
    rejected = manifest["rejected"]
    assert manifest["row_counts"]["recipes"] == read["RAW_recipes.csv"] - rejected["duplicate_recipe_id"]
    assert manifest["row_counts"]["interactions"] == read["RAW_interactions.csv"] - sum(
        n for reason, n in rejected.items() if reason != "duplicate_recipe_id"
    )
    assert (
        rows(f"SELECT sum(n_interactions) FROM {table(root, 'recipes')}")[0][0]
        == manifest["row_counts"]["interactions"]
    )


# -- synthetic data -----------------------------------------------------------------------------


def test_generated_data_is_published_as_synthetic_without_the_flag(
    generated: tuple[Path, Path, dict[str, Any]],
) -> None:
    _, _, manifest = generated  # ingested without synthetic=True (tests/fixtures.py)
    assert manifest["synthetic"] is True
    generated_by = manifest["source"]["generated"]
    assert (generated_by["generator"], generated_by["scale"], generated_by["seed"]) == (
        "app.generate",
        TEST_SCALE,
        TEST_SEED,
    )


def test_generated_files_without_their_marker_are_not_synthetic(generated_csv: Path, tmp_path: Path) -> None:
    """What marks data synthetic is the generator's GENERATED.json, not anything in the CSVs."""
    source = tmp_path / "copied"
    source.mkdir()
    for name in ("RAW_recipes.csv", "RAW_interactions.csv"):
        (source / name).symlink_to(generated_csv / name)
    manifest = ingest(source, str(tmp_path / "published"), progress=False)
    assert manifest["synthetic"] is False and "generated" not in manifest["source"]


def test_a_zip_holding_the_marker_beside_its_csvs_is_synthetic_and_the_cli_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    from loguru import logger

    source = make_source(tmp_path / "kaggle")
    (source / schema.GENERATED_MARKER).write_text(json.dumps({"generator": "app.generate", "scale": 0.5, "seed": 3}))
    archive = tmp_path / "archive.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        for path in source.iterdir():
            handle.write(path, f"food-com/{path.name}")
    parser = argparse.ArgumentParser()
    add_cli(parser.add_subparsers())
    args = parser.parse_args(["ingest", str(archive), "--to", str(tmp_path / "root"), "--quiet"])
    messages: list[str] = []
    sink = logger.add(lambda message: messages.append(message.strip()), level="INFO", format="{message}")
    try:
        assert args.handler(args) == 0
    finally:
        logger.remove(sink)
    assert capsys.readouterr().out.splitlines()[0].endswith("(synthetic data)")
    detected = [m for m in messages if "GENERATED.json" in m]
    assert detected == [
        "archive.zip holds GENERATED.json (made by `python -m app generate`, scale 0.5, seed 3): "
        "publishing it as synthetic data"
    ]
    _, manifest = read_current(LocalStorage(tmp_path / "root"))
    assert manifest["synthetic"] is True and manifest["source"]["generated"]["seed"] == 3


def test_a_marker_away_from_the_csvs_does_not_count_and_an_unreadable_one_does(tmp_path: Path) -> None:
    source = make_source(tmp_path / "kaggle" / "csv")
    (source.parent / schema.GENERATED_MARKER).write_text("{}")  # not beside RAW_recipes.csv
    assert ingest(source.parent, str(tmp_path / "a"), progress=False)["synthetic"] is False
    (source / schema.GENERATED_MARKER).write_text("made by hand")  # labelling real data synthetic is the lesser harm
    manifest = ingest(source.parent, str(tmp_path / "b"), progress=False)
    assert manifest["synthetic"] is True and "unreadable" in manifest["source"]["generated"]


def test_the_synthetic_flag_marks_data_without_a_marker(tmp_path: Path) -> None:
    source = make_source(tmp_path / "kaggle")
    parser = argparse.ArgumentParser()
    add_cli(parser.add_subparsers())
    args = parser.parse_args(["ingest", str(source), "--to", str(tmp_path / "root"), "--quiet", "--synthetic"])
    assert args.handler(args) == 0
    _, manifest = read_current(LocalStorage(tmp_path / "root"))
    assert manifest["synthetic"] is True and "generated" not in manifest["source"]


# -- bad inputs ---------------------------------------------------------------------------------


def test_truncated_file_names_the_record_line(tmp_path: Path) -> None:
    source = make_source(tmp_path / "kaggle")
    path = source / "RAW_interactions.csv"
    text = path.read_text()
    path.write_text(text[: text.rindex("Café") + 4])  # cut inside the last quoted review
    error = ingest_error(source, tmp_path)
    # Header on line 1, the first review spans lines 2-3, so the fifth record starts on line 7.
    assert (error.file, error.line) == ("RAW_interactions.csv", 7)
    assert "unterminated" in error.user_message and "line 7" in error.user_message


def test_wrong_header(tmp_path: Path) -> None:
    source = make_source(tmp_path / "kaggle")
    write_csv(source / "RAW_interactions.csv", ["user_id", "recipe_id", "date", "stars", "review"], [])
    error = ingest_error(source, tmp_path)
    assert (error.file, error.line, error.column) == ("RAW_interactions.csv", 1, "rating")
    assert (
        "expected user_id,recipe_id,date,rating,review but found user_id,recipe_id,date,stars,review"
        in error.user_message
    )


@pytest.mark.parametrize(
    ("file", "index", "column", "value", "expected"),
    [
        ("RAW_interactions.csv", 2, "date", "2006-02-30", "a date YYYY-MM-DD"),
        ("RAW_interactions.csv", 2, "date", "07/01/2006", "a date YYYY-MM-DD"),
        ("RAW_interactions.csv", 2, "rating", "five", "a number"),
        ("RAW_interactions.csv", 2, "user_id", "", "an integer"),
        ("RAW_recipes.csv", 1, "minutes", "12.5", "an integer"),
        ("RAW_recipes.csv", 1, "tags", "['easy', 'quick'", "a list of strings"),
        ("RAW_recipes.csv", 1, "nutrition", "[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]", "a list of 7 numbers"),
        ("RAW_recipes.csv", 1, "n_steps", "99999", "an integer"),  # SMALLINT overflow
    ],
)
def test_bad_value_names_file_line_column_and_value(
    tmp_path: Path, file: str, index: int, column: str, value: str, expected: str
) -> None:
    stem = file.removesuffix(".csv")
    header = schema.SOURCE_FILES[stem][0]
    records = [list(r) for r in (RECIPES if stem == "RAW_recipes" else INTERACTIONS)]
    records[index][header.index(column)] = value
    source = make_source(tmp_path / "kaggle", **{"recipes" if stem == "RAW_recipes" else "interactions": records})
    error = ingest_error(source, tmp_path)
    # Line: after the header, each earlier record's embedded newlines push it down.
    line = 2 + sum(1 + sum(str(v).count("\n") for v in r) for r in records[:index])
    assert (error.file, error.line, error.column) == (file, line, column)
    assert expected in error.user_message
    assert (repr(value[:80]) if value else "an empty value") in error.user_message


def test_overflowing_list_element_is_located(tmp_path: Path) -> None:
    source = make_source(tmp_path / "kaggle")
    header = schema.SOURCE_FILES["PP_recipes"][0]
    good = [100, 0, "[1, 2]", "[[1, 2], [3]]", "[4, 5]", "[0, 1]", 0, "[7, 8]"]
    write_csv(source / "PP_recipes.csv", header, [good, [200, 1, "[1]", "[[1]]", "[2]", "[0, 300]", 1, "[3]"]])
    error = ingest_error(source, tmp_path)
    assert (error.file, error.line, error.column) == ("PP_recipes.csv", 3, "techniques")


def test_zip_without_required_files_lists_what_it_found(tmp_path: Path) -> None:
    archive = tmp_path / "foodcom.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.write(real_file("interactions_test.csv"), "data/interactions_test.csv")
        handle.writestr("data/readme.txt", "hello")
    error = ingest_error(archive, tmp_path)
    assert "missing required file(s) RAW_recipes.csv, RAW_interactions.csv in foodcom.zip" in error.user_message
    assert "found: data/interactions_test.csv, data/readme.txt" in error.user_message


def test_zip_with_a_subfolder_publishes_like_the_folder(tmp_path: Path) -> None:
    source = make_source(tmp_path / "kaggle")
    archive = tmp_path / "archive.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        for path in source.iterdir():
            handle.write(path, f"food-com/{path.name}")
    from_zip = ingest(archive, str(tmp_path / "a"), progress=False)
    from_folder = ingest(source, str(tmp_path / "b"), progress=False)
    assert from_zip["version"][-8:] == from_folder["version"][-8:]  # same content hash
    assert from_zip["row_counts"] == from_folder["row_counts"]


def test_missing_source(tmp_path: Path) -> None:
    assert "does not exist" in ingest_error(tmp_path / "nowhere", tmp_path).user_message


def test_row_level_violations_are_rejected_and_counted(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    recipes = [*RECIPES, recipe_row(100, "2010-01-01")]  # duplicate id: the first one stays
    interactions = [
        *INTERACTIONS,
        [1, 100, "2007-01-01", 1, "again"],  # duplicate pair
        [1, 100, "2008-01-01", 3, "and again"],  # duplicate pair
        [6, 999, "2007-01-01", 5, "who?"],  # unknown recipe
        [7, 100, "2007-01-01", 7, "seven stars"],  # out of range
        [8, 100, "2007-01-01", 4.5, "half a star"],  # not an integer
    ]
    source = make_source(tmp_path / "kaggle", recipes, interactions)
    parser = argparse.ArgumentParser()
    add_cli(parser.add_subparsers())
    # 1 of 4 recipes and 5 of 10 interactions rejected: refused by default (5 %), published when allowed.
    args = parser.parse_args(["ingest", str(source), "--to", str(tmp_path / "root"), "--quiet"])
    assert args.handler(args) == 1
    assert (
        "ingest failed: RAW_recipes.csv: 1 of 4 rows rejected (25.0%: duplicate_recipe_id 1), more than the "
        "5.0% allowed"
    ) in capsys.readouterr().err
    args = parser.parse_args(
        ["ingest", str(source), "--to", str(tmp_path / "root"), "--quiet", "--max-rejected-share", "0.5"]
    )
    assert args.handler(args) == 0
    out = capsys.readouterr().out
    for reason, count in (
        ("duplicate_recipe_id", 1),
        ("duplicate_pair", 2),
        ("unknown_recipe", 1),
        ("rating_out_of_range", 2),
        ("Rejected rows:", 6),
        ("interactions", 5),
    ):
        assert re.search(rf"^\s*{reason}\s+{count}\b", out, re.MULTILINE), reason
    _, manifest = read_current(LocalStorage(tmp_path / "root"))
    assert manifest["rejected"] == {
        "duplicate_recipe_id": 1,
        "rating_out_of_range": 2,
        "unknown_recipe": 1,
        "duplicate_pair": 2,
    }
    assert manifest["rejected_share"] == {"RAW_recipes.csv": 0.25, "RAW_interactions.csv": 0.5}
    assert manifest["rejected_examples"]["duplicate_pair"] == [
        "RAW_interactions.csv record 6: user_id=1 recipe_id=100 date=2007-01-01",
        "RAW_interactions.csv record 7: user_id=1 recipe_id=100 date=2008-01-01",
    ]
    assert rows(f"SELECT submitted FROM {table(tmp_path / 'root', 'recipes')} WHERE recipe_id = 100") == [
        (pd.Timestamp("2005-09-16").date(),)
    ]


def test_cli_failure_prints_the_message_without_traceback(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    source = make_source(tmp_path / "kaggle")
    (source / "RAW_recipes.csv").unlink()
    parser = argparse.ArgumentParser()
    add_cli(parser.add_subparsers())
    args = parser.parse_args(["ingest", str(source), "--to", str(tmp_path / "root"), "--quiet"])
    assert args.handler(args) == 1
    err = capsys.readouterr().err
    assert "ingest failed: missing required file(s) RAW_recipes.csv" in err
    assert "Traceback" not in err


def test_physical_line_counts_quoted_newlines(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "x.csv", ["a", "b"], [["1", "x\ny\nz"], ["2", "w"], ["3", "v\n"]])
    assert [physical_line(path, record) for record in range(5)] == [1, 2, 5, 6, 8]


# -- atomic publication ------------------------------------------------------------------------


def test_failed_ingest_leaves_the_previous_dataset(tmp_path: Path) -> None:
    root = tmp_path / "root"
    good = ingest(make_source(tmp_path / "good"), str(root), progress=False)
    bad = make_source(tmp_path / "bad", interactions=[*INTERACTIONS, [9, 100, "not a date", 5, "x"]])
    with pytest.raises(IngestError):
        ingest(bad, str(root), progress=False)
    assert (root / "CURRENT").read_text().strip() == good["version"]
    assert [p.name for p in (root / "versions").iterdir()] == [good["version"]]
    assert rows(f"SELECT count(*) FROM {table(root, 'interactions')}") == [(5,)]


def test_failure_while_uploading_removes_the_partial_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "root"
    good = ingest(make_source(tmp_path / "good"), str(root), progress=False)
    upload = LocalStorage.upload_file
    calls = []

    def flaky_upload(self: LocalStorage, local_path: Path, key: str) -> None:
        calls.append(key)
        if len(calls) == 3:
            raise OSError("disk full")
        upload(self, local_path, key)

    monkeypatch.setattr(LocalStorage, "upload_file", flaky_upload)
    with pytest.raises(OSError, match="disk full"):
        ingest(make_source(tmp_path / "other", recipes=RECIPES[:2]), str(root), progress=False)
    assert (root / "CURRENT").read_text().strip() == good["version"]
    assert [p.name for p in (root / "versions").iterdir()] == [good["version"]]
    assert read_current(LocalStorage(root))[0] == good["version"]


def test_a_replaced_version_is_kept_for_the_grace_period(tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "root"

    def publish_three() -> list[str]:
        sources = [
            make_source(
                tmp_path / f"s{n}",
                recipes=RECIPES[: n + 1],
                interactions=[r for r in INTERACTIONS if r[1] in (100, 200, 300)[: n + 1]],
            )
            for n in range(3)
        ]
        return [ingest(source, str(root), progress=False)["version"] for source in sources]

    monkeypatch.setenv("DATASET_GRACE_SECONDS", "3600")  # workers may still read the first one
    versions = publish_three()
    assert sorted(p.name for p in (root / "versions").iterdir()) == versions
    assert (root / "CURRENT").read_text() == versions[2] + "\n"
    monkeypatch.setenv("DATASET_GRACE_SECONDS", "0")  # no grace: only the current and previous stay
    latest = publish_three()
    assert sorted(p.name for p in (root / "versions").iterdir()) == latest[1:]


# -- S3 ---------------------------------------------------------------------------------------------


@pytest.mark.s3
def test_ingest_to_s3_and_read_back_over_httpfs(tmp_path: Path, s3_server: S3Settings, s3_bucket: str) -> None:
    source = make_source(tmp_path / "kaggle", real_files=("interactions_test.csv",))
    dest = f"s3://{s3_bucket}/datasets/foodcom"
    manifest = ingest(source, dest, s3_server, progress=False)
    storage = open_storage(dest, s3_server)
    assert read_current(storage) == (manifest["version"], {k: v for k, v in manifest.items() if k != "elapsed_seconds"})
    con = duckdb.connect()
    configure_duckdb_s3(con, s3_server)
    for name, count in manifest["row_counts"].items():
        uri = storage.uri_for(f"versions/{manifest['version']}/{name}.parquet")
        assert con.execute(f"SELECT count(*) FROM read_parquet('{uri}')").fetchone()[0] == count
    uri = storage.uri_for(f"versions/{manifest['version']}/interactions_test.parquet")
    assert con.execute(f"SELECT avg(rating) FROM read_parquet('{uri}')").fetchone()[0] == pytest.approx(
        pd.read_csv(real_file("interactions_test.csv"))["rating"].mean(), rel=1e-12
    )


@pytest.mark.s3
def test_ingest_to_unreachable_s3_fails_before_working(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    s3 = S3Settings(endpoint_url="http://127.0.0.1:9", access_key_id="AKIAX", secret_access_key=S3_TEST_SECRET)
    monkeypatch.setattr("app.ingest.locate_sources", lambda *args: pytest.fail("read the sources first"))
    with pytest.raises(StorageUnreachable) as caught:
        ingest(make_source(tmp_path / "kaggle"), "s3://bucket/prefix", s3, progress=False)
    assert S3_TEST_SECRET not in caught.value.user_message


# -- SQL only in queries/ingest/ ------------------------------------------------------------------

INGEST_SOURCE = Path(__file__).resolve().parents[1] / "app" / "ingest.py"
INGEST_QUERIES = Path(__file__).resolve().parents[1] / "queries" / "ingest"


def _ingest_strings() -> list[str]:
    return [
        node.value
        for node in ast.walk(ast.parse(INGEST_SOURCE.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def test_ingest_keeps_no_sql_in_python() -> None:
    """Every statement of ingest is a template of queries/ingest/ (the project's rule for SQL)."""
    keyword = re.compile(r"\b(SELECT|COPY|CREATE|INSERT|DELETE|DROP|SET)\b")
    assert [text for text in _ingest_strings() if keyword.search(text)] == []


def test_every_ingest_template_is_used() -> None:
    """Each queries/ingest/*.sql is named, as a whole string, in app/ingest.py: no orphan template,
    and no template name composed at run time (this test could not see it)."""
    names = set(_ingest_strings())
    templates = sorted(path.stem for path in INGEST_QUERIES.glob("*.sql"))
    assert templates
    assert [name for name in templates if name not in names] == []
