"""Seeded synthetic generator of the Kaggle "Food.com Recipes and User Interactions" dataset.

``generate(out_dir, scale, seed)`` writes the seven Kaggle CSVs (RAW_recipes, RAW_interactions,
PP_recipes, PP_users, interactions_train/validation/test) byte-for-byte in the real formats
(headers, Python list literals, ``csv`` QUOTE_MINIMAL quoting, ``\\n`` line ends).

Marginals are calibrated on statistics of the full real data (``calibration.json`` of the shared
folder when present, else the compact ``calibration_defaults.json`` next to this module). Most
marginals are *stratified*: sorted values are drawn from the calibrated quantile function at
evenly spaced probabilities and then given to rows by the rank of a latent score, so counts and
quantiles are exact at any scale while the latent scores carry the dependencies (recipe category
-> nutrition / ingredients / tags / steps, n_steps ~ n_ingredients, user activity -> ratings...).

Scaling: row counts scale linearly with ``scale``; vocabularies (tags, ingredients, distinct
dates) shrink sublinearly below 1 because their rare members vanish, and heavy tails (most active
user, most reviewed recipe) are read at the same quantiles, so maxima grow sublinearly too.

Determinism: one ``numpy.random.SeedSequence(seed)`` spawns an independent PCG64 stream per
phase; no output depends on hash or set order. Same seed, scale and calibration source give
byte-identical files (the calibration source matters: the real ``ingr_map.csv`` provides
ingredient names that the built-in fallback does not have).

Marking: the output folder also gets ``GENERATED.json`` (``app.schema.GENERATED_MARKER``: generator,
scale, seed; no timestamp, so it is as deterministic as the CSVs), from which ``ingest`` publishes the
data as synthetic without being told.
"""

from __future__ import annotations

import csv
import json
import math
import os
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import ndtri
from tqdm import tqdm

from app.schema import GENERATED_MARKER

__all__ = ["generate"]

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR_ENV = "FOODCOM_SHARED_DIR"
DEFAULT_SHARED_DIR = REPO_ROOT.parent / "shared" / "data" / "foodcom"
DEFAULTS_FILE = Path(__file__).with_name("calibration_defaults.json")

# Smallest scale that still yields a few rows of every file (test/validation splits included).
MIN_SCALE = 0.001
RAW_RECIPES_HEADER = ("name", "id", "minutes", "contributor_id", "submitted", "tags", "nutrition",
                      "n_steps", "steps", "description", "ingredients", "n_ingredients")
RAW_INTERACTIONS_HEADER = ("user_id", "recipe_id", "date", "rating", "review")
PP_RECIPES_HEADER = ("id", "i", "name_tokens", "ingredient_tokens", "steps_tokens", "techniques",
                     "calorie_level", "ingredient_ids")
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
NUTRIENTS = ("calories", "total_fat_pdv", "sugar_pdv", "sodium_pdv", "protein_pdv", "sat_fat_pdv",
             "carbs_pdv")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# The 58 techniques of PP_recipes / PP_users, in the real column order; a step template uses a
# technique when its text contains the stem.
TECHNIQUES = (
    "bake", "barbecue", "blanch", "blend", "boil", "braise", "brine", "broil", "caramelize",
    "combine", "crock pot", "crush", "deglaze", "devein", "dice", "distill", "drain", "emulsify",
    "ferment", "freez", "fry", "grate", "griddle", "grill", "knead", "leaven", "marinate", "mash",
    "melt", "microwave", "parboil", "pickle", "poach", "pour", "pressure cook", "puree",
    "refrigerat", "roast", "saute", "scald", "scramble", "shred", "simmer", "skillet",
    "slow cook", "smoke", "smooth", "soak", "sous-vide", "steam", "stew", "strain", "tenderize",
    "thicken", "toast", "toss", "whip", "whisk",
)

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
    Category("main-dish", 0.29, 0.0, (0.5, 0.4, -0.6, 0.5, 1.0, 0.3, 0.0), 0.3, 0.35, (0.3, 0.6, 0.1),
             ("casserole", "stir fry", "skillet dinner", "bake", "tacos", "enchiladas", "pot pie",
              "stroganoff", "curry", "burgers", "kabobs", "roast", "lasagna", "fajitas", "meatloaf",
              "parmesan", "marsala", "piccata", "alfredo", "tetrazzini", "jambalaya", "pasta",
              "fried rice", "quesadillas", "sandwiches", "wraps", "pizza", "meatballs", "teriyaki",
              "scampi", "cacciatore", "burritos", "sloppy joes", "chops", "steaks", "ribs",
              "pot roast", "shepherd s pie", "goulash", "paella", "risotto", "tagine")),
    Category("desserts", 0.175, 1.0, (0.3, 0.2, 1.3, -0.6, -0.7, 0.5, 0.9), 0.2, 0.15, (0.8, 0.15, 0.05),
             ("cookies", "cake", "pie", "bars", "brownies", "cheesecake", "pudding", "cobbler", "crisp",
              "fudge", "tart", "ice cream", "cupcakes", "trifle", "mousse", "bread pudding", "squares",
              "truffles", "crumble", "pound cake", "bundt cake", "shortbread", "snickerdoodles",
              "frosting", "torte", "sorbet", "parfait", "candy", "bark", "cream pie", "dump cake")),
    Category("side-dishes", 0.11, 0.05, (-0.2, -0.1, -0.3, 0.1, -0.3, -0.2, 0.0), -0.1, -0.1, (0.3, 0.55, 0.15),
             ("casserole", "gratin", "pilaf", "slaw", "saute", "stuffing", "fries", "rice", "beans",
              "medley", "mashed potatoes", "roasted vegetables", "succotash", "hash browns", "au gratin",
              "stir fry", "fritters", "puree", "dressing")),
    Category("appetizers", 0.075, 0.1, (-0.1, 0.3, -0.3, 0.2, 0.0, 0.3, -0.3), -0.2, -0.1, (0.35, 0.35, 0.3),
             ("dip", "spread", "bites", "poppers", "wings", "cheese ball", "bruschetta", "deviled eggs",
              "roll ups", "crostini", "nachos", "stuffed mushrooms", "salsa", "skewers", "canapes",
              "pinwheels", "spring rolls", "meatballs", "quesadillas", "hummus")),
    Category("breakfast", 0.055, 0.4, (0.1, 0.1, 0.2, 0.0, 0.1, 0.1, 0.2), -0.2, 0.0, (0.5, 0.4, 0.1),
             ("pancakes", "waffles", "french toast", "omelet", "frittata", "quiche", "breakfast casserole",
              "muffins", "granola", "scones", "hash", "egg bake", "crepes", "coffee cake", "oatmeal",
              "breakfast burritos", "strata", "cinnamon rolls")),
    Category("salads", 0.05, 0.1, (-0.3, 0.0, -0.2, -0.1, -0.1, -0.3, -0.4), -0.6, -0.1, (0.0, 0.2, 0.8),
             ("salad", "slaw", "pasta salad", "potato salad", "chicken salad", "salad with vinaigrette",
              "tabbouleh", "caesar salad", "bean salad", "fruit salad")),
    Category("soups-stews", 0.05, 0.0, (-0.1, -0.2, -0.4, 0.7, 0.3, -0.2, -0.1), 0.4, 0.25, (0.05, 0.9, 0.05),
             ("soup", "stew", "chowder", "chili", "bisque", "gumbo", "stock", "minestrone", "broth",
              "bean soup", "noodle soup")),
    Category("breads", 0.045, 0.55, (0.2, -0.1, 0.2, 0.1, -0.2, -0.1, 0.8), 0.7, 0.0, (0.9, 0.05, 0.05),
             ("bread", "rolls", "biscuits", "muffins", "focaccia", "cornbread", "buns", "loaf",
              "flatbread", "bagels", "scones", "quick bread", "soda bread", "pretzels")),
    Category("beverages", 0.04, 0.8, (-0.6, -0.8, 0.8, -0.8, -0.8, -0.6, 0.4), -1.2, -0.8, (0.0, 0.15, 0.85),
             ("smoothie", "punch", "lemonade", "cocktail", "martini", "margarita", "shake", "iced tea",
              "cooler", "latte", "hot chocolate", "sangria", "liqueur", "slush", "eggnog", "mojito")),
    Category("sauces", 0.03, 0.15, (-0.6, 0.0, -0.1, 0.4, -0.7, -0.1, -0.6), -0.3, -0.3, (0.05, 0.6, 0.35),
             ("sauce", "dressing", "marinade", "glaze", "gravy", "rub", "salsa", "pesto", "vinaigrette",
              "chutney", "relish", "aioli", "seasoning mix", "jam", "syrup", "barbecue sauce")),
    Category("snacks", 0.03, 0.5, (0.0, 0.1, 0.4, -0.1, -0.3, 0.1, 0.3), -0.3, -0.3, (0.5, 0.2, 0.3),
             ("snack mix", "trail mix", "chips", "popcorn", "energy balls", "crackers", "granola bars",
              "roasted nuts", "pretzels", "rice krispie treats")),
    Category("other", 0.05, 0.2, (0.0,) * 7, 0.0, 0.0, (0.35, 0.35, 0.3),
             ("mix", "seasoning", "treats", "pickles", "jerky", "preserves", "spice blend",
              "dog biscuits", "play dough", "baby food", "butter", "infused oil")),
)
NAME_PREFIXES = (
    "easy", "best", "quick", "simple", "grandma s", "mom s", "creamy", "spicy", "healthy", "homemade",
    "classic", "crock pot", "low fat", "old fashioned", "southern", "amazing", "yummy", "delicious",
    "super easy", "my favorite", "the best", "perfect", "lighter", "baked", "grilled", "slow cooker",
    "quick and easy", "cheesy", "zesty", "tangy", "sweet and sour", "honey", "garlic", "lemon", "spiced",
    "country", "texas", "cajun", "italian", "mexican", "greek", "thai", "asian", "french", "german",
    "irish", "hawaiian", "southwestern", "mediterranean", "aunt bee s", "nana s", "5 minute",
    "30 minute", "one pot", "make ahead", "light", "vegan", "gluten free", "weight watchers", "copycat",
    "skinny", "rustic", "sunday", "company", "holiday", "christmas", "summer", "autumn", "winter",
    "kittencal s", "miss annie s", "uncle bill s", "sweet", "savory", "fresh", "hearty", "roasted",
    "smoky", "crispy", "fluffy", "moist", "chewy", "no bake", "overnight", "oven fried", "new york",
    "california", "tex mex", "indian", "moroccan", "jamaican", "cuban", "korean", "vietnamese",
)
NAME_SUFFIXES = (
    "for two", "for a crowd", "oamc", "ww", "low fat", "crock pot", "in a jar", "supreme", "deluxe",
    "for one", "diabetic", "vegetarian", "microwave", "gluten free", "low carb", "light", "copycat", "zwt",
    "in the oven",
)
# Told-apart variants of an already frequent name (disjoint from NAME_SUFFIXES so that texts differ).
NAME_VARIANTS = ("ii", "iii", "2", "my way", "revisited", "with a twist", "take two", "redux", "the original",
                 "my version", "reloaded", "again")
# Ingredients too common (or too minor) to name a dish after, and words marking minor ones.
NON_KEY_WORDS = frozenset((
    "dried", "ground", "powder", "juice", "sauce", "vinegar", "seasoning", "extract", "salt", "oil", "water",
    "zest", "flakes", "leaves", "paste", "spray", "mix", "broth", "stock", "soda", "yeast", "crumbs", "clove",
    "cloves", "pepper", "spice", "sprigs", "seeds", "cooking", "boiling", "warm", "cold", "hot", "ice", "sugar",
    "flour", "to", "taste", "of",
))
PANTRY_STAPLES = frozenset((
    "salt", "butter", "sugar", "water", "eggs", "egg", "olive oil", "flour", "milk", "pepper",
    "all-purpose flour", "baking powder", "salt and pepper", "baking soda", "vegetable oil", "vanilla",
    "black pepper", "vanilla extract", "oil", "unsalted butter", "brown sugar", "garlic", "garlic cloves",
    "onion", "garlic powder", "ice", "kosher salt", "pepper to taste", "salt to taste", "cooking spray",
    "shortening", "margarine", "granulated sugar", "powdered sugar", "cornstarch", "canola oil",
))

# ------------------------------------------------------------------------------------------
# Step templates: "{}" is filled with one of the recipe's ingredients. Style-specific pools.
STEP_FIRST = {
    "bake": (
        "preheat oven to 350 degrees", "preheat the oven to 375f",
        "preheat oven to 350f and grease a 9x13 inch pan", "grease and flour a 9 inch round cake pan",
        "line a baking sheet with parchment paper", "preheat oven to 400 degrees f",
        "spray a 9x13 inch baking dish with cooking spray", "preheat oven to 325 degrees and grease a loaf pan",
        "in a large bowl , combine {} and the dry ingredients",
    ),
    "stove": (
        "heat {} in a large skillet over medium heat", "in a large pot , heat {} over medium-high heat",
        "bring a large pot of salted water to a boil", "melt {} in a large saucepan over medium heat",
        "chop {} and set aside", "in a dutch oven , brown {} over medium-high heat", "rinse {} and pat dry",
        "dice {} into 1/2 inch pieces", "mince {}",
    ),
    "cold": (
        "wash and dry {}", "chop {} into bite-size pieces", "in a large bowl , whisk together {} and the vinegar",
        "combine all ingredients in a blender", "fill a tall glass with ice", "slice {} thinly",
        "in a small bowl , mix {} with the spices", "place {} in a large bowl",
    ),
}
STEP_MIDDLE = {
    "bake": (
        "in a large bowl , cream {} and sugar until light and fluffy", "beat in {} one at a time", "stir in {}",
        "add {} and mix until just combined", "sift together {} , baking soda and salt", "fold in {}",
        "pour batter into prepared pan", "spread {} evenly over the top",
        "bake for 25-30 minutes or until a toothpick inserted in the center comes out clean",
        "bake at 350 for 45 minutes", "let cool in pan for 10 minutes",
        "knead dough on a floured surface for 5 minutes", "cover and let rise in a warm place until doubled",
        "roll out dough to 1/4 inch thickness", "drop by rounded teaspoonfuls onto ungreased cookie sheets",
        "sprinkle with {}", "melt {} in a saucepan over low heat", "whisk {} until smooth",
        "refrigerate for at least 2 hours", "cut into squares",
        "gradually add {} , beating well after each addition", "press {} into the bottom of the pan",
        "bake until golden brown , about 20 minutes", "brush the top with {}", "whip {} until stiff peaks form",
        "combine {} and the melted butter", "transfer to a wire rack to cool completely",
        "toast {} in the oven for 8 minutes", "grate {} over the top",
        "microwave {} on high for 1 minute , stirring once",
    ),
    "stove": (
        "add {} and saute until tender , about 5 minutes", "stir in {} and cook for 2 minutes",
        "add {} and bring to a boil", "reduce heat and simmer for 20 minutes", "season with {} to taste",
        "brown {} on all sides", "drain off the fat", "add {} and stir to combine",
        "cover and simmer for 30 minutes , stirring occasionally", "cook {} according to package directions",
        "drain and set aside", "return {} to the pan", "whisk in {} until thickened",
        "marinate {} in the refrigerator for at least 1 hour",
        "grill over medium-high heat for 6-8 minutes per side", "place {} in a crock pot",
        "cook on low for 8 hours", "transfer to a 9x13 inch baking dish", "top with {}",
        "bake uncovered for 30 minutes", "fry {} in hot oil until golden brown", "remove from heat", "set aside",
        "mix well", "deglaze the pan with {}", "steam {} until crisp-tender", "toss {} with the sauce",
        "thicken with {} if desired", "mash {} with a fork", "shred {} with two forks", "roast {} for 25 minutes",
        "stir in {} and heat through", "add {} to the skillet", "braise {} for 2 hours", "broil for 3-4 minutes",
        "crush {} and add to the pot", "soak {} overnight", "simmer until {} is tender", "strain the broth",
        "add {} and cook until wilted", "saute {} in the butter until soft", "pour {} over the top",
    ),
    "cold": (
        "toss {} with the dressing", "chill for at least 1 hour", "whisk together {} and the lemon juice",
        "add {} and toss gently", "refrigerate until ready to serve", "arrange {} on a platter",
        "blend until smooth", "pour into glasses", "garnish with {}", "strain into a chilled glass", "stir in {}",
        "puree {} in a food processor", "combine {} in a large pitcher", "shake well with ice",
        "spread {} on each tortilla", "layer {} in a serving dish", "mix {} and the mayonnaise",
        "cover and refrigerate overnight", "freeze until firm", "pour {} over the salad",
    ),
}
STEP_LAST = ("serve immediately", "enjoy !", "serve hot", "serve warm with {}", "serve over rice",
             "garnish with {} and serve", "store in an airtight container", "serve chilled",
             "let cool completely before serving", "cut into wedges and serve", "serve with crusty bread",
             "refrigerate leftovers", "sprinkle with {} before serving", "slice and serve")
# Clauses appended to some middle steps (real steps are often long sentences).
STEP_CLAUSES = (" , stirring occasionally", " until golden brown", " , about 5 minutes", " and set aside",
                " , then remove from heat", " until well combined", " over medium heat", " until heated through",
                " for about 10 minutes", " until smooth and creamy", " , scraping down the sides of the bowl",
                " until the liquid is absorbed", " , covered", " until fragrant", " until bubbly and lightly browned",
                " , making sure not to overmix", " in batches if necessary")
STEP_CLAUSE_SHARE = 0.35
STEP_ONLY = ("combine all ingredients and mix well", "blend all ingredients until smooth",
             "mix {} with the remaining ingredients and serve", "stir together and enjoy !")

