"""Tests of app.generate: formats, invariants, determinism and calibrated marginals."""

from __future__ import annotations

import ast
import hashlib
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from app.generate import DEFAULTS_FILE, generate
from app.schema import GENERATED_MARKER
from tests.fixtures import SHARED_DATA

SHARED_DIR = SHARED_DATA
SMALL_SCALE = 0.02
MARGINALS_SCALE = 0.1  # ~23k recipes, ~113k interactions: sampling noise well inside the tolerances

HEADERS = {
    "RAW_recipes": (
        "name,id,minutes,contributor_id,submitted,tags,nutrition,n_steps,steps,description,ingredients,n_ingredients"
    ),
    "RAW_interactions": "user_id,recipe_id,date,rating,review",
    "PP_recipes": "id,i,name_tokens,ingredient_tokens,steps_tokens,techniques,calorie_level,ingredient_ids",
    "PP_users": "u,techniques,items,n_items,ratings,n_ratings",
    "interactions_train": "user_id,recipe_id,date,rating,u,i",
    "interactions_validation": "user_id,recipe_id,date,rating,u,i",
    "interactions_test": "user_id,recipe_id,date,rating,u,i",
}
# Real row counts; these files are scaled exactly (rounded).
EXACT_ROWS = {
    "RAW_recipes": 231637,
    "RAW_interactions": 1132367,
    "PP_users": 25076,
    "interactions_validation": 7023,
    "interactions_test": 12455,
}
# These come out of the split procedure (PP users' interactions minus held-out recipes), so
# they only approach the real counts; small samples drift more.
EMERGENT_ROWS = {"PP_recipes": 178265, "interactions_train": 698901}
EMERGENT_ROWS_TOLERANCE = 0.2  # relative, at SMALL_SCALE
EMERGENT_ROWS_TOLERANCE_LARGE = 0.08  # relative, at MARGINALS_SCALE

# Tolerances of the marginals test (calibration value vs generated at MARGINALS_SCALE).
RATING_PP = 1.0  # ratings are allocated exactly; only rounding remains
YEAR_PP = 1.5  # per-year counts are exact by construction, so this only guards regressions
MONTH_PP = 1.0  # months follow the raked day-of-year profile plus multinomial noise
WEEKDAY_PP = 1.5  # weekdays are raked, then sampled
MINUTES_ABS = 5  # minutes are heaped on round values; quartiles must land on the real ones
SIZE_MEAN_ABS = 0.3  # n_steps / n_ingredients come from exact allocations of the real profiles
NUTRITION_MEDIAN_REL = 0.10  # medians are exact quantile reads, up to rounding
ONE_INTERACTION_PP = 5.0  # share of users with one interaction is exact by construction
TAGS_MEAN_ABS = 1.0  # tag counts are exact per tag, so the per-recipe mean follows


