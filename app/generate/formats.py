"""The Kaggle files' formats: headers, sentinel values and fixed vocabularies."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_DIR_ENV = "FOODCOM_SHARED_DIR"
DEFAULT_SHARED_DIR = REPO_ROOT.parent / "shared" / "data" / "foodcom"
DEFAULTS_FILE = Path(__file__).with_name("calibration_defaults.json")

# Smallest scale that still yields a few rows of every file (test/validation splits included).
MIN_SCALE = 0.001
RAW_RECIPES_HEADER = (
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
)
RAW_INTERACTIONS_HEADER = ("user_id", "recipe_id", "date", "rating", "review")
PP_RECIPES_HEADER = (
    "id",
    "i",
    "name_tokens",
    "ingredient_tokens",
    "steps_tokens",
    "techniques",
    "calorie_level",
    "ingredient_ids",
)
PP_USERS_HEADER = ("u", "techniques", "items", "n_items", "ratings", "n_ratings")
SPLIT_HEADER = ("user_id", "recipe_id", "date", "rating", "u", "i")

# Real-data quirks kept once at every scale (they are what importers must survive).
BOGUS_MINUTES = 2147483647
HUGE_MINUTES = 1051200
# Users whose id comes from Food.com's later id system (real max 2,002,373,000).
LATE_ID_BASE = 2_000_000_000
# Synthetic BPE-like token ids: word tokens are below 40477, specials as in the real PP files.
TOKEN_VOCAB = 40477
TOKEN_START, TOKEN_END, TOKEN_STEP = 40480, 40481, 40478
# calorie_level of PP_recipes: 0 below the first threshold (kcal), 2 from the second one.
CALORIE_LEVEL_BOUNDS = (250.0, 500.0)
NUTRIENTS = ("calories", "total_fat_pdv", "sugar_pdv", "sodium_pdv", "protein_pdv", "sat_fat_pdv", "carbs_pdv")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# The 58 techniques of PP_recipes / PP_users, in the real column order; a step template uses a
# technique when its text contains the stem.
TECHNIQUES = (
    "bake",
    "barbecue",
    "blanch",
    "blend",
    "boil",
    "braise",
    "brine",
    "broil",
    "caramelize",
    "combine",
    "crock pot",
    "crush",
    "deglaze",
    "devein",
    "dice",
    "distill",
    "drain",
    "emulsify",
    "ferment",
    "freez",
    "fry",
    "grate",
    "griddle",
    "grill",
    "knead",
    "leaven",
    "marinate",
    "mash",
    "melt",
    "microwave",
    "parboil",
    "pickle",
    "poach",
    "pour",
    "pressure cook",
    "puree",
    "refrigerat",
    "roast",
    "saute",
    "scald",
    "scramble",
    "shred",
    "simmer",
    "skillet",
    "slow cook",
    "smoke",
    "smooth",
    "soak",
    "sous-vide",
    "steam",
    "stew",
    "strain",
    "tenderize",
    "thicken",
    "toast",
    "toss",
    "whip",
    "whisk",
)