# ------------------------------------------------------------------------------------------
# Descriptions (lowercase like the real ones) with {name} and {ingredient} placeholders.
DESCRIPTION_SENTENCES = (
    "this is a quick and easy recipe that my family loves.",
    "i found this recipe in an old cookbook and changed it a bit.", "a great way to use up leftover {ingredient}.",
    "my mom used to make this every sunday.", "perfect for a busy weeknight.",
    "you can substitute {ingredient} if you like.", "this freezes well.", "from taste of home magazine.",
    "adapted from a recipe on the back of the box.", "serve with a green salad and crusty bread.",
    "i make this every year for the holidays.", "kids love it!", "posted for zwt.",
    "cooking time includes chilling time.", "a family favorite for years.",
    "i like to double the recipe and freeze half.", "yum", "great for potlucks.",
    "this is the best {name} i have ever had.", 'my husband calls this "the good stuff".', "from southern living.",
    "rachael ray", "so simple, yet so good!", "we had this at a friend's house and i had to have the recipe.",
    "the prep time does not include marinating time.", "very rich, so cut small pieces.",
    "this recipe comes from my grandmother, who made it for every church supper.", "easy to make ahead.",
    "light, fresh and full of flavor.", "you won't believe how easy this is.", "a real crowd pleaser.",
    "i created this when i had nothing else in the pantry.",
    "feel free to add more {ingredient} if you like it spicy.", "a healthy version of a classic {name}.",
    "this is my version of {name}.", "makes a great gift in a pretty jar.", "this is comfort food at its best!",
    "the sauce is wonderful over pasta or rice.", "do not skip the chilling step, it makes all the difference.",
    "low in fat but high in flavor.", "this was a hit at our last party.", "recipe from a local restaurant.",
    "cheap, filling and tasty.",
)

# ------------------------------------------------------------------------------------------
# Reviews: sentence pools per rating so that the vocabulary depends on the rating; "{}" takes
# one of the recipe's ingredients. Index = rating (0 = comment or question without stars).
REVIEW_SENTENCES = {
    5: (
        "This was absolutely delicious!", "Loved it!", "My whole family loved this.",
        "Perfect recipe, thanks for posting!", "This is a keeper.", "Will definitely make again.",
        "Best {} recipe ever.", "Wonderful flavor and so easy to make.",
        'My husband said it was "restaurant quality".', "Fantastic, I wouldn't change a thing.",
        "The {} really makes it.", "Excellent recipe, everyone asked for seconds.", "So moist and flavorful!",
        "Yummy!", "This is now a family favorite.", "Perfect for a weeknight dinner.", "Amazing, just amazing.",
        "I've made this three times already, it's that good.", "Thank you for a fabulous recipe!",
        "Made it for a party and it was gone in minutes.", "Absolutely perfect.", "Delicious and so simple.",
        "The kids loved it too!", "Awesome recipe, 5 stars!", "Outstanding, highly recommend.",
        "Great comfort food.", "Love, love, love this recipe.", "Incredible flavor.", "Superb!",
        "I added a little extra {} and it was perfect.", "This turned out beautifully.",
        "Made for ZWT, we loved it.", "A real winner in our house.", "Fabulous!",
        "So good, I could eat the whole pan.",
    ),
    4: (
        "Very good recipe.", "Pretty good, I will make it again.", "Good flavor, I added a bit more {}.",
        "Nice and easy.", "We enjoyed this.", "Tasty, but I used less sugar.", "Good recipe, thanks.",
        "I doubled the {} and it was great.", "Solid recipe, a little on the sweet side.",
        "Really good, but it needed more salt.", "Nice change from the usual.", "Quite good, my husband liked it.",
        "Tasty and filling.", "I would add more spices next time.", "Good, but took longer to cook than stated.",
        "Very nice.", "It was good, not great, but good.", "Enjoyed it with a side salad.",
        "I substituted {} and it worked well.", "Pretty tasty.", "Will make again with a few changes.",
    ),
    3: (
        "It was okay.", "Just okay, nothing special.", "A bit bland for our taste.", "Average.",
        "Not bad, but not great either.", "It needed something, maybe more {}.", "The texture was a little off.",
        "Okay, but I probably won't make it again.", "It was fine.", "Kind of plain.", "Too much {} for us.",
        "Edible, but it lacked flavor.", "Mediocre at best.", "It was a little dry.",
        "The family was lukewarm about it.", "Decent, but needs tweaking.",
    ),
    2: (
        "Disappointing.", "Not very good.", "Too salty for us.", "Very bland.", "It came out dry and tough.",
        "Sorry, we didn't care for this.", "The {} overpowered everything.", "Not what I expected.",
        "Way too sweet.", "I had to throw most of it out.", "Didn't work for me.", "The sauce was watery.",
        "Something is wrong with the measurements.", "Too greasy.",
    ),
    1: (
        "Terrible.", "Awful, inedible.", "This was a total failure.", "Yuck.", "Do not make this.",
        "Horrible flavor.", "Complete waste of {}.", "Nobody would eat it.", "Worst recipe I have tried.",
        "It burned following the directions.", "Inedible, sorry.", "Tasted awful.", "A disaster.",
    ),
    0: (
        "Can I use {} instead?", "What size pan do you use?", "I haven't tried this yet but it looks wonderful.",
        "Thanks for posting!", "Do you think this would freeze well?", "Is the oven temperature correct?",
        "How many servings does this make?", "Has anyone tried this with {}?", "Sounds great, I'll let you know.",
        "I made this but forgot to rate it.", "Could I make this ahead of time?", "Is that a typo in step 3?",
        "Looks delicious, bookmarked!", "Can this be made in a crock pot?", "What kind of {} do you recommend?",
        "Saving this for later.", "Reviewing for the recipe swap.", "Just wanted to say thanks.",
    ),
}
# Context sentences shared by all ratings: they give reviews their real length.
REVIEW_CONTEXT = (
    "I made this for dinner last night with a side of steamed broccoli and rice.",
    "I followed the recipe exactly as written, except that I baked it about ten minutes longer.",
    "My kids are picky eaters, but they cleaned their plates.",
    "I cut the recipe in half since it was just the two of us.", "I used {} because that's what I had on hand.",
    "I made this for a potluck at work.",
    "We had friends over for dinner and I tried this recipe for the first time.",
    "The prep took me a little longer than stated, but that's probably because I'm slow at chopping.",
    "I'm not a very experienced cook, so I appreciated the clear directions.",
    "Next time I might try it with {} instead.", "I made it the night before and reheated it the next day.",
    "Made for Tasty Tuesdays.", "I served it over egg noodles with a green salad on the side.",
    "I used a 9x13 pan and it fit perfectly.", "It took about 45 minutes total.",
    "I didn't have any {}, so I left it out.", "My oven runs hot, so I checked it early.",
    "I doubled the recipe for a crowd of twelve.", "This was my first time cooking with {}.",
    "I reduced the salt a bit because we're watching our sodium.", "Thanks for sharing, Chef!",
    "I found this while looking for something to do with the {} in my fridge.",
    "Prep was quick, and cleanup was even quicker.", "We ate it with crusty bread to soak up the sauce.",
)
SHORT_REVIEWS = {5: ("Yum!", "Great!", "Loved it", "Delicious!", "5 stars"), 4: ("Good", "Nice", "Tasty"),
                 3: ("Ok", "Meh", "Fine"), 2: ("Meh", "No"), 1: ("Bad", "Yuck"), 0: ("?", "Thanks!", "Yum")}

# ------------------------------------------------------------------------------------------
# Ingredient fallback when ingr_map.csv is not available (end-user installs): common names;
# the calibration's own top names are added on top of these.
FALLBACK_INGREDIENTS = (
    "cream cheese", "cheddar cheese", "mozzarella cheese", "chicken breasts", "boneless skinless chicken breasts",
    "ground beef", "carrots", "celery", "green onions", "red onion", "green bell pepper", "red bell pepper",
    "potatoes", "mushrooms", "fresh parsley", "dried oregano", "dried basil", "fresh basil", "cumin", "chili powder",
    "cayenne pepper", "nutmeg", "ground ginger", "fresh ginger", "ground cloves", "allspice", "bay leaves", "thyme",
    "rosemary", "dill", "cilantro", "heavy cream", "whipping cream", "buttermilk", "plain yogurt", "powdered sugar",
    "granulated sugar", "cornstarch", "cocoa powder", "semi-sweet chocolate chips", "chocolate chips", "walnuts",
    "pecans", "almonds", "raisins", "rolled oats", "shortening", "margarine", "light brown sugar", "molasses",
    "maple syrup", "corn syrup", "lemon", "lime", "lime juice", "orange juice", "lemon zest", "orange", "apples",
    "bananas", "strawberries", "blueberries", "raspberries", "cranberries", "pineapple", "peaches", "dijon mustard",
    "ketchup", "worcestershire sauce", "hot sauce", "balsamic vinegar", "red wine vinegar", "white vinegar",
    "cider vinegar", "rice vinegar", "sesame oil", "canola oil", "vegetable broth", "beef broth", "chicken stock",
    "dry white wine", "red wine", "beer", "rum", "vodka", "tequila", "diced tomatoes", "tomato paste",
    "tomato sauce", "salsa", "black beans", "kidney beans", "chickpeas", "corn", "frozen peas", "green beans",
    "broccoli", "spinach", "zucchini", "cabbage", "cucumber", "lettuce", "jalapeno", "shallots", "leeks",
    "sweet potatoes", "rice", "long-grain rice", "spaghetti", "pasta", "egg noodles", "elbow macaroni",
    "flour tortillas", "corn tortillas", "dry breadcrumbs", "panko breadcrumbs", "bread", "pie crust",
    "frozen puff pastry", "cream of mushroom soup", "cream of chicken soup", "feta cheese", "swiss cheese",
    "monterey jack cheese", "ricotta cheese", "cottage cheese", "shrimp", "salmon fillets", "tuna", "ground turkey",
    "pork chops", "pork tenderloin", "ham", "italian sausage", "sirloin steak", "lamb", "chicken thighs",
    "whole chicken", "turkey", "coconut milk", "peanut butter", "active dry yeast", "cool whip", "vanilla ice cream",
    "marshmallows", "sweetened condensed milk", "evaporated milk", "graham cracker crumbs", "yellow cake mix",
    "instant vanilla pudding mix", "unflavored gelatin", "ice", "club soda", "ginger ale", "orange liqueur", "coffee",
    "tea bags", "poppy seeds", "sesame seeds", "sunflower seeds", "flax seed", "capers", "black olives",
    "kalamata olives", "artichoke hearts", "sun-dried tomatoes", "pine nuts", "basil pesto", "curry powder",
    "turmeric", "garam masala", "ground coriander", "smoked paprika", "italian seasoning", "onion powder",
    "celery salt", "seasoning salt", "kosher salt", "sea salt", "fresh ground black pepper", "red pepper flakes",
    "cinnamon sticks", "bacon bits", "chicken wings", "beef stew meat", "crabmeat", "scallops", "tilapia fillets",
    "cod", "egg whites", "egg yolks", "half-and-half", "sour cream", "blue cheese", "goat cheese", "brie cheese",
    "parmesan", "romano cheese", "provolone cheese", "white sugar", "splenda", "agave nectar", "dark chocolate",
    "white chocolate chips", "butterscotch chips", "coconut flakes", "dates", "dried cranberries", "apricots",
    "mango", "kiwi", "watermelon", "grapes", "pears", "cherries", "plums", "rhubarb", "pumpkin puree",
    "butternut squash", "eggplant", "cauliflower", "asparagus spears", "brussels sprouts", "beets", "radishes",
    "red potatoes", "baby carrots", "frozen corn", "garbanzo beans", "lentils", "quinoa", "couscous", "barley",
)
INGREDIENT_MODIFIERS = (
    "fresh", "dried", "chopped", "diced", "minced", "sliced", "frozen", "canned", "low-fat", "fat-free",
    "reduced-sodium", "organic", "large", "small", "ground", "shredded", "grated", "unsweetened", "sweetened",
    "light", "lite", "boneless", "crushed", "toasted", "roasted", "smoked", "cooked", "uncooked", "whole",
    "raw", "baby", "fine", "coarse", "softened", "melted", "hot", "mild", "plain", "sharp", "white", "red",
    "green", "yellow", "dark", "sweet", "spicy", "homemade", "instant", "low sodium", "fresh ground", "thinly sliced",
    "finely chopped", "cubed", "halved", "peeled", "pitted", "seedless", "extra large", "jumbo", "mini", "wild",
)
# Keyword families (substring match on ingredient names) used by tags and sweetness.
MEAT_WORDS = ("chicken", "beef", "pork", "bacon", "ham", "sausage", "turkey", "lamb", "veal", "steak", "venison",
              "duck", "shrimp", "salmon", "tuna", "fish", "crab", "lobster", "scallop", "clam", "mussel", "cod",
              "tilapia", "halibut", "prosciutto", "pepperoni", "salami", "chorizo", "meat", "ribs", "brisket", "anchov")
SWEET_WORDS = {
    "sugar": 1.0, "chocolate": 1.0, "vanilla": 1.0, "cocoa": 1.0, "honey": 0.7, "syrup": 0.8, "caramel": 1.0,
    "marshmallow": 1.0, "sprinkles": 1.0, "cake": 0.9, "pudding": 0.9, "frosting": 1.0, "jam": 0.8, "jell": 0.9,
    "cinnamon": 0.8, "nutmeg": 0.6, "flour": 0.7, "baking": 0.9, "yeast": 0.5, "butter": 0.4, "egg": 0.3,
    "milk": 0.4, "cream": 0.4, "coconut": 0.7, "raisin": 0.7, "pecan": 0.6, "walnut": 0.5, "almond": 0.5,
    "banana": 0.8, "apple": 0.6, "strawberr": 0.8, "blueberr": 0.8, "raspberr": 0.8, "cherr": 0.7, "peach": 0.7,
    "pineapple": 0.6, "orange": 0.4, "lemon": 0.2, "ice cream": 1.0, "whipped": 0.9, "cool whip": 1.0,
    "graham": 1.0, "oats": 0.5, "rum": 0.4, "liqueur": 0.7, "juice": 0.3, "fruit": 0.6, "mango": 0.6,
    "onion": -0.8, "garlic": -0.9, "pepper": -0.5, "chicken": -1.0, "beef": -1.0, "pork": -1.0, "broth": -1.0,
    "stock": -1.0, "tomato": -0.8, "soy sauce": -0.8, "mustard": -0.6, "vinegar": -0.4, "cheddar": -0.6,
    "parmesan": -0.7, "mozzarella": -0.7, "oregano": -0.8, "basil": -0.7, "cumin": -0.9, "chili": -0.9,
    "bacon": -0.9, "sausage": -1.0, "shrimp": -1.0, "salmon": -1.0, "celery": -0.7, "carrot": -0.5,
    "potato": -0.7, "rice": -0.5, "pasta": -0.7, "mushroom": -0.8, "spinach": -0.8, "bean": -0.6,
    "worcestershire": -0.9, "thyme": -0.8, "rosemary": -0.7, "parsley": -0.7, "cilantro": -0.8, "salsa": -0.8,
}

