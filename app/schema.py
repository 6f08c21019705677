"""The published dataset contract: what `ingest` writes and what `queries/*.sql` read.

A published dataset lives under a root (local folder or ``s3://bucket/prefix``)::

    ROOT/CURRENT                      one line: the version id now served (atomic pointer)
    ROOT/versions/<version>/manifest.json
    ROOT/versions/<version>/<table>.parquet   one file per table below

Readers resolve ``CURRENT`` first, so a half-written version is never seen and a failed
ingest leaves the previous one in place.
"""

from __future__ import annotations

CURRENT_POINTER = "CURRENT"
VERSIONS_DIR = "versions"
MANIFEST = "manifest.json"

NUTRITION_COLUMNS = (
    "calories",
    "total_fat_pdv",
    "sugar_pdv",
    "sodium_pdv",
    "protein_pdv",
    "sat_fat_pdv",
    "carbs_pdv",
)

# Meteorological seasons by month number; the UI shows this definition.
SEASON_BY_MONTH = {
    12: "winter",
    1: "winter",
    2: "winter",
    3: "spring",
    4: "spring",
    5: "spring",
    6: "summer",
    7: "summer",
    8: "summer",
    9: "autumn",
    10: "autumn",
    11: "autumn",
}
SEASONS = ("winter", "spring", "summer", "autumn")

# Recipes slower than this many minutes (one day) are outliers for minute statistics;
# the real data holds one recipe at 2147483647 minutes and a few at months or years.
MINUTES_OUTLIER_THRESHOLD = 1440

# Recipe fields copied onto each (recipe, item) row: those the global filters read, and the recipe's
# star counts (item rating analyses without a review-level filter need nothing else).
STAR_COUNT_COLUMNS = {f"n_rated_{stars}": "INTEGER" for stars in range(1, 6)}
# Counting them from reviews (a `rating` column), as ingest does and as reading an older dataset does.
STAR_COUNTS_SQL = ", ".join(f"count(*) FILTER (WHERE rating = {stars}) AS n_rated_{stars}" for stars in range(1, 6))
# The long (recipe, item) tables, which carry ITEM_RECIPE_COLUMNS.
ITEM_TABLES = ("recipe_tags", "recipe_ingredients")
ITEM_RECIPE_COLUMNS = {
    "minutes": "BIGINT",
    "year": "SMALLINT",
    "month": "TINYINT",
    "weekday": "TINYINT",
    "is_weekend": "BOOLEAN",
    "season": "VARCHAR",
    **STAR_COUNT_COLUMNS,
}