def _read(folder: Path, stem: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{stem}.csv", keep_default_na=False, na_values=[""])


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    out = tmp_path_factory.mktemp("small")
    counts = generate(out, scale=SMALL_SCALE, seed=42, progress=False)
    return out, counts


@pytest.fixture(scope="module")
def frames(small):
    out, _ = small
    return {stem: _read(out, stem) for stem in HEADERS}


@pytest.fixture(scope="module")
def large(tmp_path_factory, calibration):
    out = tmp_path_factory.mktemp("large")
    counts = generate(out, scale=MARGINALS_SCALE, seed=7, progress=False, calibration_path=SHARED_DIR)
    return out, counts


def test_headers_are_exact(small):
    out, _ = small
    for stem, header in HEADERS.items():
        with open(out / f"{stem}.csv", encoding="utf-8") as handle:
            assert handle.readline() == header + "\n", stem


def test_row_counts(small, frames):
    _, counts = small
    assert set(counts) == set(HEADERS)
    for stem, frame in frames.items():
        assert len(frame) == counts[stem], stem
    for stem, real in EXACT_ROWS.items():
        assert counts[stem] == round(real * SMALL_SCALE), stem
    for stem, real in EMERGENT_ROWS.items():
        assert abs(counts[stem] / (real * SMALL_SCALE) - 1) < EMERGENT_ROWS_TOLERANCE, stem


def test_list_literals_parse(frames):
    recipes = frames["RAW_recipes"].sample(300, random_state=0)
    for row in recipes.itertuples():
        tags, steps, ingredients = (
            ast.literal_eval(row.tags),
            ast.literal_eval(row.steps),
            ast.literal_eval(row.ingredients),
        )
        nutrition = ast.literal_eval(row.nutrition)
        assert all(isinstance(x, str) for x in tags + steps + ingredients)
        assert len(steps) == row.n_steps and len(ingredients) == row.n_ingredients
        assert len(set(ingredients)) == len(ingredients)
        assert len(nutrition) == 7 and all(isinstance(x, float) and x >= 0 for x in nutrition)
    for row in frames["PP_recipes"].sample(200, random_state=0).itertuples():
        techniques = ast.literal_eval(row.techniques)
        assert len(techniques) == 58 and set(techniques) <= {0, 1}
        assert all(isinstance(t, int) for t in ast.literal_eval(row.name_tokens) + ast.literal_eval(row.steps_tokens))
        assert len(ast.literal_eval(row.ingredient_tokens)) == len(ast.literal_eval(row.ingredient_ids))
        assert row.calorie_level in (0, 1, 2)
    for row in frames["PP_users"].sample(100, random_state=0).itertuples():
        items, ratings = ast.literal_eval(row.items), ast.literal_eval(row.ratings)
        assert len(items) == row.n_items == len(ratings) == row.n_ratings
        assert all(isinstance(r, float) for r in ratings)
        assert len(ast.literal_eval(row.techniques)) == 58


def test_raw_invariants(frames):
    recipes, interactions = frames["RAW_recipes"], frames["RAW_interactions"]
    assert recipes["id"].is_unique
    assert recipes["id"].between(38, 537716).all()
    assert set(recipes["id"]) == set(interactions["recipe_id"])  # every recipe has an interaction
    assert not interactions.duplicated(["user_id", "recipe_id"]).any()
    submitted = pd.to_datetime(recipes.set_index("id")["submitted"])
    dates = pd.to_datetime(interactions["date"])
    assert (dates.to_numpy() >= submitted.reindex(interactions["recipe_id"]).to_numpy()).all()
    assert submitted.min() >= pd.Timestamp("1999-08-06") and submitted.max() <= pd.Timestamp("2018-12-04")
    assert dates.min() >= pd.Timestamp("2000-01-25") and dates.max() <= pd.Timestamp("2018-12-20")
    assert set(interactions["rating"]) <= set(range(6))
    # Real quirks kept once at every scale.
    assert recipes["name"].isna().sum() == 1
    assert (recipes["n_steps"] == 0).sum() == 1
    assert (recipes["minutes"] == 2147483647).sum() == 1


def test_splits_are_consistent(frames):
    users, pp_recipes, raw = frames["PP_users"], frames["PP_recipes"], frames["RAW_interactions"]
    train, validation, test = (frames[f"interactions_{s}"] for s in ("train", "validation", "test"))
    splits = pd.concat([train, validation, test])
    assert set(train["u"]) == set(users["u"]) == set(range(len(users)))
    assert set(splits["i"]) == set(pp_recipes["i"]) == set(range(len(pp_recipes)))
    assert validation["u"].is_unique and test["u"].is_unique
    assert not set(train["i"]) & (set(test["i"]) | set(validation["i"]))
    assert splits.groupby("u")["user_id"].nunique().max() == 1
    assert (pp_recipes.set_index("i")["id"].reindex(splits["i"]).to_numpy() == splits["recipe_id"].to_numpy()).all()
    merged = splits.merge(raw, on=["user_id", "recipe_id"], suffixes=("", "_raw"), validate="one_to_one")
    assert len(merged) == len(splits)
    assert (merged["date"] == merged["date_raw"]).all() and (merged["rating"] == merged["rating_raw"]).all()
    # Held-out rows are drawn at random among the user's interactions, not the latest ones (as in
    # the real split): tests/test_generate_joint.py checks their dates against the real files.
    per_user = train.groupby("u").size()
    assert (users.set_index("u")["n_items"] == per_user.reindex(users["u"]).to_numpy()).all()


def test_same_seed_same_bytes_other_seed_differs(small, tmp_path):
    out, _ = small
    generate(tmp_path / "again", scale=SMALL_SCALE, seed=42, progress=False)
    generate(tmp_path / "other", scale=SMALL_SCALE, seed=43, progress=False)
    for name in [*(f"{stem}.csv" for stem in HEADERS), GENERATED_MARKER]:
        assert _sha256(out / name) == _sha256(tmp_path / "again" / name), name
    for stem in ("RAW_recipes", "RAW_interactions", "PP_recipes"):
        name = f"{stem}.csv"
        assert _sha256(out / name) != _sha256(tmp_path / "other" / name), stem


def test_the_output_folder_is_marked_as_generated(small):
    out, _ = small
    marker = json.loads((out / GENERATED_MARKER).read_text(encoding="utf-8"))
    assert marker == {
        "generator": "app.generate",
        "scale": SMALL_SCALE,
        "seed": 42,
        "files": [f"{stem}.csv" for stem in HEADERS],
        "note": "synthetic data made by `python -m app generate`, not the Kaggle download",
    }


def test_works_with_builtin_calibration_only(tmp_path):
    counts = generate(tmp_path, scale=0.005, seed=1, progress=False, calibration_path=DEFAULTS_FILE)
    recipes = _read(tmp_path, "RAW_recipes")
    assert len(recipes) == counts["RAW_recipes"] == round(231637 * 0.005)
    assert DEFAULTS_FILE.stat().st_size < 60_000


@pytest.mark.parametrize("scale", [0, -1.0, math.nan, math.inf, "1"])
def test_bad_scale_raises(tmp_path, scale):
    with pytest.raises(ValueError, match="scale"):
        generate(tmp_path, scale=scale, progress=False)


def test_unwritable_out_dir_raises(tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    with pytest.raises(ValueError, match="not writable"):
        generate(blocker / "out", scale=SMALL_SCALE, progress=False)


def test_missing_calibration_file_raises(tmp_path):
    with pytest.raises(ValueError, match="calibration"):
        generate(tmp_path, scale=SMALL_SCALE, progress=False, calibration_path=tmp_path / "nope.json")


def _shares(values: pd.Series, index) -> pd.Series:
    return values.value_counts(normalize=True).reindex(index, fill_value=0.0) * 100


def _real_shares(counts: dict, index) -> pd.Series:
    series = pd.Series({type(index[0])(k): v for k, v in counts.items()}).reindex(index)
    return series / series.sum() * 100


def test_marginals_match_calibration(large, calibration):
    out, counts = large
    recipes, interactions = _read(out, "RAW_recipes"), _read(out, "RAW_interactions")
    for stem, real in EMERGENT_ROWS.items():
        assert abs(counts[stem] / (real * MARGINALS_SCALE) - 1) < EMERGENT_ROWS_TOLERANCE_LARGE, stem

    ratings = list(range(6))
    real_ratings = _real_shares(calibration["interactions.rating.value_counts"], ratings)
    diff = _shares(interactions["rating"], ratings) - real_ratings
    assert diff.abs().max() <= RATING_PP, diff

    submitted = pd.to_datetime(recipes["submitted"])
    years = list(range(1999, 2019))
    diff = _shares(submitted.dt.year, years) - _real_shares(calibration["recipes.per_year"], years)
    assert diff.abs().max() <= YEAR_PP, diff
    months = list(range(1, 13))
    diff = _shares(submitted.dt.month, months) - _real_shares(calibration["recipes.per_month"], months)
    assert diff.abs().max() <= MONTH_PP, diff
    weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    diff = _shares(submitted.dt.day_name(), weekdays) - _real_shares(calibration["recipes.per_weekday"], weekdays)
    assert diff.abs().max() <= WEEKDAY_PP, diff

    real_minutes = calibration["recipes.describe_numeric"]["minutes"]
    for level in ("25%", "50%", "75%"):
        assert abs(recipes["minutes"].quantile(float(level[:-1]) / 100) - real_minutes[level]) <= MINUTES_ABS, level
    for column in ("n_steps", "n_ingredients"):
        assert abs(recipes[column].mean() - calibration["recipes.describe_numeric"][column]["mean"]) <= SIZE_MEAN_ABS

    nutrition = np.array([ast.literal_eval(x) for x in recipes["nutrition"]])
    real_nutrition = calibration["recipes.nutrition.describe"]
    for j, nutrient in enumerate(real_nutrition):
        real_median = real_nutrition[nutrient]["50%"]
        assert abs(np.median(nutrition[:, j]) / real_median - 1) <= NUTRITION_MEDIAN_REL, nutrient

    per_user = interactions["user_id"].value_counts()
    real_one = calibration["interactions.per_user.describe"]["pct_users_with_1_interaction"]
    assert abs((per_user == 1).mean() * 100 - real_one) <= ONE_INTERACTION_PP

    tags_per_recipe = recipes["tags"].map(lambda text: len(ast.literal_eval(text)))
    assert abs(tags_per_recipe.mean() - calibration["recipes.tags.summary"]["mean_per_recipe"]) <= TAGS_MEAN_ABS