# ------------------------------------------------------------------------------------------
# Tag vocabulary after the calibration's top 30, most frequent first (the frequency profile is
# assigned by rank). The empty tag "" is a real quirk (one recipe has it).
TAG_RANKED = """
holiday-event oven side-dishes poultry fruit eggs-dairy low-saturated-fat weeknight seasonal inexpensive
stove-top pasta-rice-and-grains low-fat american for-large-groups chicken european kid-friendly
appetizers comfort-food one-dish-meal healthy-2 beef small-appliance lunch presentation served-hot
low-protein cheese high-in-something high-protein breakfast summer christmas to-go salads pork brunch
soups-stews asian chocolate breads vegan winter spring fall savory ground-beef seafood sweet italian
beverages cookies-and-brownies potatoes berries pasta picnic southern-united-states mexican thanksgiving
cakes spicy chicken-breasts fish onions food-processor-blender potluck sauces for-1-or-2 tomatoes nuts
crock-pot-slow-cooker snacks served-cold citrus apples beans rice quick-breads casseroles diabetic
canadian greens very-low-carbs grilling bar-cookies egg-free freezer 1-day-or-more novelty pies-and-tarts
shrimp gifts romantic brown-bag stews mushrooms muffins yeast dips salad-dressings condiments-etc
stir-fry cocktails lemon bananas strawberries corn spinach broccoli carrots peppers turkey salmon tex-mex
middle-eastern californian cajun greek french chinese indian thai midwestern new-years easter halloween
st-patricks-day july-fourth super-bowl birthday camping wedding mothers-day fathers-day valentines-day
kosher gluten-free lactose high-calcium high-fiber pancakes-and-waffles eggs candy frozen-desserts
cheesecake puddings-and-mousses cupcakes brownies drop-cookies rolled-cookies punch smoothies shakes
non-alcoholic coffee-cafe spreads salsas gravies marinades-and-rubs jams-and-preserves canning stocks
chowders bisques-cream-soups clear-soups chili curries burgers sandwiches wraps pizza meatballs meatloaf
roast steak ribs ham bacon sausage lamb-sheep veal duck crab lobster scallops mussels clams tuna tilapia
cod halibut lentils black-beans chick-peas-garbanzos cauliflower cabbage eggplant zucchini squash
asparagus artichoke beets collard-greens peas green-yellow-beans cucumber avocado herbs almonds pecans
walnuts coconut mango pineapple peaches pears cherries blueberries raspberries grapes melons plums
oranges lime kiwifruit tropical-fruit whole-chicken chicken-thighs-legs pork-loins beef-ribs brisket
stuffings-dressings rolls-biscuits sourdough scones flat-breads tarts cobblers-and-crisps fudge ice-cream
spaghetti lasagna penne macaroni-and-cheese brown-rice long-grain-rice white-rice oatmeal grains
sweet-potatoes pressure-cooker microwave deep-fry broil bread-machine mixer refrigerator no-cook garnish
infant-baby-friendly toddler-friendly college cooking-mixes copycat heirloom-historical from-scratch
oamc-freezer-make-ahead 5-ingredients-or-less south-west-pacific japanese southwestern-united-states
new-england pacific-northwest hawaiian caribbean german spanish irish english scottish african moroccan
lebanese turkish russian polish hungarian scandinavian swedish norwegian danish finnish dutch belgian
austrian swiss portuguese czech egyptian south-african ethiopian nigerian cuban puerto-rican
south-american brazilian argentine peruvian chilean colombian venezuelan central-american australian
new-zealand korean vietnamese filipino indonesian malaysian pakistani iranian-persian iraqi
pennsylvania-dutch amish-mennonite native-american ontario quebec british-columbian creole cinco-de-mayo
hanukkah passover ramadan rosh-hashana kwanzaa chinese-new-year mardi-gras-carnival oktoberfest labor-day
memorial-day april-fools-day graduation baby-shower independence-day venison rabbit quail goose oysters
squid octopus catfish trout mahi-mahi sole-and-flounder bass perch pork-ribs pork-sausage chicken-livers
beef-liver ground-pork pot-pie pot-roast gumbo jambalaya dumplings crepes souffles fondue terrines pates
bok-choys pumpkin papaya plantains star-fruit dehydrator steam elk moose bear pheasant whitefish deer
beef-sausage turkey-breasts turkey-burgers chicken-crock-pot chicken-stews beef-crock-pot pork-crock-pot
lamb-sheep-main-dish veal-main-dish savory-pies savory-sauces sweet-sauces berries-and-grapes
ham-and-bean-soup potluck-dessert holiday-cocktails christmas-cookies thanksgiving-sides easter-brunch
halloween-treats super-bowl-snacks nuts-and-seeds chutneys pickeled high-fiber-bread whole-wheat-bread
cornbread hand-formed-cookies biscotti macaroons shortbread sugar-cookies lemon-bars
peanut-butter-cookies oatmeal-cookies chocolate-chip-cookies pound-cakes bundt-cakes coffee-cakes
angel-food-cakes layer-cakes sheet-cakes cream-pies fruit-pies custard-pies pecan-pies pumpkin-pies
apple-pies cherry-pies mousses trifles parfaits sorbets granitas popsicles milkshakes lemonades iced-tea
hot-drinks mulled-wine eggnog sangria margaritas martinis mojitos quinoa barley couscous wild-rice
risotto paella fried-rice noodles gnocchi ravioli tortellini beef-tenderloin prime-rib flank-steak
skirt-steak sirloin short-ribs corned-beef roast-beef beef-stew pork-shoulder pulled-pork spare-ribs
baby-back-ribs ham-steaks canadian-bacon pancetta prosciutto chorizo kielbasa bratwurst hot-dogs
pepperoni salami meatless tofu ragu-recipe-contest simply-potatoes2 micro-melanesia somalian sudanese
namibian libyan congolese angolan georgian mongolian nepalese palestinian cambodian laotian guatemalan
costa-rican honduran ecuadorean polynesian icelandic welsh saudi-arabian beijing hunan szechuan cantonese
sichuan-peppercorns baja manitoba saskatchewan nova-scotia newfoundland yukon
""".split()
# Generic "family" tags and their parents: a child tag is preferably given to recipes that
# already carry its parent (the hierarchy of the real vocabulary), so parents are drawn first.
TAG_PARENTS = {
    **dict.fromkeys(("15-minutes-or-less", "30-minutes-or-less", "60-minutes-or-less", "4-hours-or-less",
                     "1-day-or-more"), "time-to-make"),
    **dict.fromkeys(("main-dish", "desserts", "side-dishes", "appetizers", "breakfast", "salads", "soups-stews",
                     "breads", "beverages", "sauces", "snacks", "lunch", "brunch"), "course"),
    **dict.fromkeys(("meat", "poultry", "seafood", "vegetables", "fruit", "eggs-dairy", "pasta-rice-and-grains",
                     "beans", "cheese", "chocolate", "nuts"), "main-ingredient"),
    **dict.fromkeys(("beef", "pork", "lamb-sheep", "veal", "ground-beef", "steak", "ribs", "ham", "bacon",
                     "sausage", "venison", "rabbit", "elk", "moose", "bear", "deer", "brisket", "roast"), "meat"),
    **dict.fromkeys(("chicken", "turkey", "duck", "goose", "quail", "pheasant", "chicken-breasts",
                     "whole-chicken", "chicken-thighs-legs"), "poultry"),
    **dict.fromkeys(("fish", "shrimp", "crab", "lobster", "scallops", "mussels", "clams", "oysters", "squid",
                     "octopus", "salmon", "tuna", "tilapia", "cod", "halibut", "catfish", "trout"), "seafood"),
    **dict.fromkeys(("potatoes", "onions", "tomatoes", "greens", "mushrooms", "corn", "spinach", "broccoli",
                     "carrots", "peppers", "cauliflower", "cabbage", "eggplant", "zucchini", "squash", "asparagus",
                     "artichoke", "beets", "peas", "green-yellow-beans", "cucumber", "avocado", "sweet-potatoes",
                     "pumpkin"), "vegetables"),
    **dict.fromkeys(("berries", "citrus", "apples", "bananas", "strawberries", "lemon", "coconut", "mango",
                     "pineapple", "peaches", "pears", "cherries", "blueberries", "raspberries", "grapes", "melons",
                     "plums", "oranges", "lime", "kiwifruit", "tropical-fruit"), "fruit"),
    **dict.fromkeys(("pasta", "rice", "grains", "oatmeal", "brown-rice", "long-grain-rice", "white-rice"),
                    "pasta-rice-and-grains"),
    **dict.fromkeys(("north-american", "european", "asian", "middle-eastern", "african", "south-american",
                     "south-west-pacific", "caribbean", "central-american"), "cuisine"),
    **dict.fromkeys(("american", "canadian", "mexican"), "north-american"),
    **dict.fromkeys(("southern-united-states", "tex-mex", "californian", "cajun", "creole", "midwestern",
                     "southwestern-united-states", "new-england", "pacific-northwest", "hawaiian",
                     "pennsylvania-dutch", "amish-mennonite", "native-american"), "american"),
    **dict.fromkeys(("italian", "greek", "french", "german", "spanish", "irish", "english", "scottish",
                     "russian", "polish", "hungarian", "scandinavian", "dutch", "belgian", "austrian", "swiss",
                     "portuguese", "czech"), "european"),
    **dict.fromkeys(("chinese", "indian", "thai", "japanese", "korean", "vietnamese", "filipino", "indonesian",
                     "malaysian", "pakistani"), "asian"),
    **dict.fromkeys(("low-in-something", "high-in-something", "vegetarian", "vegan", "healthy", "healthy-2",
                     "diabetic", "gluten-free", "egg-free", "kosher", "lactose"), "dietary"),
    **dict.fromkeys(("low-sodium", "low-carb", "low-cholesterol", "low-calorie", "low-fat", "low-saturated-fat",
                     "low-protein", "very-low-carbs"), "low-in-something"),
    **dict.fromkeys(("high-protein", "high-calcium", "high-fiber"), "high-in-something"),
    **dict.fromkeys(("dinner-party", "holiday-event", "weeknight", "picnic", "potluck", "to-go", "romantic",
                     "camping", "birthday", "wedding", "gifts", "brown-bag", "seasonal"), "occasion"),
    **dict.fromkeys(("christmas", "thanksgiving", "easter", "halloween", "new-years", "valentines-day",
                     "st-patricks-day", "july-fourth", "super-bowl", "mothers-day", "fathers-day", "hanukkah",
                     "passover", "cinco-de-mayo"), "holiday-event"),
    **dict.fromkeys(("winter", "summer", "spring", "fall"), "seasonal"),
    **dict.fromkeys(("oven", "stove-top", "small-appliance", "microwave", "grilling", "refrigerator", "freezer",
                     "pressure-cooker", "deep-fry", "broil"), "equipment"),
    **dict.fromkeys(("crock-pot-slow-cooker", "food-processor-blender", "bread-machine", "mixer"),
                    "small-appliance"),
    **dict.fromkeys(("sweet", "savory", "spicy", "comfort-food"), "taste-mood"),
    **dict.fromkeys(("for-large-groups", "for-1-or-2"), "number-of-servings"),
    **dict.fromkeys(("cookies-and-brownies", "cakes", "pies-and-tarts", "candy", "frozen-desserts", "cheesecake",
                     "puddings-and-mousses", "cupcakes", "fudge", "ice-cream", "cobblers-and-crisps", "tarts"),
                    "desserts"),
    **dict.fromkeys(("bar-cookies", "brownies", "drop-cookies", "rolled-cookies"), "cookies-and-brownies"),
    **dict.fromkeys(("quick-breads", "yeast", "muffins", "rolls-biscuits", "sourdough", "scones", "flat-breads"),
                    "breads"),
    **dict.fromkeys(("cocktails", "punch", "smoothies", "shakes", "non-alcoholic", "coffee-cafe"), "beverages"),
    **dict.fromkeys(("stews", "chowders", "bisques-cream-soups", "clear-soups", "chili", "stocks", "gumbo"),
                    "soups-stews"),
    **dict.fromkeys(("salad-dressings", "gravies", "marinades-and-rubs", "salsas"), "sauces"),
    **dict.fromkeys(("dips", "spreads"), "appetizers"),
    **dict.fromkeys(("pancakes-and-waffles", "eggs"), "breakfast"),
    **dict.fromkeys(("casseroles", "stir-fry", "burgers", "sandwiches", "wraps", "pizza", "curries", "meatballs",
                     "meatloaf", "one-dish-meal"), "main-dish"),
    **dict.fromkeys(("spaghetti", "lasagna", "penne", "macaroni-and-cheese"), "pasta"),
    **dict.fromkeys(("easy", "3-steps-or-less", "5-ingredients-or-less", "beginner-cook", "no-cook",
                     "oamc-freezer-make-ahead", "from-scratch"), "preparation"),
}
# Ingredient keywords that attract a tag (recipes containing a matching ingredient first).
TAG_KEYWORDS = {
    "meat": MEAT_WORDS, "poultry": ("chicken", "turkey", "duck"), "chicken": ("chicken",),
    "chicken-breasts": ("chicken breast",), "beef": ("beef", "steak", "ground round"), "ground-beef": ("ground beef",),
    "pork": ("pork", "bacon", "ham", "sausage"),
    "seafood": ("shrimp", "crab", "salmon", "tuna", "fish", "scallop", "cod"),
    "fish": ("salmon", "tuna", "fish", "cod", "tilapia", "halibut", "trout"), "shrimp": ("shrimp",),
    "salmon": ("salmon",), "tuna": ("tuna",), "turkey": ("turkey",), "ham": ("ham",), "bacon": ("bacon",),
    "sausage": ("sausage",), "lamb-sheep": ("lamb",), "crab": ("crab",), "cheese": ("cheese", "parmesan", "cheddar"),
    "eggs-dairy": ("egg", "milk", "cheese", "cream", "yogurt"), "eggs": ("egg",), "chocolate": ("chocolate", "cocoa"),
    "pasta": ("pasta", "spaghetti", "noodle", "macaroni", "penne", "fettuccine", "linguine"), "rice": ("rice",),
    "potatoes": ("potato",), "tomatoes": ("tomato",), "onions": ("onion",), "apples": ("apple",),
    "berries": ("berr",), "strawberries": ("strawberr",), "blueberries": ("blueberr",),
    "citrus": ("lemon", "lime", "orange"),
    "lemon": ("lemon",), "lime": ("lime",), "nuts": ("nut", "almond", "pecan", "walnut"), "pecans": ("pecan",),
    "walnuts": ("walnut",), "almonds": ("almond",), "beans": ("bean",), "black-beans": ("black bean",),
    "mushrooms": ("mushroom",), "corn": ("corn",), "spinach": ("spinach",), "broccoli": ("broccoli",),
    "carrots": ("carrot",), "peppers": ("bell pepper", "jalapeno"), "zucchini": ("zucchini",), "squash": ("squash",),
    "bananas": ("banana",), "coconut": ("coconut",), "pineapple": ("pineapple",), "avocado": ("avocado",),
    "vegetables": ("onion", "carrot", "celery", "tomato", "pepper", "potato", "spinach", "broccoli", "zucchini",
                   "mushroom", "cabbage", "corn", "pea", "bean"),
    "fruit": ("apple", "banana", "berr", "lemon", "orange", "peach", "pineapple", "cherr", "mango", "grape"),
}
# Tags tied to a season or holiday: (day of year of the peak, half-width in days).
TAG_SEASONS = {
    "christmas": (350, 25), "thanksgiving": (320, 18), "halloween": (295, 15), "easter": (95, 18),
    "valentines-day": (40, 10), "st-patricks-day": (72, 8), "july-fourth": (182, 10), "super-bowl": (30, 12),
    "new-years": (362, 10), "mothers-day": (128, 8), "fathers-day": (165, 8), "cinco-de-mayo": (122, 6),
    "hanukkah": (345, 12), "passover": (100, 12), "winter": (20, 45), "spring": (110, 45), "summer": (200, 45),
    "fall": (290, 45), "seasonal": (340, 120), "holiday-event": (340, 60),
}
# Tags drawn towards low (negative weight) or high values of a nutrient (index in NUTRIENTS).
TAG_NUTRITION = {
    "low-calorie": (0, -1.5), "low-fat": (1, -1.5), "low-sodium": (3, -1.5), "low-protein": (4, -1.5),
    "low-saturated-fat": (5, -1.5), "low-cholesterol": (5, -1.2), "low-carb": (6, -1.5), "very-low-carbs": (6, -2.5),
    "diabetic": (2, -1.2), "healthy": (0, -0.7), "healthy-2": (0, -0.7), "low-in-something": (0, -0.8),
    "high-protein": (4, 1.5), "high-fiber": (6, 0.8), "desserts": (2, 1.0), "high-in-something": (4, 0.8),
}
# Tags drawn towards recipes whose steps use a technique.
TAG_TECHNIQUES = {
    "oven": ("bake", "roast", "broil"), "stove-top": ("simmer", "saute", "boil", "fry"), "microwave": ("microwave",),
    "crock-pot-slow-cooker": ("crock pot", "slow cook"), "food-processor-blender": ("blend", "puree"),
    "grilling": ("grill", "barbecue"), "deep-fry": ("fry",), "broil": ("broil",), "refrigerator": ("refrigerat",),
    "freezer": ("freez",), "equipment": ("bake", "simmer", "grill", "blend", "microwave"),
}
# Tags drawn towards short (negative) or long recipes: weight per step / ingredient / log-minute.
TAG_EFFORT = {
    "3-steps-or-less": ("n_steps", -1.2), "easy": ("n_steps", -0.15), "beginner-cook": ("n_steps", -0.2),
    "5-ingredients-or-less": ("n_ingredients", -1.2), "inexpensive": ("n_ingredients", -0.1),
    "weeknight": ("minutes", -0.6), "oamc-freezer-make-ahead": ("minutes", 0.5), "one-dish-meal": ("n_steps", 0.05),
    "presentation": ("n_steps", 0.1), "dinner-party": ("n_steps", 0.08),
}
# Minutes buckets of the time tags (inclusive upper bounds); longer recipes may get 1-day-or-more.
TIME_TAGS = (("15-minutes-or-less", 15), ("30-minutes-or-less", 30), ("60-minutes-or-less", 60),
             ("4-hours-or-less", 240))


# ==========================================================================================
# Calibration and sizes

# Statistics read by the generator (the defaults file holds exactly these).
CALIBRATION_KEYS = (
    "dataset.table_row_counts", "recipes.describe_numeric", "recipes.submitted.describe",
    "recipes.minutes.outliers", "recipes.minutes.bins_B", "recipes.n_steps.value_counts_1_to_40",
    "recipes.nutrition.describe", "recipes.nutrition.p99", "recipes.per_year", "recipes.per_weekday",
    "recipes.per_day_of_year", "recipes.submitted.top_days", "recipes.contributors", "recipes.contributors.top10",
    "recipes.nulls", "recipes.tags.summary", "recipes.tags.top30", "recipes.tags.rarity_buckets_231636",
    "recipes.ingredients.summary", "recipes.ingredients.top30", "recipes.ingredients.more_counts",
    "recipes.ingredients.rarity_231636", "interactions.describe", "interactions.rating.value_counts",
    "interactions.date_range", "interactions.distinct", "interactions.per_user.describe",
    "interactions.per_user.top10", "interactions.per_recipe.describe", "interactions.per_recipe.top10",
    "interactions.reviews.nulls", "interactions.review_length_chars.describe", "interactions.per_month",
    "interactions.nonzero.per_weekday", "interactions.per_year_APPROX", "splits.overlaps",
)


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
    try:
        entries = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"cannot read calibration file {file}: {exc}") from exc
    values = {key: entry["value"] for key, entry in entries.items() if isinstance(entry, dict) and "value" in entry}
    missing = [key for key in CALIBRATION_KEYS if key not in values]
    if missing:
        raise ValueError(f"calibration file {file} lacks statistics: {', '.join(missing)}")
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
        return max(1, int(round(count * scale)))

    pp_users = scaled(rows["PP_users"])
    test = min(scaled(rows["interactions_test"]), pp_users)
    validation = min(scaled(rows["interactions_validation"]), pp_users)
    both = min(scaled(cal["splits.overlaps"]["users_val_test"]), test, validation)
    return Sizes(recipes=scaled(rows["RAW_recipes"]), interactions=scaled(rows["RAW_interactions"]),
                 users=scaled(cal["interactions.distinct"]["users"]),
                 contributors=scaled(cal["recipes.contributors"]["n_unique"]), pp_users=pp_users, test=test,
                 validation=validation, test_and_validation=both, scale=scale)


# ==========================================================================================
# Numeric helpers


def _allocate(weights, total: int, rng: np.random.Generator | None = None) -> np.ndarray:
    """Integers proportional to ``weights`` that sum exactly to ``total`` (largest remainder;
    ``rng`` breaks ties between equal remainders randomly instead of by position)."""
    w = np.asarray(weights, dtype=float)
    quota = w / w.sum() * total
    base = np.floor(quota).astype(np.int64)
    remainder = quota - base
    if rng is not None:
        remainder = remainder + rng.random(len(w)) * 1e-9
    short = int(total - base.sum())
    if short:
        base[np.argsort(-remainder, kind="stable")[:short]] += 1
    return base


def _stratified(n: int) -> np.ndarray:
    """Evenly spaced probabilities (i + 0.5) / n: exact marginals without sampling noise."""
    return (np.arange(n) + 0.5) / n


def _tail_quantile(u: np.ndarray, anchors: list[tuple[float, float]]) -> np.ndarray:
    """Quantile function through (probability, value) anchors, linear in log(value) against
    -log(1 - u) (a Pareto tail is a straight line), extrapolating the last segment."""
    ax = -np.log1p(-np.array([a[0] for a in anchors]))
    ay = np.log([a[1] for a in anchors])
    x = -np.log1p(-np.asarray(u, dtype=float))
    y = np.interp(x, ax, ay)
    beyond = x > ax[-1]
    slope = (ay[-1] - ay[-2]) / (ax[-1] - ax[-2])
    y[beyond] = ay[-1] + slope * (x[beyond] - ax[-1])
    return np.exp(y)


