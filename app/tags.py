"""Structural tags: Food.com tags that place a recipe in the site's taxonomy rather than describe it.

Food.com files every recipe under a tree of tags and lists the whole path: a recipe tagged ``beef`` is
also tagged ``meat``, ``main-ingredient``; one under 60 minutes gets ``60-minutes-or-less`` and
``time-to-make``. On the full data (``calibration.json``, ``recipes.tags.top30``) the first five tags
are such headers: ``preparation`` is on 230,546 of 231,637 recipes (99.5 %), ``time-to-make`` on 97 %,
``course`` on 94 %, ``main-ingredient`` on 74 %, ``dietary`` on 71 %. A "most frequent tags" chart is
then a list of category names, and a trend of their share is a trend of the tagging software.

A tag is structural here when it says nothing a more specific tag or a recipe field does not say:

- the roots of the taxonomy (``app/generate/pools.json``, ``tag_parents``: tags that are parents but
  never children): ``preparation``, ``time-to-make``, ``course``, ``main-ingredient``, ``dietary``,
  ``occasion``, ``cuisine``, ``equipment``, ``number-of-servings``, ``taste-mood``;
- pure intermediate headers whose only meaning is "one of my children applies":
  ``low-in-something``, ``high-in-something``;
- buckets Food.com derives from the recipe's own fields, which the app already analyses as numbers
  (minutes, number of steps, number of ingredients): ``15-minutes-or-less``, ``30-minutes-or-less``,
  ``60-minutes-or-less``, ``4-hours-or-less``, ``1-day-or-more``, ``3-steps-or-less``,
  ``5-ingredients-or-less``.

Intermediate nodes that do carry content stay (``meat``, ``vegetables``, ``desserts``, ``north-american``,
``holiday-event``, ``seasonal``…): they are what an analyst compares. Item charts leave the structural
tags out by default, with a switch to show them; they are passed to SQL as one bound list parameter.
"""

from __future__ import annotations

# Roots of Food.com's tag tree.
TAXONOMY_ROOTS = (
    "preparation",
    "time-to-make",
    "course",
    "main-ingredient",
    "dietary",
    "occasion",
    "cuisine",
    "equipment",
    "number-of-servings",
    "taste-mood",
)
# Intermediate headers with no content of their own.
HEADER_TAGS = ("low-in-something", "high-in-something")
# Buckets derived from the recipe's minutes, steps and ingredients.
DERIVED_TAGS = (
    "15-minutes-or-less",
    "30-minutes-or-less",
    "60-minutes-or-less",
    "4-hours-or-less",
    "1-day-or-more",
    "3-steps-or-less",
    "5-ingredients-or-less",
)

STRUCTURAL_TAGS: tuple[str, ...] = TAXONOMY_ROOTS + HEADER_TAGS + DERIVED_TAGS


def is_structural(tag: str) -> bool:
    return tag in STRUCTURAL_TAGS


def excluded_tags(include_structural: bool) -> list[str]:
    """The tags an item query leaves out: the structural ones unless asked to include them."""
    return [] if include_structural else list(STRUCTURAL_TAGS)
