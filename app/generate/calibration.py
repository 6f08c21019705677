"""The statistics the generator reproduces, and the row counts they give at a scale."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from app.generate.formats import DEFAULT_SHARED_DIR, DEFAULTS_FILE, SHARED_DIR_ENV

# Calibration and sizes

# Statistics read by the generator (the defaults file holds exactly these).
CALIBRATION_KEYS = (
    "dataset.table_row_counts",
    "recipes.describe_numeric",
    "recipes.submitted.describe",
    "recipes.minutes.outliers",
    "recipes.minutes.bins_B",
    "recipes.n_steps.value_counts_1_to_40",
    "recipes.nutrition.describe",
    "recipes.nutrition.p99",
    "recipes.per_year",
    "recipes.per_weekday",
    "recipes.per_day_of_year",
    "recipes.submitted.top_days",
    "recipes.contributors",
    "recipes.contributors.top10",
    "recipes.nulls",
    "recipes.tags.summary",
    "recipes.tags.top30",
    "recipes.tags.rarity_buckets_231636",
    "recipes.ingredients.summary",
    "recipes.ingredients.top30",
    "recipes.ingredients.more_counts",
    "recipes.ingredients.rarity_231636",
    "interactions.describe",
    "interactions.rating.value_counts",
    "interactions.date_range",
    "interactions.distinct",
    "interactions.per_user.describe",
    "interactions.per_user.top10",
    "interactions.per_recipe.describe",
    "interactions.per_recipe.top10",
    "interactions.reviews.nulls",
    "interactions.review_length_chars.describe",
    "interactions.per_month",
    "interactions.nonzero.per_weekday",
    "interactions.per_year_APPROX",
    "splits.overlaps",
)
# Statistics read when present; a calibration file without them takes them from the built-in
# defaults (older calibration files predate them). The joint statistic comes from
# calibration_joint.json next to calibration.json when that file exists.
OPTIONAL_KEYS = (
    "interactions.mean_rating_per_month_incl_zeros",
    "interactions.nonzero.per_month",
    "join.mean_rating_by_minutes_bucket",
)
JOINT_FILE = "calibration_joint.json"


def _read_values(file: Path) -> dict:
    try:
        entries = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"cannot read calibration file {file}: {exc}") from exc
    return {key: entry["value"] for key, entry in entries.items() if isinstance(entry, dict) and "value" in entry}


@dataclass(frozen=True)
class Calibration:
    """Calibration statistics (key -> value) and, when available, the real ingredient map."""

    values: dict
    ingr_map: pd.DataFrame | None

    def __getitem__(self, key: str):
        return self.values[key]


def _load_calibration(calibration_path: str | Path | None) -> Calibration:
    """Explicit path (file or folder) > $FOODCOM_SHARED_DIR > ../shared/data/foodcom > built-in defaults."""
    if calibration_path is not None or os.environ.get(SHARED_DIR_ENV):
        path = Path(calibration_path if calibration_path is not None else os.environ[SHARED_DIR_ENV])
        file = path / "calibration.json" if path.is_dir() else path
        if not file.is_file():
            raise ValueError(f"calibration file not found: {file}")
    else:
        file = DEFAULT_SHARED_DIR / "calibration.json"
        if not file.is_file():
            file = DEFAULTS_FILE
    values = _read_values(file)
    missing = [key for key in CALIBRATION_KEYS if key not in values]
    if missing:
        raise ValueError(f"calibration file {file} lacks statistics: {', '.join(missing)}")
    joint = file.parent / JOINT_FILE
    if joint.is_file():
        values = {**_read_values(joint), **values}
    if any(key not in values for key in OPTIONAL_KEYS):
        defaults = _read_values(DEFAULTS_FILE)
        values = {**{key: defaults[key] for key in OPTIONAL_KEYS}, **values}
    ingr_file = file.parent / "ingr_map.csv"
    ingr_map = None
    if ingr_file.is_file():
        ingr_map = pd.read_csv(ingr_file, usecols=["raw_ingr", "replaced", "count", "id"], keep_default_na=False)
    return Calibration(values, ingr_map)


@dataclass(frozen=True)
class Sizes:
    """Row counts of one generation (real counts times scale)."""

    recipes: int
    interactions: int
    users: int
    contributors: int
    pp_users: int
    test: int
    validation: int
    test_and_validation: int
    scale: float


def _sizes(cal: Calibration, scale: float) -> Sizes:
    rows = cal["dataset.table_row_counts"]

    def scaled(count: float) -> int:
        return max(1, round(count * scale))

    pp_users = scaled(rows["PP_users"])
    test = min(scaled(rows["interactions_test"]), pp_users)
    validation = min(scaled(rows["interactions_validation"]), pp_users)
    both = min(scaled(cal["splits.overlaps"]["users_val_test"]), test, validation)
    return Sizes(
        recipes=scaled(rows["RAW_recipes"]),
        interactions=scaled(rows["RAW_interactions"]),
        users=scaled(cal["interactions.distinct"]["users"]),
        contributors=scaled(cal["recipes.contributors"]["n_unique"]),
        pp_users=pp_users,
        test=test,
        validation=validation,
        test_and_validation=both,
        scale=scale,
    )