def _heavy_tail_counts(n: int, anchors: list[tuple[float, float]], total: int, band_from: float, cap: int,
                       fixed_top: int = 0) -> np.ndarray:
    """``n`` integer counts in [1, cap], ascending, read from an anchored quantile function
    (anchor values carry +0.5 so that flooring hits them) and adjusted to sum to ``total``.

    Only the band of probabilities above ``band_from`` (the last anchored quantile) is scaled,
    and the ``fixed_top`` largest counts are left alone, so the anchored quantiles and the real
    maxima (top-10 anchors) survive at scale 1. At small scales the band must carry the mass of
    the missing extreme tail; ``cap`` keeps it feasible (a user cannot review more recipes than
    exist).
    """
    raw = _tail_quantile(_stratified(n), anchors)
    band = np.zeros(n, dtype=bool)
    band[min(int(np.ceil(n * band_from)), n - 1):max(n - fixed_top, 1)] = True
    if not band.any():
        band[:] = True
    if n * cap < total:
        raise ValueError(f"cannot spread {total} rows over {n} owners of at most {cap}")

    def floored(factor: float) -> np.ndarray:
        return np.clip(np.floor(np.where(band, raw * factor, raw)), 1, cap)

    lo, hi = 1e-3, 1e6
    for _ in range(100):
        mid = math.sqrt(lo * hi)
        lo, hi = (mid, hi) if floored(mid).sum() < total else (lo, mid)
    counts = floored(lo).astype(np.int64)
    # The last units go to (or come from) the largest counts of the band, one each, in [1, cap].
    order = np.flatnonzero(band)[::-1]
    order = np.concatenate([order, np.flatnonzero(~band)[::-1]])
    while (short := int(total - counts.sum())) != 0:
        room = order[counts[order] < cap] if short > 0 else order[counts[order] > 1]
        take = room[:abs(short)]
        counts[take] += 1 if short > 0 else -1
    return np.sort(counts)


def _assign_by_rank(sorted_values: np.ndarray, latent: np.ndarray) -> np.ndarray:
    """Give the i-th smallest value to the row with the i-th smallest latent score."""
    out = np.empty_like(sorted_values)
    out[np.argsort(latent, kind="stable")] = sorted_values
    return out


