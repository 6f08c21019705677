"""Write small Kaggle-format CSVs from Python rows, for tests with planted, known answers."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from app.schema import SOURCE_FILES

RECIPE_DEFAULTS: dict[str, Any] = {
    "name": "test recipe",
    "minutes": 30,
    "contributor_id": 1,
    "submitted": "2005-06-15",
    "tags": ["easy"],
    "nutrition": [300.0, 10.0, 20.0, 5.0, 15.0, 8.0, 10.0],
    "steps": ["mix", "bake"],
    "description": "a test recipe",
    "ingredients": ["salt", "flour"],
}
INTERACTION_DEFAULTS: dict[str, Any] = {"user_id": 1, "date": "2006-01-10", "rating": 5, "review": "great"}


def _cell(value: Any) -> Any:
    """Lists as Python list literals, like the real files."""
    return repr(list(value)) if isinstance(value, (list, tuple)) else value


def write_kaggle(folder: Path, recipes: list[dict[str, Any]], interactions: list[dict[str, Any]]) -> Path:
    """RAW_recipes.csv and RAW_interactions.csv in ``folder``; missing fields take defaults,
    ``id`` defaults to the row number + 1, n_steps / n_ingredients are derived."""
    folder.mkdir(parents=True, exist_ok=True)
    header = SOURCE_FILES["RAW_recipes"][0]
    with open(folder / "RAW_recipes.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for number, given in enumerate(recipes, start=1):
            row = {**RECIPE_DEFAULTS, "id": number, **given}
            row["n_steps"] = len(row["steps"])
            row["n_ingredients"] = len(row["ingredients"])
            writer.writerow([_cell(row[column]) for column in header])
    header = SOURCE_FILES["RAW_interactions"][0]
    with open(folder / "RAW_interactions.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for given in interactions:
            row = {**INTERACTION_DEFAULTS, **given}
            writer.writerow([_cell(row[column]) for column in header])
    return folder
