"""The Kaggle files' formats: headers, sentinel values and fixed vocabularies."""

from __future__ import annotations

from pathlib import Path

from app.schema import SOURCE_FILES

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_DIR_ENV = "FOODCOM_SHARED_DIR"
DEFAULT_SHARED_DIR = REPO_ROOT.parent / "shared" / "data" / "foodcom"
DEFAULTS_FILE = Path(__file__).with_name("calibration_defaults.json")

# Smallest scale that still yields a few rows of every file (test/validation splits included).
MIN_SCALE = 0.001
# The headers the generator writes: the ones ingest expects (one definition, in app.schema).
RAW_RECIPES_HEADER = SOURCE_FILES["RAW_recipes"][0]
RAW_INTERACTIONS_HEADER = SOURCE_FILES["RAW_interactions"][0]
PP_RECIPES_HEADER = SOURCE_FILES["PP_recipes"][0]
PP_USERS_HEADER = SOURCE_FILES["PP_users"][0]
SPLIT_HEADER = SOURCE_FILES["interactions_train"][0]

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