# Parquet tables and their columns (DuckDB types). Calendar columns: weekday is ISO
# (1 = Monday … 7 = Sunday), is_weekend = Saturday or Sunday.
TABLES: dict[str, dict[str, str]] = {
    "recipes": {
        "recipe_id": "INTEGER",
        "name": "VARCHAR",
        "minutes": "BIGINT",
        "minutes_outlier": "BOOLEAN",
        "contributor_id": "BIGINT",
        "submitted": "DATE",
        "year": "SMALLINT",
        "month": "TINYINT",
        "weekday": "TINYINT",
        "is_weekend": "BOOLEAN",
        "season": "VARCHAR",
        "tags": "VARCHAR[]",
        "n_tags": "SMALLINT",
        "steps": "VARCHAR[]",
        "n_steps": "SMALLINT",
        "description": "VARCHAR",
        "ingredients": "VARCHAR[]",
        "n_ingredients": "SMALLINT",
        **dict.fromkeys(NUTRITION_COLUMNS, "DOUBLE"),
        # Complexity score = n_steps + n_ingredients (documented in the UI).
        "complexity": "SMALLINT",
        # Aggregates of the recipe's interactions, precomputed at ingest.
        "n_interactions": "INTEGER",
        "n_rated": "INTEGER",
        "mean_rating": "DOUBLE",  # over ratings 1-5 only; NULL when none
        **STAR_COUNT_COLUMNS,  # reviews with 1, 2, … 5 stars
    },
    "interactions": {
        "user_id": "BIGINT",
        "recipe_id": "INTEGER",
        "date": "DATE",
        "year": "SMALLINT",
        "month": "TINYINT",
        "weekday": "TINYINT",
        "is_weekend": "BOOLEAN",
        "season": "VARCHAR",
        "rating": "TINYINT",
        "review": "VARCHAR",
        "review_length": "INTEGER",  # characters; 0 for an empty review
        # Denormalized from the recipe so filters need no join.
        "recipe_year": "SMALLINT",
        "recipe_minutes": "BIGINT",
    },
    # One row per (recipe, tag) and (recipe, ingredient): the long form for item analyses, with the
    # recipe's fields the global filters read (ITEM_RECIPE_COLUMNS), so item analyses need no join
    # with recipes: past ~1M recipe ids that join leaves DuckDB's perfect hash join and costs seconds.
    "recipe_tags": {"recipe_id": "INTEGER", "tag": "VARCHAR", **ITEM_RECIPE_COLUMNS},
    "recipe_ingredients": {"recipe_id": "INTEGER", "ingredient": "VARCHAR", **ITEM_RECIPE_COLUMNS},
    "pp_recipes": {
        "recipe_id": "INTEGER",
        "i": "INTEGER",
        "name_tokens": "INTEGER[]",
        "ingredient_tokens": "INTEGER[][]",
        "steps_tokens": "INTEGER[]",
        "techniques": "TINYINT[]",
        "calorie_level": "TINYINT",
        "ingredient_ids": "INTEGER[]",
    },
    "pp_users": {
        "u": "INTEGER",
        "techniques": "INTEGER[]",
        "items": "INTEGER[]",
        "n_items": "INTEGER",
        "ratings": "DOUBLE[]",
        "n_ratings": "INTEGER",
    },
    "interactions_train": {
        "user_id": "BIGINT",
        "recipe_id": "INTEGER",
        "date": "DATE",
        "rating": "DOUBLE",
        "u": "INTEGER",
        "i": "INTEGER",
    },
    "interactions_validation": {
        "user_id": "BIGINT",
        "recipe_id": "INTEGER",
        "date": "DATE",
        "rating": "DOUBLE",
        "u": "INTEGER",
        "i": "INTEGER",
    },
    "interactions_test": {
        "user_id": "BIGINT",
        "recipe_id": "INTEGER",
        "date": "DATE",
        "rating": "DOUBLE",
        "u": "INTEGER",
        "i": "INTEGER",
    },
    # Word counts of reviews per star rating, for distinctive-word analyses (lower-case
    # alphabetic tokens of 2+ letters, stop words kept; words seen fewer than 5 times dropped).
    "review_words": {"rating": "TINYINT", "word": "VARCHAR", "n": "BIGINT"},
    "ingr_map": {
        "raw_ingr": "VARCHAR",
        "raw_words": "INTEGER",
        "processed": "VARCHAR",
        "len_proc": "INTEGER",
        "replaced": "VARCHAR",
        "count": "INTEGER",
        "id": "INTEGER",
    },
}

# Kaggle source files: stem -> (exact CSV header, table written from it).
SOURCE_FILES: dict[str, tuple[tuple[str, ...], str]] = {
    "RAW_recipes": (
        (
            "name",
            "id",
            "minutes",
            "contributor_id",
            "submitted",
            "tags",
            "nutrition",
            "n_steps",
            "steps",
            "description",
            "ingredients",
            "n_ingredients",
        ),
        "recipes",
    ),
    "RAW_interactions": (("user_id", "recipe_id", "date", "rating", "review"), "interactions"),
    "PP_recipes": (
        (
            "id",
            "i",
            "name_tokens",
            "ingredient_tokens",
            "steps_tokens",
            "techniques",
            "calorie_level",
            "ingredient_ids",
        ),
        "pp_recipes",
    ),
    "PP_users": (("u", "techniques", "items", "n_items", "ratings", "n_ratings"), "pp_users"),
    "interactions_train": (("user_id", "recipe_id", "date", "rating", "u", "i"), "interactions_train"),
    "interactions_validation": (("user_id", "recipe_id", "date", "rating", "u", "i"), "interactions_validation"),
    "interactions_test": (("user_id", "recipe_id", "date", "rating", "u", "i"), "interactions_test"),
    "ingr_map": (("raw_ingr", "raw_words", "processed", "len_proc", "replaced", "count", "id"), "ingr_map"),
}
REQUIRED_SOURCES = ("RAW_recipes", "RAW_interactions")
# Written by ``python -m app generate`` beside the CSVs it makes: ``ingest`` publishes a source holding
# it (beside RAW_recipes.csv, in a folder or a zip) as synthetic, so generated data is never shown as
# the real Kaggle data even when ``--synthetic`` is forgotten.
GENERATED_MARKER = "GENERATED.json"
