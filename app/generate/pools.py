"""What recipes and reviews are made of: categories, names, steps, descriptions, reviews, ingredients, tags.

The text parts (words, name parts, step templates, tag lists) are data, in ``pools.json`` next
to this module, and the grammar of reviews, descriptions and step variants in ``grammar.json``;
the model's parameters (category shares and shifts, tag weights, seasons) stay here as code.
Each pool keeps its order: draws index into it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

_TEXTS: dict = json.loads(Path(__file__).with_name("pools.json").read_text(encoding="utf-8"))
# Grammar of reviews, descriptions and step variants (templates with {slot}s and slot pools): see text.py.
GRAMMAR: dict = json.loads(Path(__file__).with_name("grammar.json").read_text(encoding="utf-8"))


def _words(key: str) -> tuple[str, ...]:
    return tuple(_TEXTS[key])


def _words_by_name(key: str) -> dict[str, tuple[str, ...]]:
    return {name: tuple(words) for name, words in _TEXTS[key].items()}


def _words_by_rating(key: str) -> dict[int, tuple[str, ...]]:
    return {int(rating): tuple(words) for rating, words in _TEXTS[key].items()}


# ------------------------------------------------------------------------------------------
# Recipe categories. Each recipe has one primary category that drives its nutrition (latent
# shifts in normal-score units, order of NUTRIENTS), ingredients (sweetness used to match
# ingredients), steps (cooking style), name (dish nouns), tags and minutes.
# share: fraction of recipes; steps: probabilities of (bake, stove, cold) middle steps.


@dataclass(frozen=True)
class Category:
    name: str
    share: float
    sweetness: float
    nutrition_shift: tuple[float, ...]
    minutes_shift: float
    size_shift: float  # shifts both n_steps and n_ingredients
    steps: tuple[float, float, float]
    dishes: tuple[str, ...]


CATEGORIES = (
    Category(
        "main-dish",
        0.29,
        0.0,
        (0.5, 0.4, -0.6, 0.5, 1.0, 0.3, 0.0),
        0.3,
        0.35,
        (0.3, 0.6, 0.1),
        (
            "casserole",
            "stir fry",
            "skillet dinner",
            "bake",
            "tacos",
            "enchiladas",
            "pot pie",
            "stroganoff",
            "curry",
            "burgers",
            "kabobs",
            "roast",
            "lasagna",
            "fajitas",
            "meatloaf",
            "parmesan",
            "marsala",
            "piccata",
            "alfredo",
            "tetrazzini",
            "jambalaya",
            "pasta",
            "fried rice",
            "quesadillas",
            "sandwiches",
            "wraps",
            "pizza",
            "meatballs",
            "teriyaki",
            "scampi",
            "cacciatore",
            "burritos",
            "sloppy joes",
            "chops",
            "steaks",
            "ribs",
            "pot roast",
            "shepherd s pie",
            "goulash",
            "paella",
            "risotto",
            "tagine",
        ),
    ),
    Category(
        "desserts",
        0.175,
        1.0,
        (0.3, 0.2, 1.3, -0.6, -0.7, 0.5, 0.9),
        0.2,
        0.15,
        (0.8, 0.15, 0.05),
        (
            "cookies",
            "cake",
            "pie",
            "bars",
            "brownies",
            "cheesecake",
            "pudding",
            "cobbler",
            "crisp",
            "fudge",
            "tart",
            "ice cream",
            "cupcakes",
            "trifle",
            "mousse",
            "bread pudding",
            "squares",
            "truffles",
            "crumble",
            "pound cake",
            "bundt cake",
            "shortbread",
            "snickerdoodles",
            "frosting",
            "torte",
            "sorbet",
            "parfait",
            "candy",
            "bark",
            "cream pie",
            "dump cake",
        ),
    ),
    Category(
        "side-dishes",
        0.11,
        0.05,
        (-0.2, -0.1, -0.3, 0.1, -0.3, -0.2, 0.0),
        -0.1,
        -0.1,
        (0.3, 0.55, 0.15),
        (
            "casserole",
            "gratin",
            "pilaf",
            "slaw",
            "saute",
            "stuffing",
            "fries",
            "rice",
            "beans",
            "medley",
            "mashed potatoes",
            "roasted vegetables",
            "succotash",
            "hash browns",
            "au gratin",
            "stir fry",
            "fritters",
            "puree",
            "dressing",
        ),
    ),
    Category(
        "appetizers",
        0.075,
        0.1,
        (-0.1, 0.3, -0.3, 0.2, 0.0, 0.3, -0.3),
        -0.2,
        -0.1,
        (0.35, 0.35, 0.3),
        (
            "dip",
            "spread",
            "bites",
            "poppers",
            "wings",
            "cheese ball",
            "bruschetta",
            "deviled eggs",
            "roll ups",
            "crostini",
            "nachos",
            "stuffed mushrooms",
            "salsa",
            "skewers",
            "canapes",
            "pinwheels",
            "spring rolls",
            "meatballs",
            "quesadillas",
            "hummus",
        ),
    ),
    Category(
        "breakfast",
        0.055,
        0.4,
        (0.1, 0.1, 0.2, 0.0, 0.1, 0.1, 0.2),
        -0.2,
        0.0,
        (0.5, 0.4, 0.1),
        (
            "pancakes",
            "waffles",
            "french toast",
            "omelet",
            "frittata",
            "quiche",
            "breakfast casserole",
            "muffins",
            "granola",
            "scones",
            "hash",
            "egg bake",
            "crepes",
            "coffee cake",
            "oatmeal",
            "breakfast burritos",
            "strata",
            "cinnamon rolls",
        ),
    ),
    Category(
        "salads",
        0.05,
        0.1,
        (-0.3, 0.0, -0.2, -0.1, -0.1, -0.3, -0.4),
        -0.6,
        -0.1,
        (0.0, 0.2, 0.8),
        (
            "salad",
            "slaw",
            "pasta salad",
            "potato salad",
            "chicken salad",
            "salad with vinaigrette",
            "tabbouleh",
            "caesar salad",
            "bean salad",
            "fruit salad",
        ),
    ),
    Category(
        "soups-stews",
        0.05,
        0.0,
        (-0.1, -0.2, -0.4, 0.7, 0.3, -0.2, -0.1),
        0.4,
        0.25,
        (0.05, 0.9, 0.05),
        (
            "soup",
            "stew",
            "chowder",
            "chili",
            "bisque",
            "gumbo",
            "stock",
            "minestrone",
            "broth",
            "bean soup",
            "noodle soup",
        ),
    ),
    Category(
        "breads",
        0.045,
        0.55,
        (0.2, -0.1, 0.2, 0.1, -0.2, -0.1, 0.8),
        0.7,
        0.0,
        (0.9, 0.05, 0.05),
        (
            "bread",
            "rolls",
            "biscuits",
            "muffins",
            "focaccia",
            "cornbread",
            "buns",
            "loaf",
            "flatbread",
            "bagels",
            "scones",
            "quick bread",
            "soda bread",
            "pretzels",
        ),
    ),
    Category(
        "beverages",
        0.04,
        0.8,
        (-0.6, -0.8, 0.8, -0.8, -0.8, -0.6, 0.4),
        -1.2,
        -0.8,
        (0.0, 0.15, 0.85),
        (
            "smoothie",
            "punch",
            "lemonade",
            "cocktail",
            "martini",
            "margarita",
            "shake",
            "iced tea",
            "cooler",
            "latte",
            "hot chocolate",
            "sangria",
            "liqueur",
            "slush",
            "eggnog",
            "mojito",
        ),
    ),
    Category(
        "sauces",
        0.03,
        0.15,
        (-0.6, 0.0, -0.1, 0.4, -0.7, -0.1, -0.6),
        -0.3,
        -0.3,
        (0.05, 0.6, 0.35),
        (
            "sauce",
            "dressing",
            "marinade",
            "glaze",
            "gravy",
            "rub",
            "salsa",
            "pesto",
            "vinaigrette",
            "chutney",
            "relish",
            "aioli",
            "seasoning mix",
            "jam",
            "syrup",
            "barbecue sauce",
        ),
    ),
    Category(
        "snacks",
        0.03,
        0.5,
        (0.0, 0.1, 0.4, -0.1, -0.3, 0.1, 0.3),
        -0.3,
        -0.3,
        (0.5, 0.2, 0.3),
        (
            "snack mix",
            "trail mix",
            "chips",
            "popcorn",
            "energy balls",
            "crackers",
            "granola bars",
            "roasted nuts",
            "pretzels",
            "rice krispie treats",
        ),
    ),
    Category(
        "other",
        0.05,
        0.2,
        (0.0,) * 7,
        0.0,
        0.0,
        (0.35, 0.35, 0.3),
        (
            "mix",
            "seasoning",
            "treats",
            "pickles",
            "jerky",
            "preserves",
            "spice blend",
            "dog biscuits",
            "play dough",
            "baby food",
            "butter",
            "infused oil",
        ),
    ),
)
NAME_PREFIXES = _words("name_prefixes")
NAME_SUFFIXES = _words("name_suffixes")
# Told-apart variants of an already frequent name (disjoint from NAME_SUFFIXES so that texts differ).
NAME_VARIANTS = _words("name_variants")
# Ingredients too common (or too minor) to name a dish after, and words marking minor ones.
NON_KEY_WORDS = frozenset(_words("non_key_words"))
PANTRY_STAPLES = frozenset(_words("pantry_staples"))

# ------------------------------------------------------------------------------------------
# Step templates: "{}" is filled with one of the recipe's ingredients. Style-specific pools.
STEP_FIRST = _words_by_name("step_first")
STEP_MIDDLE = _words_by_name("step_middle")
STEP_LAST = _words("step_last")
# Clauses appended to some middle steps (real steps are often long sentences).
STEP_CLAUSES = _words("step_clauses")
STEP_CLAUSE_SHARE = 0.35
STEP_ONLY = _words("step_only")

# ------------------------------------------------------------------------------------------
# Descriptions and reviews are rendered from GRAMMAR (grammar.json, loaded above): see text.py.

# ------------------------------------------------------------------------------------------
# Ingredient fallback when ingr_map.csv is not available (end-user installs): common names;
# the calibration's own top names are added on top of these.
FALLBACK_INGREDIENTS = _words("fallback_ingredients")
INGREDIENT_MODIFIERS = _words("ingredient_modifiers")
# Keyword families (substring match on ingredient names) used by tags and sweetness.
MEAT_WORDS = _words("meat_words")
SWEET_WORDS = {
    "sugar": 1.0,
    "chocolate": 1.0,
    "vanilla": 1.0,
    "cocoa": 1.0,
    "honey": 0.7,
    "syrup": 0.8,
    "caramel": 1.0,
    "marshmallow": 1.0,
    "sprinkles": 1.0,
    "cake": 0.9,
    "pudding": 0.9,
    "frosting": 1.0,
    "jam": 0.8,
    "jell": 0.9,
    "cinnamon": 0.8,
    "nutmeg": 0.6,
    "flour": 0.7,
    "baking": 0.9,
    "yeast": 0.5,
    "butter": 0.4,
    "egg": 0.3,
    "milk": 0.4,
    "cream": 0.4,
    "coconut": 0.7,
    "raisin": 0.7,
    "pecan": 0.6,
    "walnut": 0.5,
    "almond": 0.5,
    "banana": 0.8,
    "apple": 0.6,
    "strawberr": 0.8,
    "blueberr": 0.8,
    "raspberr": 0.8,
    "cherr": 0.7,
    "peach": 0.7,
    "pineapple": 0.6,
    "orange": 0.4,
    "lemon": 0.2,
    "ice cream": 1.0,
    "whipped": 0.9,
    "cool whip": 1.0,
    "graham": 1.0,
    "oats": 0.5,
    "rum": 0.4,
    "liqueur": 0.7,
    "juice": 0.3,
    "fruit": 0.6,
    "mango": 0.6,
    "onion": -0.8,
    "garlic": -0.9,
    "pepper": -0.5,
    "chicken": -1.0,
    "beef": -1.0,
    "pork": -1.0,
    "broth": -1.0,
    "stock": -1.0,
    "tomato": -0.8,
    "soy sauce": -0.8,
    "mustard": -0.6,
    "vinegar": -0.4,
    "cheddar": -0.6,
    "parmesan": -0.7,
    "mozzarella": -0.7,
    "oregano": -0.8,
    "basil": -0.7,
    "cumin": -0.9,
    "chili": -0.9,
    "bacon": -0.9,
    "sausage": -1.0,
    "shrimp": -1.0,
    "salmon": -1.0,
    "celery": -0.7,
    "carrot": -0.5,
    "potato": -0.7,
    "rice": -0.5,
    "pasta": -0.7,
    "mushroom": -0.8,
    "spinach": -0.8,
    "bean": -0.6,
    "worcestershire": -0.9,
    "thyme": -0.8,
    "rosemary": -0.7,
    "parsley": -0.7,
    "cilantro": -0.8,
    "salsa": -0.8,
    "shallot": -0.9,
    "scallion": -0.8,
    "leek": -0.8,
}

# Hard kinds of ingredients (coherent recipes): an ingredient at or below SAVOURY_ONLY sweetness
# (onion, garlic, broth, meat, tomato...; not "sweet potato") is not put in sweet dishes, and one whose name holds a
# DESSERT_ONLY_WORDS entry (candy bar, cake mix, frosting...) is not put in savoury ones.
SAVOURY_ONLY = -0.6
DESSERT_ONLY_WORDS = (
    "candy",
    "chocolate chip",
    "frosting",
    "icing",
    "cake mix",
    "brownie",
    "sprinkles",
    "marshmallow",
    "cool whip",
    "whipped topping",
    "pudding",
    "toffee",
    "butterscotch",
    "oreo",
    "m&m",
    "graham cracker",
    "cookie",
    "ice cream",
    "sherbet",
    "gumdrop",
    "jell-o",
    "jello",
    "gelatin dessert",
    "pie filling",
    "fudge",
    "candied",
    "confectioner",
    "sweetened condensed",
)
# Name prefixes and suffixes that claim a time: (at most, at least) minutes the recipe takes.
NAME_TIME_CLAIMS = {
    "5 minute": (5, 0),
    "30 minute": (30, 0),
    "quick": (30, 0),
    "quick and easy": (30, 0),
    "overnight": (None, 60),
    "crock pot": (None, 120),
    "slow cooker": (None, 120),
}
# Share of time claims allowed to miss by up to a factor NAME_TIME_SLACK (a "30 minute" dish
# that takes 40): people round their claims, so not every claim holds.
NAME_TIME_MISS_SHARE = 0.06
# Weight of a time claim that holds against any other fitting word (1): quick dishes say so.
NAME_TIME_CLAIM_WEIGHT = 3.0
NAME_TIME_SLACK = 2.0
# Name prefixes that do not fit sweet dishes (desserts, beverages) or savoury ones (mains,
# sides, soups, salads, sauces, appetizers).
SAVOURY_PREFIXES = frozenset(
    {
        "garlic",
        "cheesy",
        "spicy",
        "zesty",
        "sweet and sour",
        "smoky",
        "savory",
        "hearty",
        "oven fried",
        "grilled",
        "cajun",
        "crock pot",
        "slow cooker",
        "one pot",
        "texas",
        "tex mex",
        "roasted",
    }
)
SWEET_PREFIXES = frozenset({"chewy", "moist", "fluffy", "no bake", "sweet"})
SWEET_CATEGORIES = frozenset({"desserts", "beverages"})
SAVOURY_CATEGORIES = frozenset({"main-dish", "side-dishes", "soups-stews", "salads", "sauces", "appetizers"})

# ------------------------------------------------------------------------------------------
# Tag vocabulary after the calibration's top 30, most frequent first (the frequency profile is
# assigned by rank). The empty tag "" is a real quirk (one recipe has it).
TAG_RANKED = list(_words("tag_ranked"))
# Generic "family" tags and their parents: a child tag is preferably given to recipes that
# already carry its parent (the hierarchy of the real vocabulary), so parents are drawn first.
TAG_PARENTS = dict(_TEXTS["tag_parents"])
# Ingredient keywords that attract a tag (recipes containing a matching ingredient first).
TAG_KEYWORDS = _words_by_name("tag_keywords")
# Tags tied to a season or holiday: (day of year of the peak, half-width in days).
TAG_SEASONS = {
    "christmas": (350, 25),
    "thanksgiving": (320, 18),
    "halloween": (295, 15),
    "easter": (95, 18),
    "valentines-day": (40, 10),
    "st-patricks-day": (72, 8),
    "july-fourth": (182, 10),
    "super-bowl": (30, 12),
    "new-years": (362, 10),
    "mothers-day": (128, 8),
    "fathers-day": (165, 8),
    "cinco-de-mayo": (122, 6),
    "hanukkah": (345, 12),
    "passover": (100, 12),
    "winter": (20, 45),
    "spring": (110, 45),
    "summer": (200, 45),
    "fall": (290, 45),
    "seasonal": (340, 120),
    "holiday-event": (340, 60),
}
# Tags drawn towards low (negative weight) or high values of a nutrient (index in NUTRIENTS).
TAG_NUTRITION = {
    "low-calorie": (0, -1.5),
    "low-fat": (1, -1.5),
    "low-sodium": (3, -1.5),
    "low-protein": (4, -1.5),
    "low-saturated-fat": (5, -1.5),
    "low-cholesterol": (5, -1.2),
    "low-carb": (6, -1.5),
    "very-low-carbs": (6, -2.5),
    "diabetic": (2, -1.2),
    "healthy": (0, -0.7),
    "healthy-2": (0, -0.7),
    "low-in-something": (0, -0.8),
    "high-protein": (4, 1.5),
    "high-fiber": (6, 0.8),
    "desserts": (2, 1.0),
    "high-in-something": (4, 0.8),
}
# Tags drawn towards recipes whose steps use a technique.
TAG_TECHNIQUES = _words_by_name("tag_techniques")
# Tags drawn towards short (negative) or long recipes: weight per step / ingredient / log-minute.
TAG_EFFORT = {
    "3-steps-or-less": ("n_steps", -1.2),
    "easy": ("n_steps", -0.15),
    "beginner-cook": ("n_steps", -0.2),
    "5-ingredients-or-less": ("n_ingredients", -1.2),
    "inexpensive": ("n_ingredients", -0.1),
    "weeknight": ("minutes", -0.6),
    "oamc-freezer-make-ahead": ("minutes", 0.5),
    "one-dish-meal": ("n_steps", 0.05),
    "presentation": ("n_steps", 0.1),
    "dinner-party": ("n_steps", 0.08),
    "crock-pot-slow-cooker": ("minutes", 1.5),
}
# Minutes buckets of the time tags (inclusive upper bounds); longer recipes may get 1-day-or-more.
TIME_TAGS = (
    ("15-minutes-or-less", 15),
    ("30-minutes-or-less", 30),
    ("60-minutes-or-less", 60),
    ("4-hours-or-less", 240),
)