def _top_k(log_weights: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """Weighted sample of ``k`` distinct indices without replacement (Gumbel top-k), sorted."""
    n = len(log_weights)
    if k >= n:
        return np.arange(n)
    if k <= 0:
        return np.empty(0, dtype=np.int64)
    keys = log_weights - np.log(-np.log(rng.random(n)))
    return np.sort(np.argpartition(-keys, k - 1)[:k])


def _normal_rank_scores(values: np.ndarray) -> np.ndarray:
    """Normal scores of the ranks of ``values`` (ties broken by position)."""
    ranks = np.empty(len(values))
    ranks[np.argsort(values, kind="stable")] = _stratified(len(values))
    return ndtri(ranks)


def _segments(ptr: np.ndarray) -> np.ndarray:
    """Owner index of each element of a ragged array given its offsets ``ptr`` (len n + 1)."""
    return np.repeat(np.arange(len(ptr) - 1), np.diff(ptr))


def _resolve_duplicates(owner: np.ndarray, item: np.ndarray, order: np.ndarray, rng: np.random.Generator,
                        reach: int, what: str) -> None:
    """Make (owner, item) pairs unique in place by swapping ``item`` between slots.

    A duplicated slot swaps its item with a random slot at most ``reach`` positions away in
    ``order`` (slots sorted by the latent the matching was made on; the reach doubles every 8
    rounds), so swaps barely disturb that matching; counts per owner and per item are
    preserved exactly.
    """
    position = np.empty(len(order), dtype=np.int64)
    position[order] = np.arange(len(order))
    key_base = int(item.max()) + 1
    check = np.arange(len(owner))  # slots whose owner may hold a duplicate
    for attempt in range(200):
        key = owner[check].astype(np.int64) * key_base + item[check]
        sort = np.argsort(key, kind="stable")
        dup = check[sort[1:][key[sort][1:] == key[sort][:-1]]]
        if len(dup) == 0:
            return
        touched = np.zeros(int(owner.max()) + 1, dtype=bool)
        touched[owner[dup]] = True
        # Stubborn duplicates (a busy item crowding a busy owner) look further away.
        span = min(reach * 2 ** (attempt // 8), len(order))
        offset = rng.integers(1, span + 1, len(dup)) * rng.choice((-1, 1), len(dup))
        partner = order[(position[dup] + offset) % len(order)]
        ok = (owner[partner] != owner[dup]) & (item[partner] != item[dup]) & ~np.isin(partner, dup)
        dup, partner = dup[ok], partner[ok]
        _, first = np.unique(partner, return_index=True)
        dup, partner = dup[first], partner[first]
        item[dup], item[partner] = item[partner], item[dup].copy()
        # Only owners that kept or received a swapped item can hold a duplicate next round.
        touched[owner[partner]] = True
        check = np.flatnonzero(touched[owner])
    raise RuntimeError(f"could not make {what} pairs unique")


# ==========================================================================================
# Vocabularies


@dataclass(frozen=True)
class Vocabulary:
    """Tags and ingredients with their frequency at scale 1, plus per-ingredient attributes."""

    tags: tuple[str, ...]
    tag_counts: np.ndarray  # occurrences at scale 1, in rank order
    ingredients: tuple[str, ...]
    ingredient_counts: np.ndarray  # recipes using the ingredient at scale 1
    ingredient_ids: np.ndarray  # PP_recipes ingredient id (variants share their base's id)
    sweetness: np.ndarray  # -1 savoury .. 1 sweet
    short_names: tuple[str, ...]  # one or two words used in recipe names
    nameable: np.ndarray  # False for pantry staples and odd strings


def _log_log_profile(ranks: np.ndarray, anchors: list[tuple[float, float]]) -> np.ndarray:
    """Counts by rank, linear in log(count) against log(rank) between anchors."""
    ax = np.log([a[0] for a in anchors])
    ay = np.log([a[1] for a in anchors])
    return np.exp(np.interp(np.log(ranks), ax, ay))


def _solve_mid_anchor(ranks: np.ndarray, before: tuple, after: list, mid_rank: int, target: float,
                      fixed: float) -> np.ndarray:
    """Profile through ``before``, (mid_rank, c) and ``after`` anchors, c chosen so that the
    profile plus ``fixed`` sums to ``target`` (bisection in log space)."""
    lo, hi = math.log(after[0][1]), math.log(before[1])
    for _ in range(60):
        mid = (lo + hi) / 2
        total = fixed + _log_log_profile(ranks, [before, (mid_rank, math.exp(mid)), *after]).sum()
        lo, hi = (mid, hi) if total < target else (lo, mid)
    return _log_log_profile(ranks, [before, (mid_rank, math.exp(lo)), *after])


def _tag_vocabulary(cal: Calibration) -> tuple[tuple[str, ...], np.ndarray]:
    top = cal["recipes.tags.top30"]
    summary = cal["recipes.tags.summary"]
    rarity = cal["recipes.tags.rarity_buckets_231636"]
    names = (*top, *TAG_RANKED, "")
    if len(names) != summary["n_unique"]:
        raise ValueError(f"tag vocabulary has {len(names)} names, calibration says {summary['n_unique']}")
    # Last rank of each rarity bucket (most frequent bucket first).
    last_gt1000 = rarity[">1000"]
    last_gt100 = last_gt1000 + rarity["101-1000"]
    last_gt20 = last_gt100 + rarity["21-100"]
    last_gt5 = last_gt20 + rarity["6-20"]
    last_gt1 = last_gt5 + rarity["2-5"]
    top_counts = np.array(list(top.values()), dtype=float)
    ranks = np.arange(len(top) + 1, last_gt1 + 1)
    after = [(summary["n_tags_ge_15000"], 15000), (summary["n_tags_ge_5000"], 5000), (last_gt1000, 1001),
             (last_gt100, 101), (last_gt20, 21), (last_gt5, 6), (last_gt1, 2)]
    ones = len(names) - last_gt1
    middle = _solve_mid_anchor(ranks, (len(top), top_counts[-1]), after, len(top) + 15,
                               summary["total_occurrences"], top_counts.sum() + ones)
    return names, np.concatenate([top_counts, middle, np.ones(ones)])


def _ingredient_sweetness(name: str) -> float:
    weights = [w for word, w in SWEET_WORDS.items() if word in name]
    return float(np.mean(weights)) if weights else 0.0


def _spelling_distance(raw: str, canonical: str) -> int:
    """0 when ``raw`` is the canonical name (maybe plural), 1 when it contains its words, else 2."""
    stem = {w.rstrip("s") for w in raw.split()}
    if raw.rstrip("s") == canonical.rstrip("s"):
        return 0
    return 1 if {w.rstrip("s") for w in canonical.split()} <= stem else 2


def _base_ingredient_names(cal: Calibration, rng: np.random.Generator) -> tuple[list[str], dict[str, int]]:
    """Real raw ingredient strings (ingr_map) most popular first, with their PP ids; else the
    built-in list. The calibration's named ingredients always come first."""
    named = [*cal["recipes.ingredients.top30"], *cal["recipes.ingredients.more_counts"]]
    if cal.ingr_map is not None:
        table = cal.ingr_map.assign(likeness=[_spelling_distance(r, c) for r, c in
                                              zip(cal.ingr_map["raw_ingr"], cal.ingr_map["replaced"])],
                                    length=cal.ingr_map["raw_ingr"].str.len(),
                                    noise=rng.random(len(cal.ingr_map)))
        # A canonical ingredient's frequency goes mostly to its plainest raw spellings, minus
        # what the calibration's named spellings of it already take.
        table = table.sort_values(["replaced", "likeness", "length", "noise"], kind="stable")
        groups = table["replaced"].to_numpy()
        within = table.groupby("replaced").cumcount().to_numpy()
        share = 1.0 / (within + 1.0) ** 1.5
        share /= pd.Series(share).groupby(groups).transform("sum").to_numpy()
        named_counts = {**cal["recipes.ingredients.top30"], **cal["recipes.ingredients.more_counts"]}
        taken = pd.Series(table["raw_ingr"].map(named_counts).fillna(0).to_numpy()).groupby(groups)
        left = np.maximum(0.05, 1 - taken.transform("sum").to_numpy() / table["count"].to_numpy())
        score = table["count"].to_numpy() * left * share * rng.lognormal(0.0, 0.5, len(table))
        ordered = table["raw_ingr"].to_numpy()[np.argsort(-score, kind="stable")]
        ids = dict(zip(table["raw_ingr"], table["id"].astype(int)))
    else:
        ordered = np.array(FALLBACK_INGREDIENTS, dtype=object)
        ids = {}
    names = list(dict.fromkeys([*named, *ordered.tolist()]))
    next_id = max(ids.values(), default=-1) + 1
    for name in names:
        if name not in ids:
            ids[name] = next_id
            next_id += 1
    return names, ids


def _ingredient_variants(bases: list[str], taken: set[str], needed: int,
                         rng: np.random.Generator) -> list[tuple[str, str]]:
    """``needed`` new (name, base) pairs "modifier(s) + base" in seeded order, built on the
    popular plain bases (one or two words, no modifier of their own)."""
    modifiers = set(" ".join(INGREDIENT_MODIFIERS).split())
    plain = [b for b in bases[:3000] if len(b.split()) <= 2 and b.replace(" ", "").isalpha()
             and not modifiers & set(b.split())]
    out: list[tuple[str, str]] = []
    for n_modifiers in (1, 2, 3):
        picks = rng.integers(0, len(INGREDIENT_MODIFIERS), (needed * 4, n_modifiers)).tolist()
        for row, b in zip(picks, rng.integers(0, len(plain), needed * 4).tolist()):
            name = " ".join([*(INGREDIENT_MODIFIERS[m] for m in sorted(set(row))), plain[b]])
            if name not in taken:
                taken.add(name)
                out.append((name, plain[b]))
                if len(out) == needed:
                    return out
    raise RuntimeError("ingredient vocabulary could not be completed")


def _ingredient_vocabulary(cal: Calibration, rng: np.random.Generator) -> dict:
    summary = cal["recipes.ingredients.summary"]
    rarity = cal["recipes.ingredients.rarity_231636"]
    top = cal["recipes.ingredients.top30"]
    extra = cal["recipes.ingredients.more_counts"]
    size = summary["n_unique"]
    names, ids = _base_ingredient_names(cal, rng)
    names = names[:size]
    for name, base in _ingredient_variants(names, set(names), size - len(names), rng):
        names.append(name)
        ids[name] = ids[base]
    # Frequency profile by rank: top 30 exact, then log-log down to the rarity anchors (the
    # extra anchors make rounding land exactly on the "used <= 5" and "used once" shares).
    last_gt5 = size - rarity["used_le_5"]
    last_gt1 = size - rarity["used_once"]
    top_counts = np.array(list(top.values()), dtype=float)
    ranks = np.arange(len(top) + 1, last_gt1 + 1)
    profile = _solve_mid_anchor(ranks, (len(top), top_counts[-1]),
                                [(last_gt5, 6), (last_gt5 + 1, 5.45), (last_gt1, 1.55)], 400,
                                summary["total_occurrences"], top_counts.sum() + size - last_gt1)
    counts = np.round(np.concatenate([top_counts, profile, np.ones(size - last_gt1)]))
    # Named extra ingredients take the rank whose profile count is closest to theirs.
    free = np.ones(size, dtype=bool)
    free[:len(top)] = False
    slots: dict[int, str] = {}
    for name, count in sorted(extra.items(), key=lambda kv: -kv[1]):
        candidates = np.flatnonzero(free)
        rank = int(candidates[np.argmin(np.abs(counts[candidates] - count))])
        slots[rank] = name
        counts[rank] = count
        free[rank] = False
    others = iter(n for n in names[len(top):] if n not in extra)
    ranked = [*top, *(slots.get(r) or next(others) for r in range(len(top), size))]
    return {"names": ranked, "counts": counts, "ids": ids}


def _build_vocabulary(cal: Calibration, rng: np.random.Generator) -> Vocabulary:
    tags, tag_counts = _tag_vocabulary(cal)
    ingredients = _ingredient_vocabulary(cal, rng)
    names = ingredients["names"]
    short = tuple(" ".join(n.split()[-2:]) for n in names)
    nameable = np.array([n not in PANTRY_STAPLES and len(n.split()) <= 3 and not NON_KEY_WORDS & set(n.split())
                         and n.replace(" ", "").replace("-", "").isalpha() for n in names])
    return Vocabulary(tags=tags, tag_counts=tag_counts, ingredients=tuple(names),
                      ingredient_counts=ingredients["counts"],
                      ingredient_ids=np.array([ingredients["ids"][n] for n in names]),
                      sweetness=np.array([_ingredient_sweetness(n) for n in names]), short_names=short,
                      nameable=nameable)


# ==========================================================================================
# Calendar helpers (dates are int day numbers since 1970-01-01)


def _day(text: str) -> int:
    return int(np.datetime64(text[:10], "D").astype(np.int64))


def _calendar(days: np.ndarray) -> dict[str, np.ndarray]:
    d = days.astype("datetime64[D]")
    month_start = d.astype("datetime64[M]")
    return {"year": d.astype("datetime64[Y]").astype(int) + 1970, "month": month_start.astype(int) % 12 + 1,
            "dom": (d - month_start.astype("datetime64[D]")).astype(int) + 1,
            "weekday": (days.astype(np.int64) + 3) % 7,  # 1970-01-01 was a Thursday; Monday = 0
            "doy": (d - d.astype("datetime64[Y]").astype("datetime64[D]")).astype(int)}


def _rake(weights: np.ndarray, margins: list[tuple[np.ndarray, np.ndarray]], iterations: int = 60) -> np.ndarray:
    """Iterative proportional fitting: rescale ``weights`` until their sums over each margin's
    groups (``index`` array, ``target`` per group) match the targets."""
    w = weights.astype(float).copy()
    for _ in range(iterations):
        for index, target in margins:
            current = np.bincount(index, w, minlength=len(target))
            w *= np.divide(target, current, out=np.zeros(len(target)), where=current > 0)[index]
    return w


def _day_profile(days: np.ndarray, year_totals: dict, total: float, extra: list[tuple[np.ndarray, np.ndarray]],
                 noise: np.ndarray) -> np.ndarray:
    """Expected count per day: ``noise`` raked to the per-year totals and the ``extra`` margins,
    each margin rescaled to ``total``."""
    calendar = _calendar(days)
    years = np.array(sorted(int(y) for y in year_totals))
    year_index = np.searchsorted(years, calendar["year"])
    year_target = np.array([year_totals[str(y)] for y in years], dtype=float)
    margins = [(index, target / target.sum() * total) for index, target in extra]
    margins.append((year_index, year_target / year_target.sum() * total))
    return _rake(noise, margins)


# ==========================================================================================
# Recipes

# Gamma shape of day-to-day noise of submissions: low values leave days empty as in the real data
# (5,090 distinct dates in 19 years) and make busy days.
SUBMISSION_DAY_NOISE = 0.55
# Latent correlation of n_steps and n_ingredients (gives Pearson ~0.43 after the discrete mapping).
SIZE_LATENT_RHO = 0.42
# Share of ingredient-matching noise: occurrences and recipe slots are matched on sweetness
# (sweet ingredients go to desserts); the noise keeps salt, butter or onion everywhere.
INGREDIENT_MATCH_NOISE = (0.55, 0.35)


@dataclass
class Recipes:
    """Recipe columns in internal order (ascending submission day); ragged lists as offsets."""

    day: np.ndarray
    category: np.ndarray
    n_steps: np.ndarray
    n_ingredients: np.ndarray
    minutes: np.ndarray
    nutrition: np.ndarray  # (n, 7) rounded values
    ingredient_ptr: np.ndarray
    ingredient: np.ndarray  # vocabulary index per slot
    step_ptr: np.ndarray
    step_template: np.ndarray
    step_ingredient: np.ndarray  # vocabulary index filling the template's slot
    step_clause: np.ndarray  # index in STEP_CLAUSES appended to the step, or -1
    techniques: np.ndarray  # uint64 bit mask over TECHNIQUES
    name: np.ndarray  # object array of str
    name_prefix: np.ndarray  # index in NAME_PREFIXES or -1
    tag_ptr: np.ndarray | None = None
    tag: np.ndarray | None = None
    id: np.ndarray | None = None
    contributor: np.ndarray | None = None
    has_description: np.ndarray | None = None


def _submission_days(cal: Calibration, n: int, rng: np.random.Generator) -> np.ndarray:
    """Sorted submission days matching per-year, per-day-of-year and per-weekday counts, with
    the real spike days (bulk imports) scaled."""
    desc = cal["recipes.submitted.describe"]
    days = np.arange(_day(desc["min"]), _day(desc["max"]) + 1)
    calendar = _calendar(days)
    per_year = cal["recipes.per_year"]
    ratio = n / sum(per_year.values())
    spike_days = {_day(d): int(c * ratio) for d, c in cal["recipes.submitted.top_days"].items()
                  if days[0] <= _day(d) <= days[-1]}
    spikes = np.zeros(len(days), dtype=np.int64)
    spikes[np.array(list(spike_days), dtype=np.int64) - days[0]] = list(spike_days.values())
    rest = n - int(spikes.sum())
    keys = [f"{m:02d}-{d:02d}" for m, d in zip(calendar["month"], calendar["dom"])]
    doy_names = sorted(cal["recipes.per_day_of_year"])
    doy_index = np.searchsorted(doy_names, keys)
    doy_target = np.array([cal["recipes.per_day_of_year"][k] for k in doy_names], dtype=float)
    weekday_target = np.array([cal["recipes.per_weekday"][w] for w in WEEKDAYS], dtype=float)
    # Spike days are placed exactly; the other days share the remaining counts of each margin.
    year_rest = {y: max(0.0, c - spikes[calendar["year"] == int(y)].sum() / ratio) for y, c in per_year.items()}
    doy_rest = np.maximum(0, doy_target - np.bincount(doy_index, spikes / ratio, minlength=len(doy_names)))
    weekday_rest = np.maximum(0, weekday_target - np.bincount(calendar["weekday"], spikes / ratio, minlength=7))
    noise = rng.gamma(SUBMISSION_DAY_NOISE, 1.0 / SUBMISSION_DAY_NOISE, len(days))
    noise[spikes > 0] = 0.0
    expected = _day_profile(days, year_rest, rest, [(doy_index, doy_rest), (calendar["weekday"], weekday_rest)], noise)
    # Exact count per year, then days drawn within the year.
    years = sorted(year_rest)
    counts = spikes.copy()
    for year, total in zip(years, _allocate([year_rest[y] for y in years], rest)):
        in_year = calendar["year"] == int(year)
        if total:
            counts[in_year] += rng.multinomial(total, expected[in_year] / expected[in_year].sum())
    return np.repeat(days, counts).astype(np.int32)


def _n_steps_values(cal: Calibration, n: int) -> np.ndarray:
    """Sorted n_steps: exact 1..40 profile, a geometric tail to the real max, one empty recipe."""
    counts = {int(k): v for k, v in cal["recipes.n_steps.value_counts_1_to_40"].items()}
    n_real = cal["dataset.table_row_counts"]["RAW_recipes"]
    top = int(cal["recipes.describe_numeric"]["n_steps"]["max"])
    tail_values = np.arange(max(counts) + 1, top + 1)
    tail_weights = np.exp(-(tail_values - tail_values[0]) / 10.0)
    tail = tail_weights / tail_weights.sum() * (n_real - sum(counts.values()) - 1)
    values = np.concatenate([list(counts), tail_values])
    sorted_values = np.repeat(values, _allocate(np.concatenate([list(counts.values()), tail]), n - 1))
    sorted_values[-1] = top  # the real maximum is kept once
    return np.concatenate([[0], sorted_values]).astype(np.int16)


def _n_ingredients_values(cal: Calibration, n: int) -> np.ndarray:
    """Sorted n_ingredients: 1 + negative binomial matching the real mean and std, capped."""
    desc = cal["recipes.describe_numeric"]["n_ingredients"]
    mean, var = desc["mean"] - desc["min"], desc["std"] ** 2
    p = mean / var
    r = mean * p / (1 - p)
    k = np.arange(0, int(desc["max"] - desc["min"]) + 1)
    log_pmf = (np.array([math.lgamma(r + x) - math.lgamma(x + 1) - math.lgamma(r) for x in k])
               + r * math.log(p) + k * math.log(1 - p))
    sorted_values = np.repeat(k + int(desc["min"]), _allocate(np.exp(log_pmf), n))
    sorted_values[-1] = int(desc["max"])
    return sorted_values.astype(np.int16)


def _minutes_values(cal: Calibration, n: int) -> np.ndarray:
    """Sorted minutes: real bin counts, heaped on round numbers inside bins, plus two quirks."""
    bins = cal["recipes.minutes.bins_B"]
    out = cal["recipes.minutes.outliers"]
    over_240, over_1440, over_10000, over_43200 = bins[">240"], out["n_gt_1440"], out["n_gt_10000"], out["n_gt_43200"]
    gt_180 = out["n_gt_180"]
    # (first, last, step of candidate values, real count, decay exponent of the density)
    spec = [(0, 0, 1, out["n_zero_minutes"], 0.0), (1, 15, 1, bins["<=15"] - out["n_zero_minutes"], 0.0),
            (16, 30, 1, bins["16-30"], 0.0), (31, 60, 1, bins["31-60"], 0.6), (61, 120, 1, bins["61-120"], 2.5),
            (121, 180, 1, bins["121-240"] - (gt_180 - over_240), 1.5), (181, 240, 1, gt_180 - over_240, 1.5),
            (245, 1440, 5, over_240 - over_1440, 3.0), (1455, 10000, 15, over_1440 - over_10000, 2.4),
            (10020, 43200, 60, over_10000 - over_43200, 2.2), (43260, 300000, 60, over_43200 - 2, 2.8)]
    per_bin = _allocate([s[3] for s in spec], n - 2)
    parts = []
    for (first, last, step, _, decay), count in zip(spec, per_bin):
        values = np.arange(first, last + 1, step)
        # People type round durations: weight by the roundest divisor (per step of the bin).
        divisors = (60, 30, 15, 10, 5) if step == 1 else (60, 30)
        heaps = (30.0, 24.0, 14.0, 14.0, 9.0) if step == 1 else (6.0, 3.0)
        heap = np.select([values % d == 0 for d in divisors], heaps, 1.0)
        weights = heap * np.maximum(values, 1) ** -decay
        cdf = np.cumsum(weights) / weights.sum()
        parts.append(values[np.minimum(np.searchsorted(cdf, _stratified(count)), len(values) - 1)])
    return np.concatenate([*parts, [HUGE_MINUTES, BOGUS_MINUTES]]).astype(np.int64)


def _nutrition_quantiles(cal: Calibration, u: np.ndarray) -> np.ndarray:
    """(n, 7) values from the quantile functions of the 7 nutrients at probabilities ``u``
    (n, 7): power law below the first quartile, log-log through quartiles, p99 and max."""
    desc = cal["recipes.nutrition.describe"]
    p99 = cal["recipes.nutrition.p99"]
    n_real = cal["dataset.table_row_counts"]["RAW_recipes"]
    out = np.empty_like(u)
    for j, nutrient in enumerate(NUTRIENTS):
        d = desc[nutrient]
        anchors = [(0.25, d["25%"]), (0.5, d["50%"]), (0.75, d["75%"]), (0.99, p99[nutrient]),
                   (1 - 0.5 / n_real, d["max"])]
        col = _tail_quantile(np.maximum(u[:, j], 0.25), anchors)
        low = u[:, j] < 0.25
        col[low] = d["25%"] * (u[low, j] / 0.25) ** 1.6
        out[:, j] = col
    return out


# Latent correlation of (fat, sugar, sodium, protein, sat fat, carbs) normal scores.
NUTRITION_LATENT_CORR = np.array([
    [1.00, 0.20, 0.35, 0.45, 0.85, 0.30],
    [0.20, 1.00, -0.10, -0.05, 0.25, 0.80],
    [0.35, -0.10, 1.00, 0.45, 0.25, 0.15],
    [0.45, -0.05, 0.45, 1.00, 0.40, 0.10],
    [0.85, 0.25, 0.25, 0.40, 1.00, 0.25],
    [0.30, 0.80, 0.15, 0.10, 0.25, 1.00],
])
# Calories latent as a mix of the macro latents (fat, sugar, protein, carbs) plus own noise.
CALORIE_MIX = (0.45, 0.15, 0.25, 0.45, 0.30)
# Heavy "batch" components shared by nutrient groups: whole-batch recipes entered as one serving
# put the same recipes at the top of sugar, carbs and calories (or fat, sat fat and calories),
# which is what makes the real Pearson correlations of those pairs so high.
BATCH_SUGAR = {"share": 0.004, "scale": 9.0, "weights": {0: 1.0, 2: 1.0, 6: 1.0}}
BATCH_FAT = {"share": 0.003, "scale": 9.0, "weights": {0: 0.6, 1: 1.0, 5: 1.0}}


def _nutrition(cal: Calibration, category: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    n = len(category)
    macro = rng.standard_normal((n, 6)) @ np.linalg.cholesky(NUTRITION_LATENT_CORR).T
    fat, sugar, sodium, protein, sat_fat, carbs = macro.T
    a, b, c, d, e = CALORIE_MIX
    calories = a * fat + b * sugar + c * protein + d * carbs + e * rng.standard_normal(n)
    latent = np.column_stack([calories, fat, sugar, sodium, protein, sat_fat, carbs])
    latent += np.array([cat.nutrition_shift for cat in CATEGORIES])[category]
    for batch in (BATCH_SUGAR, BATCH_FAT):
        hit = rng.random(n) < batch["share"]
        size = batch["scale"] * rng.exponential(1.0, n) * hit
        for column, weight in batch["weights"].items():
            latent[:, column] += weight * size
    values = np.empty((n, len(NUTRIENTS)))
    sorted_values = _nutrition_quantiles(cal, np.repeat(_stratified(n)[:, None], len(NUTRIENTS), axis=1))
    for j in range(len(NUTRIENTS)):
        values[:, j] = _assign_by_rank(sorted_values[:, j], latent[:, j])
    values[:, 0] = np.round(values[:, 0], 1)
    values[:, 1:] = np.round(values[:, 1:])
    return values


def _ingredient_slots(vocab: Vocabulary, category: np.ndarray, n_ingredients: np.ndarray,
                      rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Ingredient of every slot: exact occurrence counts per ingredient (vocabulary profile)
    matched to slots on sweetness, then made unique within each recipe."""
    ptr = np.concatenate([[0], np.cumsum(n_ingredients, dtype=np.int64)])
    slots = int(ptr[-1])
    occurrences = np.repeat(np.arange(len(vocab.ingredients), dtype=np.int32),
                            _allocate(vocab.ingredient_counts, slots, rng))
    occurrence_noise, slot_noise = INGREDIENT_MATCH_NOISE
    occurrence_key = vocab.sweetness[occurrences] + occurrence_noise * rng.standard_normal(slots)
    owner = _segments(ptr)
    recipe_sweetness = np.array([cat.sweetness for cat in CATEGORIES])[category]
    slot_key = recipe_sweetness[owner] + slot_noise * rng.standard_normal(slots)
    slot_order = np.argsort(slot_key, kind="stable")
    item = np.empty(slots, dtype=np.int32)
    item[slot_order] = occurrences[np.argsort(occurrence_key, kind="stable")]
    _resolve_duplicates(owner, item, slot_order, rng, reach=200, what="(recipe, ingredient)")
    return ptr, item


@dataclass(frozen=True)
class StepTemplates:
    """All step templates: text split around the ingredient slot, pools and technique masks."""

    prefix: tuple[str, ...]
    suffix: tuple[str, ...]
    has_slot: np.ndarray
    techniques: np.ndarray  # uint64 masks
    pools: dict  # (kind, style) -> template indices
    clause_techniques: np.ndarray  # uint64 masks of STEP_CLAUSES


def _step_templates() -> StepTemplates:
    texts: list[str] = []
    pools = {}
    groups = {**{("first", s): p for s, p in STEP_FIRST.items()}, **{("middle", s): p for s, p in STEP_MIDDLE.items()},
              ("last", None): STEP_LAST, ("only", None): STEP_ONLY}
    for key, pool in groups.items():
        pools[key] = np.arange(len(texts), len(texts) + len(pool))
        texts.extend(pool)
    parts = [t.partition("{}") for t in texts]
    return StepTemplates(prefix=tuple(p[0] for p in parts), suffix=tuple(p[2] for p in parts),
                         has_slot=np.array(["{}" in t for t in texts]), techniques=_technique_masks(texts), pools=pools,
                         clause_techniques=_technique_masks(STEP_CLAUSES))


def _technique_masks(texts) -> np.ndarray:
    """Bit j set when the text contains the stem of technique j."""
    return np.array([sum(1 << j for j, stem in enumerate(TECHNIQUES) if stem in t) for t in texts], dtype=np.uint64)


STYLES = ("bake", "stove", "cold")


def _steps(templates: StepTemplates, category: np.ndarray, n_steps: np.ndarray, ingredient_ptr: np.ndarray,
           ingredient: np.ndarray, rng: np.random.Generator):
    """Template and slot ingredient of every step, and the technique mask of every recipe."""
    n = len(category)
    style_probs = np.array([cat.steps for cat in CATEGORIES])[category]
    recipe_style = (rng.random((n, 1)) > np.cumsum(style_probs, axis=1)).sum(axis=1)
    ptr = np.concatenate([[0], np.cumsum(n_steps, dtype=np.int64)])
    owner = _segments(ptr)
    position = np.arange(ptr[-1]) - ptr[owner]
    length = n_steps[owner]
    # Middle steps keep the recipe's style 80% of the time.
    style = np.where(rng.random(len(owner)) < 0.8, recipe_style[owner], rng.integers(0, len(STYLES), len(owner)))
    kind = np.select([length == 1, position == 0, position == length - 1], [3, 0, 2], 1)
    template = np.empty(len(owner), dtype=np.int16)
    pick = rng.random(len(owner))
    kinds = (("first", STYLES), ("middle", STYLES), ("last", (None,)), ("only", (None,)))
    for k, (kind_name, styles) in enumerate(kinds):
        for s, style_name in enumerate(styles):
            mask = (kind == k) & ((style == s) if style_name else True)
            pool = templates.pools[(kind_name, style_name)]
            template[mask] = pool[(pick[mask] * len(pool)).astype(int)]
    n_ing = (ingredient_ptr[1:] - ingredient_ptr[:-1])[owner]
    step_ingredient = ingredient[ingredient_ptr[owner] + position % n_ing]
    clause = np.where((kind == 1) & (rng.random(len(owner)) < STEP_CLAUSE_SHARE),
                      rng.integers(0, len(STEP_CLAUSES), len(owner)), -1).astype(np.int8)
    masks = templates.techniques[template] | np.where(clause >= 0, templates.clause_techniques[clause], np.uint64(0))
    masks = np.append(masks, np.uint64(0))
    techniques = np.bitwise_or.reduceat(masks, np.minimum(ptr[:-1], len(masks) - 1))
    techniques[n_steps == 0] = 0
    return ptr, template, step_ingredient, clause, techniques


def _rank_within_groups(key: np.ndarray) -> np.ndarray:
    """0 for the first row of each key value, 1 for the second, ... (in row order)."""
    sort = np.argsort(key, kind="stable")
    run_start = np.r_[True, key[sort][1:] != key[sort][:-1]]
    positions = np.arange(len(key))
    rank = np.empty(len(key), dtype=np.int64)
    rank[sort] = positions - np.maximum.accumulate(np.where(run_start, positions, 0))
    return rank


def _names(vocab: Vocabulary, category: np.ndarray, ingredient_ptr: np.ndarray, ingredient: np.ndarray,
           rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Lowercase names "[prefix] [key ingredient] dish [suffix]"; at most 3 recipes share one
    (as in the real data); one name is empty (a real quirk)."""
    n = len(category)
    # Key ingredient: a nameable one that fits the dish (sweetest for desserts, most savoury for
    # mains), with noise so that not every chocolate dessert is named after chocolate.
    owner = _segments(ingredient_ptr)
    dish_sweetness = np.array([cat.sweetness for cat in CATEGORIES])[category][owner]
    sweetness = vocab.sweetness[ingredient]
    fits = np.where(dish_sweetness >= 0.5, sweetness > 0.2, np.where(dish_sweetness < 0.3, sweetness < 0.3, True))
    score = sweetness * (dish_sweetness - 0.3) + 0.3 * rng.standard_normal(len(ingredient))
    score[~(vocab.nameable[ingredient] & fits)] = -np.inf
    best = np.lexsort((-score, owner))
    first = best[np.unique(owner[best], return_index=True)[1]]
    first_nameable = np.full(n, -1)
    found = np.isfinite(score[first])
    first_nameable[owner[first[found]]] = ingredient[first[found]]
    prefix = np.where(rng.random(n) < 0.5, rng.integers(0, len(NAME_PREFIXES), n), -1)
    key_ingredient = np.where((rng.random(n) < 0.8) & (first_nameable >= 0), first_nameable, -1)
    dish_texts = sorted({dish for cat in CATEGORIES for dish in cat.dishes})
    dish_codes = np.array([dish_texts.index(dish) for cat in CATEGORIES for dish in cat.dishes])
    n_dishes = np.array([len(cat.dishes) for cat in CATEGORIES])
    first_dish = np.concatenate([[0], np.cumsum(n_dishes)[:-1]])
    dish = dish_codes[first_dish[category] + (rng.random(n) * n_dishes[category]).astype(np.int64)]
    suffix = np.where(rng.random(n) < 0.08, rng.integers(0, len(NAME_SUFFIXES), n), -1)
    # Same parts give the same text (short names compared as text), so duplicates are counted on
    # an integer key; names shared by more than 3 recipes are made longer.
    short_texts, short_code = np.unique(np.array(vocab.short_names, dtype=object), return_inverse=True)
    part = np.where(key_ingredient >= 0, short_code[np.maximum(key_ingredient, 0)], -1)
    extra = np.full(n, -1)
    for _ in range(20):
        key = np.ravel_multi_index((prefix + 1, part + 1, dish, suffix + 1, extra + 1),
                                   (len(NAME_PREFIXES) + 1, len(short_texts) + 1, len(dish_texts),
                                    len(NAME_SUFFIXES) + 1, len(NAME_VARIANTS) + 1))
        crowded = np.flatnonzero(_rank_within_groups(key) >= 3)
        if len(crowded) == 0:
            break
        # Make the name longer: first a prefix, then the key ingredient, then a variant word.
        bare = crowded[prefix[crowded] < 0]
        prefix[bare] = rng.integers(0, len(NAME_PREFIXES), len(bare))
        rest = crowded[prefix[crowded] >= 0]
        plain = rest[(part[rest] < 0) & (first_nameable[rest] >= 0)]
        part[plain] = short_code[first_nameable[plain]]
        rest = np.setdiff1d(rest, np.concatenate([plain, bare]))
        extra[rest] = rng.integers(0, len(NAME_VARIANTS), len(rest))
    words = [(NAME_PREFIXES[p] if p >= 0 else None, short_texts[k] if k >= 0 else None, dish_texts[d],
              NAME_SUFFIXES[x] if x >= 0 else None, NAME_VARIANTS[e] if e >= 0 else None)
             for p, k, d, x, e in zip(prefix.tolist(), part.tolist(), dish.tolist(), suffix.tolist(), extra.tolist())]
    names = np.array([" ".join(filter(None, w)) for w in words], dtype=object)
    # Different parts can still spell the same text ("quick" + "bread" = "quick bread").
    for _ in range(20):
        crowded = np.flatnonzero(_rank_within_groups(pd.factorize(names)[0]) >= 3)
        if len(crowded) == 0:
            break
        variants = rng.integers(0, len(NAME_VARIANTS), len(crowded))
        names[crowded] = [f"{names[i]} {NAME_VARIANTS[v]}" for i, v in zip(crowded.tolist(), variants.tolist())]
    names[rng.integers(0, n)] = ""
    return names, prefix


# Recipe name prefixes that imply a tag (a "mexican ..." recipe is likely tagged mexican).
PREFIX_TAGS = {
    "mexican": "mexican", "italian": "italian", "greek": "greek", "thai": "thai", "asian": "asian", "french": "french",
    "german": "german", "irish": "irish", "hawaiian": "hawaiian", "cajun": "cajun", "indian": "indian",
    "moroccan": "moroccan", "cuban": "cuban", "korean": "korean", "vietnamese": "vietnamese", "tex mex": "tex-mex",
    "southern": "southern-united-states", "southwestern": "southwestern-united-states", "jamaican": "caribbean",
    "crock pot": "crock-pot-slow-cooker", "slow cooker": "crock-pot-slow-cooker", "low fat": "low-fat",
    "healthy": "healthy", "vegan": "vegan", "gluten free": "gluten-free", "christmas": "christmas",
    "holiday": "holiday-event", "summer": "summer", "winter": "winter", "autumn": "fall", "grilled": "grilling",
    "no bake": "no-cook", "mediterranean": "greek", "california": "californian", "copycat": "copycat",
    "weight watchers": "low-fat", "skinny": "low-calorie", "light": "low-calorie", "spicy": "spicy",
}
# Weights (log scale) of the tag affinities: how strongly each kind of evidence attracts a tag.
TAG_WEIGHT_PARENT = 6.0
TAG_WEIGHT_CATEGORY = 8.0
TAG_WEIGHT_KEYWORD = 4.0
TAG_WEIGHT_TECHNIQUE = 3.0
TAG_WEIGHT_SEASON = 2.5
TAG_WEIGHT_PREFIX = 6.0


def _tag_depth(tag: str) -> int:
    depth = 0
    while tag in TAG_PARENTS:
        tag, depth = TAG_PARENTS[tag], depth + 1
    return depth


def _keyword_masks(vocab: Vocabulary, ingredient_ptr: np.ndarray, ingredient: np.ndarray) -> np.ndarray:
    """Per recipe, bit b set when an ingredient name contains a keyword of the b-th TAG_KEYWORDS entry."""
    families = list(TAG_KEYWORDS.values())
    per_ingredient = np.array([sum(1 << b for b, words in enumerate(families) if any(w in name for w in words))
                               for name in vocab.ingredients], dtype=np.uint64)
    return np.bitwise_or.reduceat(per_ingredient[ingredient], ingredient_ptr[:-1])


def _tags(vocab: Vocabulary, recipes: Recipes, scale: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Tag lists: every tag gets its calibrated count (times scale) of recipes, chosen by
    weighted sampling on evidence (parent tag, category, ingredients, nutrition, season, steps,
    name prefix); time tags follow minutes exactly. Returns offsets and tag indices."""
    n = len(recipes.day)
    category_names = [cat.name for cat in CATEGORIES]
    nutrition_z = np.column_stack([_normal_rank_scores(recipes.nutrition[:, j]) for j in range(len(NUTRIENTS))])
    doy = _calendar(recipes.day)["doy"]
    log_minutes = np.log1p(np.minimum(recipes.minutes, 10**6))
    effort = {"n_steps": recipes.n_steps.astype(float), "n_ingredients": recipes.n_ingredients.astype(float),
              "minutes": log_minutes}
    keywords = _keyword_masks(vocab, recipes.ingredient_ptr, recipes.ingredient)
    keyword_bit = {tag: np.uint64(1 << b) for b, tag in enumerate(TAG_KEYWORDS)}
    meat = (keywords & keyword_bit["meat"]) > 0
    dairy = (keywords & keyword_bit["eggs-dairy"]) > 0
    prefix_text = np.array([*NAME_PREFIXES, ""], dtype=object)[recipes.name_prefix]
    bucket_edges = [limit for _, limit in TIME_TAGS]
    time_bucket = np.searchsorted(bucket_edges, recipes.minutes)  # len(TIME_TAGS) means > 240 minutes
    members: dict[str, np.ndarray] = {}
    order = sorted(range(len(vocab.tags)), key=lambda t: (_tag_depth(vocab.tags[t]), t))
    for t in order:
        tag = vocab.tags[t]
        timed = [name for name, _ in TIME_TAGS]
        if tag in timed:
            members[tag] = np.flatnonzero(time_bucket == timed.index(tag))
            continue
        logw = np.zeros(n)
        if tag in TAG_PARENTS and TAG_PARENTS[tag] in members:
            in_parent = np.zeros(n, dtype=bool)
            in_parent[members[TAG_PARENTS[tag]]] = True
            logw += TAG_WEIGHT_PARENT * in_parent
        if tag in category_names:
            logw += TAG_WEIGHT_CATEGORY * (recipes.category == category_names.index(tag))
        elif tag == "course":
            logw += TAG_WEIGHT_CATEGORY * (recipes.category != category_names.index("other"))
        elif tag == "time-to-make":
            logw += 10.0 * (time_bucket < len(TIME_TAGS))
        elif tag == "1-day-or-more":
            logw += 10.0 * (time_bucket == len(TIME_TAGS)) + log_minutes
        elif tag in ("vegetarian", "vegan"):
            logw += TAG_WEIGHT_KEYWORD * (~meat & (~dairy if tag == "vegan" else True))
        if tag in TAG_KEYWORDS:
            logw += TAG_WEIGHT_KEYWORD * ((keywords & keyword_bit[tag]) > 0)
        if tag in TAG_NUTRITION:
            column, weight = TAG_NUTRITION[tag]
            logw += weight * nutrition_z[:, column]
        if tag in TAG_SEASONS:
            peak, width = TAG_SEASONS[tag]
            distance = np.abs((doy - peak + 182) % 365 - 182)
            logw += TAG_WEIGHT_SEASON * np.exp(-((distance / width) ** 2))
        if tag in TAG_TECHNIQUES:
            mask = sum(1 << TECHNIQUES.index(stem) for stem in TAG_TECHNIQUES[tag])
            logw += TAG_WEIGHT_TECHNIQUE * ((recipes.techniques & np.uint64(mask)) > 0)
        if tag in TAG_EFFORT:
            feature, weight = TAG_EFFORT[tag]
            logw += weight * effort[feature]
        prefixes = [p for p, target in PREFIX_TAGS.items() if target == tag]
        if prefixes:
            logw += TAG_WEIGHT_PREFIX * np.isin(prefix_text, prefixes)
        members[tag] = _top_k(logw, int(round(vocab.tag_counts[t] * scale)), rng)
    # Within a recipe, tags are listed like the real ones: time, generic families, then specifics.
    leading = [name for name, _ in TIME_TAGS] + ["1-day-or-more", "time-to-make", "course", "main-ingredient",
                                                  "cuisine", "preparation", "occasion"]
    position = {tag: (leading.index(tag) if tag in leading else len(leading) + t) for t, tag in enumerate(vocab.tags)}
    tag_index = {tag: t for t, tag in enumerate(vocab.tags)}
    recipe_of = np.concatenate([members[tag] for tag in vocab.tags])
    tag_of = np.concatenate([np.full(len(members[tag]), tag_index[tag], dtype=np.int16) for tag in vocab.tags])
    rank = np.array([position[tag] for tag in vocab.tags])[tag_of]
    sort = np.lexsort((rank, recipe_of))
    ptr = np.concatenate([[0], np.cumsum(np.bincount(recipe_of, minlength=n))])
    return ptr, tag_of[sort]


def _recipes(cal: Calibration, vocab: Vocabulary, templates: StepTemplates, sizes: Sizes,
             rngs: dict[str, np.random.Generator]) -> Recipes:
    n = sizes.recipes
    rng = rngs["recipes"]
    day = _submission_days(cal, n, rngs["dates"])
    category = rng.choice(len(CATEGORIES), n, p=[cat.share for cat in CATEGORIES]).astype(np.int8)
    # n_steps and n_ingredients share a latent (correlated); minutes lean on both.
    size_shift = np.array([cat.size_shift for cat in CATEGORIES])[category]
    z_steps = rng.standard_normal(n)
    z_ingredients = SIZE_LATENT_RHO * z_steps + math.sqrt(1 - SIZE_LATENT_RHO**2) * rng.standard_normal(n)
    n_steps = _assign_by_rank(_n_steps_values(cal, n), z_steps + size_shift)
    n_ingredients = _assign_by_rank(_n_ingredients_values(cal, n), z_ingredients + size_shift)
    minutes_shift = np.array([cat.minutes_shift for cat in CATEGORIES])[category]
    minutes = _assign_by_rank(_minutes_values(cal, n),
                              0.3 * z_steps + 0.15 * z_ingredients + minutes_shift + rng.standard_normal(n))
    # The bogus 2147483647 is a typo, not a long recipe: it lands on a random recipe.
    bogus, other = int(np.argmax(minutes)), int(rng.integers(0, n))
    minutes[[bogus, other]] = minutes[[other, bogus]]
    nutrition = _nutrition(cal, category, rng)
    ingredient_ptr, ingredient = _ingredient_slots(vocab, category, n_ingredients, rngs["ingredients"])
    step_ptr, step_template, step_ingredient, step_clause, techniques = _steps(
        templates, category, n_steps, ingredient_ptr, ingredient, rngs["steps"])
    name, name_prefix = _names(vocab, category, ingredient_ptr, ingredient, rng)
    recipes = Recipes(day=day, category=category, n_steps=n_steps, n_ingredients=n_ingredients, minutes=minutes,
                      nutrition=nutrition, ingredient_ptr=ingredient_ptr, ingredient=ingredient, step_ptr=step_ptr,
                      step_template=step_template, step_ingredient=step_ingredient, step_clause=step_clause,
                      techniques=techniques, name=name, name_prefix=name_prefix)
    recipes.tag_ptr, recipes.tag = _tags(vocab, recipes, sizes.scale, rngs["tags"])
    recipes.id = _recipe_ids(cal, n, sizes.scale, rng)
    no_description = round(cal["recipes.nulls"]["description"] * n / cal["dataset.table_row_counts"]["RAW_recipes"])
    recipes.has_description = np.ones(n, dtype=bool)
    recipes.has_description[rng.choice(n, no_description, replace=False)] = False
    return recipes


def _recipe_ids(cal: Calibration, n: int, scale: float, rng: np.random.Generator) -> np.ndarray:
    """Unique ids ascending with submission order, following the real id quartiles (range
    widened proportionally above scale 1 so that ids stay unique)."""
    desc = cal["recipes.describe_numeric"]["id"]
    widen = max(1.0, scale)
    points = [desc["min"], desc["25%"] * widen, desc["50%"] * widen, desc["75%"] * widen, desc["max"] * widen]
    u = (np.arange(n) + rng.random(n)) / n
    target = np.floor(np.interp(u, [0, 0.25, 0.5, 0.75, 1], points)).astype(np.int64)
    target[0], target[-1] = points[0], points[-1]
    index = np.arange(n)
    ids = np.maximum.accumulate(target - index) + index  # strictly increasing
    return ids


# ==========================================================================================
# Interactions

# Share of recipes with exactly one interaction: not published; the real quartiles (1, 2, 4)
# bound it to [0.25, 0.5).
RECIPE_SHARE_ONE_INTERACTION = 0.38
# No user reviews more than 1/4 of the recipes, no recipe gets more than 1/4 of the users
# (binding only at small scales, where the real heavy tail has to be compressed).
MAX_SHARE_DIVISOR = 4
# Older recipes collect more reviews: weight of (standardised) age in the popularity latent.
RECIPE_AGE_WEIGHT = 0.4
# Share of recipes whose first review comes soon after posting (at full site activity), and the
# mean delay in days.
FIRST_REVIEW_NEAR_SHARE = 0.5
FIRST_REVIEW_MEAN_DELAY = 45.0
# Width of a user's active period, in quantiles of the interaction timeline per log(count).
USER_WINDOW_PER_LOG_COUNT = 0.05
# Tilt of the user/interaction matching (in timeline quantiles per normal score): active users
# review popular recipes more, so PP users cover fewer recipes (real PP_recipes: 77% of recipes).
POPULAR_TILT = 0.15
# Activity buckets of the real rated_share_by_user_activity statistic (upper bounds).
ACTIVITY_BUCKETS = (1, 10, 60)
# Relative propensity to post a 0 (review without stars) per activity bucket: one-time users
# mostly ask questions or comment (about 30k real users only ever posted zeros).
ZERO_RATING_PROPENSITY = (5.0, 1.3, 0.9, 0.7)
# Rating latent: per-bucket mean shift and noise (one-time users rate lower and more extreme).
RATING_SHIFT = (-0.12, -0.05, 0.0, 0.05)
RATING_NOISE = (1.3, 1.05, 1.0, 0.9)
RATING_USER_BIAS = 0.4
RATING_RECIPE_QUALITY = 0.5


@dataclass
class Interactions:
    """RAW_interactions rows (internal order: by recipe, then date) and per-user counts."""

    recipe: np.ndarray  # internal recipe index
    user: np.ndarray  # user index
    day: np.ndarray
    rating: np.ndarray
    empty_review: np.ndarray
    user_count: np.ndarray  # interactions per user index


def _count_anchors(head_share: float, middle: list[tuple[float, float]], top: dict, n_real: int):
    """Quantile anchors: ``head_share`` of ones, ``middle`` (u, value) points, then the real
    top-10 counts placed at their rank among ``n_real`` (values carry +0.5 for flooring)."""
    top_counts = sorted(top.values())
    tail = [(1 - (rank - 0.5) / n_real, count + 0.5) for rank, count in zip(range(len(top_counts), 0, -1), top_counts)]
    return [(0.0, 1.0), (head_share - 1e-9, 1.999), (head_share, 2.0), *middle, *tail]


def _interactions_per_recipe(cal: Calibration, sizes: Sizes, recipes: Recipes, rng: np.random.Generator) -> np.ndarray:
    desc = cal["interactions.per_recipe.describe"]
    anchors = _count_anchors(RECIPE_SHARE_ONE_INTERACTION, [(0.75, desc["75%"] + 0.5)],
                             cal["interactions.per_recipe.top10"], desc["count"])
    counts = _heavy_tail_counts(sizes.recipes, anchors, sizes.interactions, band_from=0.75,
                                cap=max(1, sizes.users // MAX_SHARE_DIVISOR), fixed_top=10)
    age = (recipes.day.max() - recipes.day).astype(float)
    latent = RECIPE_AGE_WEIGHT * (age - age.mean()) / age.std() + rng.standard_normal(len(age))
    return _assign_by_rank(counts, latent)


def _interaction_days(cal: Calibration, submitted: np.ndarray, recipe_of: np.ndarray,
                      rng: np.random.Generator) -> np.ndarray:
    """Interaction days, never before the recipe's submission, whose total per day follows the
    real per-year, per-month and per-weekday profile.

    Each interaction draws from the target distribution truncated at its recipe's submission
    (inverse CDF with fixed uniforms); the target weights are then corrected a few times so
    that the truncation does not skew the total towards late years.
    """
    span = cal["interactions.date_range"]
    first, last = _day(span["min"]), _day(span["max"])
    days = np.arange(first, last + 1)
    calendar = _calendar(days)
    month_target = np.array([cal["interactions.per_month"][str(m)] for m in range(1, 13)], dtype=float)
    weekday_target = np.array([cal["interactions.nonzero.per_weekday"][w]["n"] for w in WEEKDAYS], dtype=float)
    n = len(recipe_of)
    target = _day_profile(days, cal["interactions.per_year_APPROX"], n,
                          [(calendar["month"] - 1, month_target), (calendar["weekday"], weekday_target)],
                          np.ones(len(days)))
    start = np.maximum(submitted[recipe_of], first) - first
    uniform = rng.random(n)
    # Many recipes get their first review soon after posting, fewer while the site had hardly
    # any reviews (2000-2001): the share follows the day's activity.
    first_of_recipe = np.r_[True, recipe_of[1:] != recipe_of[:-1]]
    activity = np.minimum(1.0, target / target.mean())
    near = first_of_recipe & (rng.random(n) < FIRST_REVIEW_NEAR_SHARE * activity[start])
    near_day = np.minimum(start + rng.exponential(FIRST_REVIEW_MEAN_DELAY, n).astype(np.int64), len(days) - 1)
    weights = target.copy()
    for _ in range(8):
        cdf = np.cumsum(weights) / weights.sum()
        before = np.where(start > 0, cdf[np.maximum(start - 1, 0)], 0.0)
        day = np.maximum(np.searchsorted(cdf, before + uniform * (1 - before)), start)
        day = np.minimum(np.where(near, near_day, day), len(days) - 1)
        achieved = np.bincount(day, minlength=len(days))
        weights *= ((target + 0.5) / (achieved + 0.5)) ** 0.9
    return (day + first).astype(np.int32)


def _users_per_interaction(cal: Calibration, sizes: Sizes, day: np.ndarray, recipe_of: np.ndarray,
                           rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """User of every interaction: user activity counts (heavy tail) matched in time, each user
    active over a window that widens with their count; then no repeated (user, recipe)."""
    desc = cal["interactions.per_user.describe"]
    anchors = _count_anchors(desc["pct_users_with_1_interaction"] / 100,
                             [(0.75, desc["75%"] + 0.5), (0.95, desc["95%"] + 0.5), (0.99, desc["99%"] + 0.5)],
                             cal["interactions.per_user.top10"], desc["count"])
    user_count = rng.permutation(_heavy_tail_counts(sizes.users, anchors, sizes.interactions, band_from=0.99,
                                                    cap=max(1, sizes.recipes // MAX_SHARE_DIVISOR), fixed_top=10))
    owner = np.repeat(np.arange(sizes.users), user_count)
    center = rng.random(sizes.users)[owner]
    width = np.minimum(1.0, USER_WINDOW_PER_LOG_COUNT * np.log(user_count))[owner]
    wish = np.abs(center + width * (rng.random(len(owner)) - 0.5))
    wish = 1 - np.abs(1 - wish)  # reflect into [0, 1]
    # Matching on time, tilted so that active users meet popular recipes more often.
    activity = _normal_rank_scores(user_count + rng.random(sizes.users))[owner]
    popularity = _normal_rank_scores(np.bincount(recipe_of) + rng.random(sizes.recipes))[recipe_of]
    time_rank = np.empty(len(day))
    time_rank[np.lexsort((rng.random(len(day)), day))] = _stratified(len(day))
    slot_order = np.argsort(time_rank + POPULAR_TILT * popularity, kind="stable")
    user = np.empty(len(day), dtype=np.int32)
    user[slot_order] = owner[np.argsort(wish + POPULAR_TILT * activity, kind="stable")]
    _resolve_duplicates(recipe_of, user, slot_order, rng, reach=500, what="(user, recipe)")
    return user, user_count


def _ratings(cal: Calibration, user_count: np.ndarray, user: np.ndarray, recipe_of: np.ndarray,
             popularity: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Ratings with the exact real proportions; zeros and low/extreme ratings go preferentially
    to one-time users, high ratings to popular recipes and generous users."""
    n = len(user)
    counts = _allocate([cal["interactions.rating.value_counts"][str(r)] for r in range(6)], n)
    bucket = np.searchsorted(ACTIVITY_BUCKETS, user_count[user])
    rating = np.zeros(n, dtype=np.int8)
    zero = np.zeros(n, dtype=bool)
    zero[_top_k(np.log(np.array(ZERO_RATING_PROPENSITY))[bucket], int(counts[0]), rng)] = True
    quality = RATING_RECIPE_QUALITY * (rng.standard_normal(len(popularity)) + 0.5 * popularity)
    bias = RATING_USER_BIAS * rng.standard_normal(len(user_count))
    score = (quality[recipe_of] + bias[user] + np.array(RATING_SHIFT)[bucket]
             + np.array(RATING_NOISE)[bucket] * rng.standard_normal(n))
    rated = np.flatnonzero(~zero)
    rating[rated] = _assign_by_rank(np.repeat(np.arange(1, 6, dtype=np.int8), counts[1:]), score[rated])
    return rating


def _empty_reviews(cal: Calibration, rating: np.ndarray, scale: float, rng: np.random.Generator) -> np.ndarray:
    """A few reviews are empty, mostly on 5-star ratings (as in the real file)."""
    nulls = cal["interactions.reviews.nulls"]
    by_rating = nulls["by_rating_of_null_reviews"]
    per_rating = np.array([by_rating.get(str(r), 0) for r in range(6)], dtype=float)
    propensity = per_rating / np.maximum(np.bincount(rating, minlength=6), 1)
    empty = np.zeros(len(rating), dtype=bool)
    with np.errstate(divide="ignore"):
        empty[_top_k(np.log(propensity)[rating], int(round(nulls["pandas_isna"] * scale)), rng)] = True
    return empty


def _interactions(cal: Calibration, sizes: Sizes, recipes: Recipes,
                  rngs: dict[str, np.random.Generator]) -> Interactions:
    rng = rngs["interactions"]
    per_recipe = _interactions_per_recipe(cal, sizes, recipes, rng)
    recipe_of = np.repeat(np.arange(sizes.recipes, dtype=np.int32), per_recipe)
    day = _interaction_days(cal, recipes.day, recipe_of, rng)
    user, user_count = _users_per_interaction(cal, sizes, day, recipe_of, rngs["users"])
    popularity = _normal_rank_scores(per_recipe + rng.random(len(per_recipe)))
    rating = _ratings(cal, user_count, user, recipe_of, popularity, rngs["ratings"])
    empty = _empty_reviews(cal, rating, sizes.scale, rngs["ratings"])
    order = np.lexsort((day, recipe_of))
    return Interactions(recipe=recipe_of[order], user=user[order], day=day[order], rating=rating[order],
                        empty_review=empty[order], user_count=user_count)


# ==========================================================================================
# Contributors and account ids

# Width of a contributor's active period (quantiles of the submission timeline per log(count)).
CONTRIBUTOR_WINDOW_PER_LOG_COUNT = 0.06
# Share of contributors who also review (the real top contributors are top reviewers too).
CONTRIBUTOR_REVIEWER_SHARE = 0.5
# Largest account id of the early (sequential) id system; later accounts get 2,000,000,000+.
EARLY_ID_MAX = 2_900_000


def _contributors(cal: Calibration, sizes: Sizes, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Contributor index of every recipe (recipes in submission order) and recipes per
    contributor: real heavy tail (54.9% post once, top 10 exact at scale 1), matched in time."""
    info = cal["recipes.contributors"]
    n_real = info["n_unique"]
    share_le5 = (info["n_with_1_recipe"] + info["n_with_2_5"]) / n_real
    share_le10 = share_le5 + info["n_with_6_10"] / n_real
    anchors = _count_anchors(info["n_with_1_recipe"] / n_real,
                             [(share_le5, 6.0), (share_le10, 11.0), (0.95, info["p95"] + 0.5)],
                             cal["recipes.contributors.top10"], n_real)
    counts = rng.permutation(_heavy_tail_counts(sizes.contributors, anchors, sizes.recipes, band_from=0.95,
                                                cap=sizes.recipes, fixed_top=10))
    owner = np.repeat(np.arange(sizes.contributors), counts)
    center = rng.random(sizes.contributors)[owner]
    width = np.minimum(1.0, CONTRIBUTOR_WINDOW_PER_LOG_COUNT * np.log(counts))[owner]
    wish = 1 - np.abs(1 - np.abs(center + width * (rng.random(len(owner)) - 0.5)))
    return owner[np.argsort(wish, kind="stable")].astype(np.int32), counts


def _late_accounts(join: np.ndarray, weight: np.ndarray, amount: float) -> np.ndarray:
    """Latest-joined accounts that together own ``amount`` of the rows counted in ``weight``."""
    order = np.argsort(-join, kind="stable")
    late = np.zeros(len(join), dtype=bool)
    late[order[:int(np.searchsorted(np.cumsum(weight[order]), amount))]] = True
    return late


def _id_curve(cal: Calibration, join: np.ndarray, late: np.ndarray, rows: np.ndarray,
              recipes_owned: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Account id (log) against join day, through points placing the row-weighted quartiles of
    user ids (weights: interactions) and contributor ids (weights: recipes) at the real ones."""
    user_desc = cal["interactions.describe"]["user_id"]
    contributor_desc = cal["recipes.describe_numeric"]["contributor_id"]
    order = np.argsort(join, kind="stable")
    points = [(float(join[~late].min()), min(user_desc["min"], contributor_desc["min"])),
              (float(join[~late].max()) + 1, EARLY_ID_MAX)]
    for weight, desc in ((rows, user_desc), (recipes_owned, contributor_desc)):
        carried = np.cumsum(weight[order]) / weight.sum()
        for level in (25, 50, 75):
            account = order[np.searchsorted(carried, level / 100)]
            if not late[account]:
                points.append((float(join[account]), desc[f"{level}%"]))
    points.sort()
    days = np.array([p[0] for p in points])
    ids = np.maximum.accumulate(np.array([p[1] for p in points], dtype=float))
    keep = np.r_[True, np.diff(days) > 0]
    return days[keep], np.log(ids[keep])


def _account_ids(cal: Calibration, sizes: Sizes, user_join: np.ndarray, user_count: np.ndarray,
                 contributor_join: np.ndarray, contributor_count: np.ndarray,
                 rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """user_id of every user and contributor_id of every contributor.

    Half the contributors are also reviewers (the most prolific of both paired up). Ids grow with
    the account's join date; the latest accounts get ids from Food.com's later 2,000,000,000+
    system, as many as the real mean user and contributor ids imply.
    """
    n_linked = int(round(CONTRIBUTOR_REVIEWER_SHARE * sizes.contributors))
    linked_contributors = _top_k(2.0 * np.log(contributor_count), n_linked, rng)
    busy_users = np.argsort(-(user_count + rng.random(sizes.users)), kind="stable")[:min(3 * n_linked, sizes.users)]
    linked_users = rng.choice(busy_users, min(n_linked, len(busy_users)), replace=False)
    linked_contributors = linked_contributors[:len(linked_users)]
    linked_contributors = linked_contributors[np.argsort(-contributor_count[linked_contributors], kind="stable")]
    linked_users = linked_users[np.argsort(-user_count[linked_users], kind="stable")]
    # Accounts: every user, then the contributors who never review.
    account_of_contributor = np.full(sizes.contributors, -1, dtype=np.int64)
    account_of_contributor[linked_contributors] = linked_users
    solo = np.flatnonzero(account_of_contributor < 0)
    account_of_contributor[solo] = sizes.users + np.arange(len(solo))
    n_accounts = sizes.users + len(solo)
    join = np.empty(n_accounts, dtype=np.int64)
    join[:sizes.users] = user_join
    join[sizes.users:] = contributor_join[solo] - rng.exponential(60.0, len(solo)).astype(np.int64)
    np.minimum.at(join, account_of_contributor, contributor_join)
    rows = np.zeros(n_accounts)
    rows[:sizes.users] = user_count
    recipes_owned = np.zeros(n_accounts)
    recipes_owned[account_of_contributor] = contributor_count
    is_contributor = recipes_owned > 0
    # Late ids: shares of rows implied by the real means (mean id / max id).
    user_desc = cal["interactions.describe"]["user_id"]
    contributor_desc = cal["recipes.describe_numeric"]["contributor_id"]
    late = np.zeros(n_accounts, dtype=bool)
    late[is_contributor] = _late_accounts(join[is_contributor], recipes_owned[is_contributor],
                                          contributor_desc["mean"] / contributor_desc["max"] * sizes.recipes)
    reviews_left = user_desc["mean"] / user_desc["max"] * sizes.interactions - rows[late].sum()
    late[~is_contributor] = _late_accounts(join[~is_contributor], rows[~is_contributor], reviews_left)
    ids = np.empty(n_accounts, dtype=np.int64)
    order = np.lexsort((rng.random(n_accounts), join))
    early = order[~late[order]]
    curve_days, curve_ids = _id_curve(cal, join, late, rows, recipes_owned)
    target = np.exp(np.interp(join[early] + rng.random(len(early)), curve_days, curve_ids)).astype(np.int64)
    index = np.arange(len(early))
    ids[early] = np.maximum.accumulate(target - index) + index  # strictly increasing with join date
    late_order = order[late[order]]
    span = int((max(user_desc["max"], contributor_desc["max"]) - LATE_ID_BASE) * max(1.0, sizes.scale))
    ids[late_order] = LATE_ID_BASE + np.sort(rng.choice(span, len(late_order), replace=False))
    return ids[:sizes.users], ids[account_of_contributor]


# ==========================================================================================
# Train / validation / test splits (PP_users, PP_recipes, interactions_*)

# PP users are drawn among users with at least this many interactions, favouring active ones
# (log-weight per log count): gives the real n_items quartiles (3, 6, 16) and train size.
PP_MIN_INTERACTIONS = 3
PP_ACTIVITY_WEIGHT = 0.3


@dataclass
class Splits:
    """Rows (indices into Interactions) of each split and the PP indexing of users/recipes."""

    train: np.ndarray
    validation: np.ndarray
    test: np.ndarray
    u_of_user: np.ndarray  # -1 for users outside PP_users
    i_of_recipe: np.ndarray  # -1 for recipes outside PP_recipes


def _splits(sizes: Sizes, inter: Interactions, rng: np.random.Generator) -> Splits:
    """Test = each chosen PP user's latest interaction, validation = the one before (or the
    latest when the user has no test row); train = their other interactions on recipes that
    appear in no test or validation row (as in the real split, recipe sets are disjoint).
    Users left with fewer than 2 train rows are swapped for other candidates until none is."""
    by_user = np.lexsort((inter.recipe, inter.day, inter.user))
    user_ptr = np.concatenate([[0], np.cumsum(np.bincount(inter.user, minlength=sizes.users))])
    count = inter.user_count
    eligible = np.flatnonzero(count >= PP_MIN_INTERACTIONS)
    key = PP_ACTIVITY_WEIGHT * np.log(count[eligible]) - np.log(-np.log(rng.random(len(eligible))))
    candidates = eligible[np.argsort(-key, kind="stable")]
    chosen = candidates[:sizes.pp_users].copy()
    spare = list(candidates[sizes.pp_users:][::-1])
    # Role of each chosen slot: 0 train only, 1 test only, 2 validation only, 3 both.
    roles = np.zeros(sizes.pp_users, dtype=np.int8)
    slots = rng.permutation(sizes.pp_users)
    n_both, n_test, n_val = sizes.test_and_validation, sizes.test, sizes.validation
    roles[slots[:n_both]] = 3
    roles[slots[n_both:n_test]] = 1
    roles[slots[n_test:n_test + n_val - n_both]] = 2
    for _ in range(100):
        last = by_user[user_ptr[chosen + 1] - 1]
        before_last = by_user[user_ptr[chosen + 1] - 2]
        test = last[(roles == 1) | (roles == 3)]
        validation = np.concatenate([before_last[roles == 3], last[roles == 2]])
        held_out = np.zeros(sizes.recipes, dtype=bool)
        held_out[inter.recipe[np.concatenate([test, validation])]] = True
        in_pp = np.zeros(sizes.users, dtype=bool)
        in_pp[chosen] = True
        is_eval = np.zeros(len(inter.user), dtype=bool)
        is_eval[test] = is_eval[validation] = True
        train = np.flatnonzero(in_pp[inter.user] & ~is_eval & ~held_out[inter.recipe])
        n_train = np.bincount(inter.user[train], minlength=sizes.users)[chosen]
        short = np.flatnonzero(n_train < 2)
        if len(short) == 0:
            break
        if len(spare) < len(short):
            raise RuntimeError("not enough active users for the PP split")
        chosen[short] = [spare.pop() for _ in short]
    else:
        raise RuntimeError("PP split did not converge")
    u_of_user = np.full(sizes.users, -1, dtype=np.int64)
    u_of_user[chosen] = rng.permutation(sizes.pp_users)
    # i follows the recipe's last PP interaction, so held-out recipes get late indices.
    rows = np.concatenate([train, validation, test])
    last_day = np.full(sizes.recipes, -1, dtype=np.int64)
    np.maximum.at(last_day, inter.recipe[rows], inter.day[rows])
    pp_recipes = np.flatnonzero(last_day >= 0)
    i_of_recipe = np.full(sizes.recipes, -1, dtype=np.int64)
    i_of_recipe[pp_recipes[np.lexsort((pp_recipes, last_day[pp_recipes]))]] = np.arange(len(pp_recipes))
    return Splits(train=train, validation=validation, test=test, u_of_user=u_of_user, i_of_recipe=i_of_recipe)


# ==========================================================================================
# Text rendering

# Rows per batch when rendering and writing CSV text (bounds memory at any scale).
RECIPE_BATCH = 20_000
INTERACTION_BATCH = 100_000
# Review lengths: quantile anchors beyond the real quartiles (p1 and p99 from a lognormal fit).
REVIEW_LENGTH_TAILS = (0.01, 56.0, 0.99, 1005.0)
# Share of multi-sentence reviews / descriptions split into paragraphs.
PARAGRAPH_SHARE = 0.08


class _Tokenizer:
    """Deterministic word -> token ids (crc32, no hash randomisation), rendered as "1, 2"."""

    def __init__(self) -> None:
        self._words: dict[str, str] = {}

    def word(self, word: str) -> str:
        rendered = self._words.get(word)
        if rendered is None:
            n_tokens = 1 + (len(word) > 5) + (len(word) > 10)
            rendered = ", ".join(str(zlib.crc32(f"{word}#{k}".encode()) % TOKEN_VOCAB) for k in range(n_tokens))
            self._words[word] = rendered
        return rendered

    def text(self, text: str) -> str:
        return ", ".join(self.word(w) for w in text.split())


def _gather(ptr: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Flat element indices of the ragged ``rows`` (in that order) and their local offsets."""
    lengths = ptr[rows + 1] - ptr[rows]
    local = np.concatenate([[0], np.cumsum(lengths)])
    flat = np.repeat(ptr[rows] - local[:-1], lengths) + np.arange(local[-1])
    return flat, local


def _list_literals(elements: list[str], local: np.ndarray) -> list[str]:
    """Python list literals ("[a, b]") of already rendered elements, one per row."""
    bounds = local.tolist()
    return ["[" + ", ".join(elements[a:b]) + "]" for a, b in zip(bounds[:-1], bounds[1:])]


def _step_texts(templates: StepTemplates, vocab: Vocabulary, template: np.ndarray, ingredient: np.ndarray,
                clause: np.ndarray) -> list[str]:
    prefix, suffix, names, slot = templates.prefix, templates.suffix, vocab.ingredients, templates.has_slot
    clauses = (*STEP_CLAUSES, "")  # index -1 -> no clause
    return [(prefix[t] + names[k] + suffix[t] if slot[t] else prefix[t]) + clauses[c]
            for t, k, c in zip(template.tolist(), ingredient.tolist(), clause.tolist())]


def _sentence_picks(pool_sizes: np.ndarray, pool_of: np.ndarray, ptr: np.ndarray,
                    rng: np.random.Generator) -> np.ndarray:
    """Index of each element's sentence in its pool: every row walks each pool from a random
    start, so a row repeats no sentence before exhausting the pool."""
    owner = _segments(ptr)
    starts = rng.integers(0, 1 << 30, (len(ptr) - 1, len(pool_sizes)))
    # Rank of the element among the earlier elements of its row drawn from the same pool.
    order = np.lexsort((np.arange(len(owner)), pool_of, owner))
    group_start = np.r_[True, (owner[order][1:] != owner[order][:-1]) | (pool_of[order][1:] != pool_of[order][:-1])]
    first = np.maximum.accumulate(np.where(group_start, np.arange(len(order)), 0))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order)) - first
    return (starts[owner, pool_of] + rank) % pool_sizes[pool_of]


def _compose(pools: list[tuple[str, ...]], pool_of: np.ndarray, pick: np.ndarray, ptr: np.ndarray,
             separators: np.ndarray) -> list[str]:
    """Join sentences: element j is entry ``pick[j]`` of pool ``pool_of[j]``; rows are
    delimited by ``ptr``; ``separators[r]`` joins row r's sentences."""
    sentences = [pools[p][i] for p, i in zip(pool_of.tolist(), pick.tolist())]
    bounds = ptr.tolist()
    return [sep.join(sentences[a:b]) for a, b, sep in zip(bounds[:-1], bounds[1:], separators.tolist())]


def _descriptions(names: list[str], key_ingredient: list[str], rng: np.random.Generator) -> list[str]:
    """Lowercase descriptions of one to three sentences, sometimes on several lines."""
    n = len(names)
    counts = rng.choice((1, 2, 3, 4, 5), n, p=(0.3, 0.3, 0.2, 0.12, 0.08))
    ptr = np.concatenate([[0], np.cumsum(counts)])
    separators = np.where(rng.random(n) < PARAGRAPH_SHARE, "\r\n", " ").astype(object)
    pool_of = np.zeros(ptr[-1], dtype=np.int64)
    pick = _sentence_picks(np.array([len(DESCRIPTION_SENTENCES)]), pool_of, ptr, rng)
    texts = _compose([DESCRIPTION_SENTENCES], pool_of, pick, ptr, separators)
    return [t.replace("{name}", name or "this").replace("{ingredient}", ing)
            for t, name, ing in zip(texts, names, key_ingredient)]


def _review_lengths(cal: Calibration, n: int, rng: np.random.Generator) -> np.ndarray:
    desc = cal["interactions.review_length_chars.describe"]
    low_u, low, high_u, high = REVIEW_LENGTH_TAILS
    anchors = [(low_u, low), (0.25, desc["25%"]), (0.5, desc["50%"]), (0.75, desc["75%"]), (high_u, high),
               (1 - 0.5 / desc["count"], desc["max"])]
    return _tail_quantile(np.maximum(rng.random(n), 1e-6), anchors)


def _reviews(cal: Calibration, rating: np.ndarray, empty: np.ndarray, ingredient: list[str],
             rng: np.random.Generator) -> list[str]:
    """Review texts whose vocabulary depends on the rating and whose lengths follow the real
    distribution: sentences (rating-specific first, then mixed with context sentences) are added
    until the drawn length is reached."""
    n = len(rating)
    target = _review_lengths(cal, n, rng)
    mean_sentence = 55.0
    budget = np.minimum(np.ceil(target / mean_sentence).astype(np.int64) + 2, 400)
    ptr = np.concatenate([[0], np.cumsum(budget)])
    owner = _segments(ptr)
    position = np.arange(ptr[-1]) - ptr[owner]
    # Pools 0-5 are the rating pools, 6 the shared context pool.
    pools = [REVIEW_SENTENCES[r] for r in range(6)] + [REVIEW_CONTEXT]
    pool_of = np.where((position == 0) | (rng.random(len(owner)) < 0.55), rating[owner], 6)
    pick = _sentence_picks(np.array([len(pool) for pool in pools]), pool_of, ptr, rng)
    lengths = [[len(x) + 1 for x in pool] for pool in pools]
    sentence_length = np.array([lengths[p][i] for p, i in zip(pool_of.tolist(), pick.tolist())])
    # Keep sentences while the review is still shorter than its target (so the first one that
    # reaches it is kept too).
    running = np.cumsum(sentence_length)
    before = running - sentence_length - (running - sentence_length)[ptr[:-1]][owner]
    keep = before < target[owner]
    kept_ptr = np.concatenate([[0], np.cumsum(np.bincount(owner[keep], minlength=n))])
    separators = np.where(rng.random(n) < PARAGRAPH_SHARE, "\n\n", " ").astype(object)
    texts = _compose(pools, pool_of[keep], pick[keep], kept_ptr, separators)
    short = target < 12
    short_pick = rng.random(n)
    out = []
    for i, (text, ing) in enumerate(zip(texts, ingredient)):
        if empty[i]:
            out.append("")
        elif short[i]:
            pool = SHORT_REVIEWS[int(rating[i])]
            out.append(pool[int(short_pick[i] * len(pool))])
        else:
            out.append(text.replace("{}", ing))
    return out


# ==========================================================================================
# Writers


def _csv_writer(path: Path):
    handle = open(path, "w", newline="", encoding="utf-8")
    return handle, csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")


def _batches(rows: np.ndarray, size: int):
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _date_strings(days: np.ndarray) -> list[str]:
    return np.datetime_as_string(days.astype("datetime64[D]")).tolist()


def _key_ingredients(recipes: Recipes, vocab: Vocabulary, rows: np.ndarray, rng: np.random.Generator) -> list[str]:
    """One random ingredient name per row (for text placeholders)."""
    n_ing = recipes.ingredient_ptr[rows + 1] - recipes.ingredient_ptr[rows]
    pick = recipes.ingredient_ptr[rows] + (rng.random(len(rows)) * n_ing).astype(np.int64)
    return [vocab.ingredients[k] for k in recipes.ingredient[pick].tolist()]


def _write_raw_recipes(path: Path, recipes: Recipes, vocab: Vocabulary, templates: StepTemplates,
                       contributor_id: np.ndarray, file_order: np.ndarray, rng: np.random.Generator, bar) -> int:
    tag_repr = [repr(t) for t in vocab.tags]
    ingredient_repr = [repr(i) for i in vocab.ingredients]
    handle, writer = _csv_writer(path)
    with handle:
        writer.writerow(RAW_RECIPES_HEADER)
        for rows in _batches(file_order, RECIPE_BATCH):
            flat, tags_local = _gather(recipes.tag_ptr, rows)
            tags = _list_literals([tag_repr[t] for t in recipes.tag[flat].tolist()], tags_local)
            flat, ing_local = _gather(recipes.ingredient_ptr, rows)
            ingredients = _list_literals([ingredient_repr[k] for k in recipes.ingredient[flat].tolist()], ing_local)
            flat, step_local = _gather(recipes.step_ptr, rows)
            texts = _step_texts(templates, vocab, recipes.step_template[flat], recipes.step_ingredient[flat],
                                recipes.step_clause[flat])
            steps = _list_literals([repr(t) for t in texts], step_local)
            nutrition = ["[" + ", ".join(map(repr, row)) + "]" for row in recipes.nutrition[rows].tolist()]
            names = recipes.name[rows].tolist()
            descriptions = _descriptions(names, _key_ingredients(recipes, vocab, rows, rng), rng)
            has_description = recipes.has_description[rows].tolist()
            writer.writerows(zip(
                names, recipes.id[rows].tolist(), recipes.minutes[rows].tolist(), contributor_id[rows].tolist(),
                _date_strings(recipes.day[rows]), tags, nutrition, recipes.n_steps[rows].tolist(), steps,
                [d if has else "" for d, has in zip(descriptions, has_description)], ingredients,
                recipes.n_ingredients[rows].tolist()))
            bar.update(len(rows))
    return len(file_order)


def _write_raw_interactions(cal: Calibration, path: Path, inter: Interactions, recipes: Recipes, vocab: Vocabulary,
                            user_id: np.ndarray, file_order: np.ndarray, rng: np.random.Generator, bar) -> int:
    handle, writer = _csv_writer(path)
    with handle:
        writer.writerow(RAW_INTERACTIONS_HEADER)
        for rows in _batches(file_order, INTERACTION_BATCH):
            recipe = inter.recipe[rows]
            reviews = _reviews(cal, inter.rating[rows], inter.empty_review[rows],
                               _key_ingredients(recipes, vocab, recipe, rng), rng)
            writer.writerows(zip(user_id[inter.user[rows]].tolist(), recipes.id[recipe].tolist(),
                                 _date_strings(inter.day[rows]), inter.rating[rows].tolist(), reviews))
            bar.update(len(rows))
    return len(file_order)


def _technique_literal(mask: int, cache: dict[int, str]) -> str:
    rendered = cache.get(mask)
    if rendered is None:
        rendered = "[" + ", ".join("1" if mask >> j & 1 else "0" for j in range(len(TECHNIQUES))) + "]"
        cache[mask] = rendered
    return rendered


def _write_pp_recipes(path: Path, recipes: Recipes, vocab: Vocabulary, templates: StepTemplates, splits: Splits,
                      bar) -> int:
    tokenizer = _Tokenizer()
    ingredient_tokens = ["[" + tokenizer.text(name) + "]" for name in vocab.ingredients]
    prefix_tokens = [tokenizer.text(p) for p in templates.prefix]
    suffix_tokens = [tokenizer.text(p) for p in templates.suffix]
    clause_tokens = [tokenizer.text(c) for c in STEP_CLAUSES] + [""]
    ingredient_words = [tokenizer.text(name) for name in vocab.ingredients]
    techniques_cache: dict[int, str] = {}
    pp = np.flatnonzero(splits.i_of_recipe >= 0)
    pp = pp[np.argsort(splits.i_of_recipe[pp], kind="stable")]
    calorie_level = np.searchsorted(CALORIE_LEVEL_BOUNDS, recipes.nutrition[:, 0], side="right")
    handle, writer = _csv_writer(path)
    with handle:
        writer.writerow(PP_RECIPES_HEADER)
        for rows in _batches(pp, RECIPE_BATCH):
            names = [f"[{TOKEN_START}, " + (tokenizer.text(n) + ", " if n else "") + f"{TOKEN_END}]"
                     for n in recipes.name[rows].tolist()]
            flat, ing_local = _gather(recipes.ingredient_ptr, rows)
            items = recipes.ingredient[flat]
            ing_tokens = _list_literals([ingredient_tokens[k] for k in items.tolist()], ing_local)
            ing_ids = _list_literals(vocab.ingredient_ids[items].astype(str).tolist(), ing_local)
            flat, step_local = _gather(recipes.step_ptr, rows)
            parts = [", ".join(filter(None, (prefix_tokens[t], ingredient_words[k] if templates.has_slot[t] else "",
                                              suffix_tokens[t], clause_tokens[c], str(TOKEN_STEP))))
                     for t, k, c in zip(recipes.step_template[flat].tolist(), recipes.step_ingredient[flat].tolist(),
                                        recipes.step_clause[flat].tolist())]
            bounds = step_local.tolist()
            steps = ["[" + ", ".join([str(TOKEN_START), *parts[a:b], str(TOKEN_END)]) + "]"
                     for a, b in zip(bounds[:-1], bounds[1:])]
            writer.writerows(zip(
                recipes.id[rows].tolist(), splits.i_of_recipe[rows].tolist(), names, ing_tokens, steps,
                [_technique_literal(m, techniques_cache) for m in recipes.techniques[rows].tolist()],
                calorie_level[rows].tolist(), ing_ids))
            bar.update(len(rows))
    return len(pp)


def _write_pp_users(path: Path, inter: Interactions, recipes: Recipes, splits: Splits, bar) -> int:
    train = splits.train
    u = splits.u_of_user[inter.user[train]]
    order = np.lexsort((inter.recipe[train], inter.day[train], u))
    train, u = train[order], u[order]
    n_users = int(splits.u_of_user.max()) + 1
    ptr = np.concatenate([[0], np.cumsum(np.bincount(u, minlength=n_users))])
    items = splits.i_of_recipe[inter.recipe[train]].astype(str).tolist()
    ratings = [f"{r}.0" for r in inter.rating[train].tolist()]
    masks = recipes.techniques[inter.recipe[train]]
    counts = np.column_stack([np.bincount(u, weights=(masks >> np.uint64(j)) & np.uint64(1), minlength=n_users)
                              for j in range(len(TECHNIQUES))]).astype(np.int64)
    handle, writer = _csv_writer(path)
    with handle:
        writer.writerow(PP_USERS_HEADER)
        for rows in _batches(np.arange(n_users), RECIPE_BATCH):
            local = ptr[rows[0]:rows[-1] + 2] - ptr[rows[0]]
            base = int(ptr[rows[0]])
            item_lists = _list_literals(items[base:base + int(local[-1])], local)
            rating_lists = _list_literals(ratings[base:base + int(local[-1])], local)
            n_items = np.diff(local).tolist()
            techniques = ["[" + ", ".join(map(str, row)) + "]" for row in counts[rows].tolist()]
            writer.writerows(zip(rows.tolist(), techniques, item_lists, n_items, rating_lists, n_items))
            bar.update(len(rows))
    return n_users


def _write_split(path: Path, rows: np.ndarray, inter: Interactions, recipes: Recipes, splits: Splits,
                 user_id: np.ndarray, bar) -> int:
    handle, writer = _csv_writer(path)
    with handle:
        writer.writerow(SPLIT_HEADER)
        for batch in _batches(rows, INTERACTION_BATCH):
            user = inter.user[batch]
            recipe = inter.recipe[batch]
            writer.writerows(zip(user_id[user].tolist(), recipes.id[recipe].tolist(), _date_strings(inter.day[batch]),
                                 [f"{r}.0" for r in inter.rating[batch].tolist()], splits.u_of_user[user].tolist(),
                                 splits.i_of_recipe[recipe].tolist()))
            bar.update(len(batch))
    return len(rows)


# ==========================================================================================
# Public API

RNG_STREAMS = ("vocab", "dates", "recipes", "ingredients", "steps", "tags", "contributors", "interactions", "users",
               "ratings", "accounts", "splits", "descriptions", "reviews")


def _output_dir(out_dir: str | Path) -> Path:
    path = Path(out_dir)
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path):
            pass
    except OSError as exc:
        raise ValueError(f"output directory {path} is not writable: {exc}") from exc
    return path


MARKER_NOTE = "synthetic data made by `python -m app generate`, not the Kaggle download"


def _write_marker(out: Path, scale: float, seed: int, stems: list[str]) -> None:
    """GENERATED.json, written before the CSVs: a folder holding any generated file is marked, even
    one where generation stopped half-way over real CSVs (its data is then no longer the real one)."""
    marker = {"generator": "app.generate", "scale": scale, "seed": seed,
              "files": [f"{stem}.csv" for stem in stems], "note": MARKER_NOTE}
    with open(out / GENERATED_MARKER, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(json.dumps(marker, indent=2) + "\n")


def generate(out_dir: str | Path, scale: float = 1.0, seed: int = 42, progress: bool = True,
             calibration_path: str | Path | None = None) -> dict[str, int]:
    """Writes the 7 Kaggle CSVs (and the GENERATED.json marker) into out_dir; returns {file_stem: row_count}.

    ``scale`` multiplies every row count (1.0 = the real sizes, about 0.9 GB of CSV; up to 10
    is supported). ``seed`` fixes every random choice: the same seed, scale and calibration
    source give byte-identical files. ``calibration_path`` is a calibration.json (or its
    folder, which may also hold ingr_map.csv); by default $FOODCOM_SHARED_DIR, then
    ../shared/data/foodcom next to the repository, then the built-in compact calibration.
    """
    if isinstance(scale, bool) or not isinstance(scale, (int, float)) or not math.isfinite(scale) or scale <= 0:
        raise ValueError(f"scale must be a positive finite number, got {scale!r}")
    if scale < MIN_SCALE:
        raise ValueError(f"scale must be at least {MIN_SCALE} (got {scale}): smaller datasets lack split rows")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    out = _output_dir(out_dir)
    cal = _load_calibration(calibration_path)
    sizes = _sizes(cal, float(scale))
    rngs = {name: np.random.Generator(np.random.PCG64(child))
            for name, child in zip(RNG_STREAMS, np.random.SeedSequence(int(seed)).spawn(len(RNG_STREAMS)))}
    with tqdm(total=5, desc="foodcom: build", unit="phase", disable=not progress) as phases:
        phases.set_postfix_str("vocabulary")
        vocab = _build_vocabulary(cal, rngs["vocab"])
        templates = _step_templates()
        phases.update()
        phases.set_postfix_str("recipes")
        recipes = _recipes(cal, vocab, templates, sizes, rngs)
        phases.update()
        phases.set_postfix_str("interactions")
        inter = _interactions(cal, sizes, recipes, rngs)
        phases.update()
        phases.set_postfix_str("accounts")
        recipes.contributor, contributor_count = _contributors(cal, sizes, rngs["contributors"])
        user_join = np.full(sizes.users, np.iinfo(np.int64).max)
        np.minimum.at(user_join, inter.user, inter.day.astype(np.int64))
        contributor_join = np.full(sizes.contributors, np.iinfo(np.int64).max)
        np.minimum.at(contributor_join, recipes.contributor, recipes.day.astype(np.int64))
        user_id, contributor_id = _account_ids(cal, sizes, user_join, inter.user_count, contributor_join,
                                               contributor_count, rngs["accounts"])
        phases.update()
        phases.set_postfix_str("splits")
        splits = _splits(sizes, inter, rngs["splits"])
        phases.update()

    # RAW files list recipes by name and interactions grouped by recipe in that order.
    recipe_file_order = np.lexsort((recipes.id, pd.factorize(recipes.name, sort=True)[0]))
    file_position = np.empty(sizes.recipes, dtype=np.int64)
    file_position[recipe_file_order] = np.arange(sizes.recipes)
    interaction_file_order = np.lexsort((inter.day, file_position[inter.recipe]))
    train = splits.train[np.lexsort((splits.i_of_recipe[inter.recipe[splits.train]],
                                     splits.u_of_user[inter.user[splits.train]], inter.day[splits.train]))]
    held_out = {"interactions_validation": splits.validation, "interactions_test": splits.test}
    held_out = {stem: rows[np.argsort(splits.u_of_user[inter.user[rows]], kind="stable")]
                for stem, rows in held_out.items()}
    jobs = {
        "RAW_recipes": (sizes.recipes, lambda p, bar: _write_raw_recipes(
            p, recipes, vocab, templates, contributor_id[recipes.contributor], recipe_file_order,
            rngs["descriptions"], bar)),
        "RAW_interactions": (len(inter.user), lambda p, bar: _write_raw_interactions(
            cal, p, inter, recipes, vocab, user_id, interaction_file_order, rngs["reviews"], bar)),
        "PP_recipes": (int((splits.i_of_recipe >= 0).sum()), lambda p, bar: _write_pp_recipes(
            p, recipes, vocab, templates, splits, bar)),
        "PP_users": (sizes.pp_users, lambda p, bar: _write_pp_users(p, inter, recipes, splits, bar)),
        "interactions_train": (len(train), lambda p, bar: _write_split(p, train, inter, recipes, splits, user_id, bar)),
        **{stem: (len(rows), lambda p, bar, rows=rows: _write_split(p, rows, inter, recipes, splits, user_id, bar))
           for stem, rows in held_out.items()},
    }
    _write_marker(out, float(scale), int(seed), list(jobs))
    counts = {}
    for stem, (total, write) in jobs.items():
        with tqdm(total=total, desc=f"foodcom: {stem}.csv", unit="rows", disable=not progress) as bar:
            counts[stem] = write(out / f"{stem}.csv", bar)
    return counts
