"""Recipes: dates, sizes, minutes, nutrition, ingredients, steps, names, tags, ids."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from app.generate.calendar import _calendar, _day, _day_profile
from app.generate.calibration import Calibration, Sizes
from app.generate.formats import BOGUS_MINUTES, HUGE_MINUTES, NUTRIENTS, TECHNIQUES, WEEKDAYS
from app.generate.numeric import (
    _allocate,
    _assign_by_rank,
    _normal_rank_scores,
    _resolve_duplicates,
    _segments,
    _stratified,
    _tail_quantile,
    _top_k,
)
from app.generate.pools import (
    CATEGORIES,
    NAME_PREFIXES,
    NAME_SUFFIXES,
    NAME_TIME_CLAIM_WEIGHT,
    NAME_TIME_CLAIMS,
    NAME_TIME_MISS_SHARE,
    NAME_TIME_SLACK,
    NAME_VARIANTS,
    SAVOURY_CATEGORIES,
    SAVOURY_PREFIXES,
    STEP_CLAUSE_SHARE,
    STEP_CLAUSES,
    STEP_FIRST,
    STEP_LAST,
    STEP_MIDDLE,
    STEP_ONLY,
    SWEET_CATEGORIES,
    SWEET_PREFIXES,
    TAG_EFFORT,
    TAG_KEYWORDS,
    TAG_NUTRITION,
    TAG_PARENTS,
    TAG_SEASONS,
    TAG_TECHNIQUES,
    TIME_TAGS,
)
from app.generate.vocabulary import Vocabulary

# Recipes

# Gamma shape of day-to-day noise of submissions: low values leave days empty as in the real data
# (5,090 distinct dates in 19 years) and make busy days.
SUBMISSION_DAY_NOISE = 0.55
# Latent correlation of n_steps and n_ingredients (gives Pearson ~0.43 after the discrete mapping).
SIZE_LATENT_RHO = 0.42
# Share of ingredient-matching noise: occurrences and recipe slots are matched on sweetness
# (sweet ingredients go to desserts); the noise keeps salt, butter or onion everywhere.
INGREDIENT_MATCH_NOISE = (0.55, 0.35)
# Key offset of the hard ingredient kinds (Vocabulary.kind): larger than any noisy key, so that
# the kinds are matched to the two ends of the slots sorted by the dish's sweetness.
INGREDIENT_KIND_OFFSET = 100.0


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
    name_suffix: np.ndarray  # index in NAME_SUFFIXES or -1
    # Set after the other columns (tags read them; contributors come with the accounts).
    tag_ptr: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    tag: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int16))
    id: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    contributor: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    has_description: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=bool))


def _submission_days(cal: Calibration, n: int, rng: np.random.Generator) -> np.ndarray:
    """Sorted submission days matching per-year, per-day-of-year and per-weekday counts, with
    the real spike days (bulk imports) scaled."""
    desc = cal["recipes.submitted.describe"]
    days = np.arange(_day(desc["min"]), _day(desc["max"]) + 1)
    calendar = _calendar(days)
    per_year = cal["recipes.per_year"]
    ratio = n / sum(per_year.values())
    spike_days = {
        _day(d): int(c * ratio) for d, c in cal["recipes.submitted.top_days"].items() if days[0] <= _day(d) <= days[-1]
    }
    spikes = np.zeros(len(days), dtype=np.int64)
    spikes[np.array(list(spike_days), dtype=np.int64) - days[0]] = list(spike_days.values())
    rest = n - int(spikes.sum())
    keys = [f"{m:02d}-{d:02d}" for m, d in zip(calendar["month"], calendar["dom"], strict=True)]
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
    for year, total in zip(years, _allocate([year_rest[y] for y in years], rest), strict=True):
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
    log_pmf = (
        np.array([math.lgamma(r + x) - math.lgamma(x + 1) - math.lgamma(r) for x in k])
        + r * math.log(p)
        + k * math.log(1 - p)
    )
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
    spec = [
        (0, 0, 1, out["n_zero_minutes"], 0.0),
        (1, 15, 1, bins["<=15"] - out["n_zero_minutes"], 0.0),
        (16, 30, 1, bins["16-30"], 0.0),
        (31, 60, 1, bins["31-60"], 0.6),
        (61, 120, 1, bins["61-120"], 2.5),
        (121, 180, 1, bins["121-240"] - (gt_180 - over_240), 1.5),
        (181, 240, 1, gt_180 - over_240, 1.5),
        (245, 1440, 5, over_240 - over_1440, 3.0),
        (1455, 10000, 15, over_1440 - over_10000, 2.4),
        (10020, 43200, 60, over_10000 - over_43200, 2.2),
        (43260, 300000, 60, over_43200 - 2, 2.8),
    ]
    per_bin = _allocate([s[3] for s in spec], n - 2)
    parts = []
    for (first, last, step, _, decay), count in zip(spec, per_bin, strict=True):
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
        anchors = [
            (0.25, d["25%"]),
            (0.5, d["50%"]),
            (0.75, d["75%"]),
            (0.99, p99[nutrient]),
            (1 - 0.5 / n_real, d["max"]),
        ]
        col = _tail_quantile(np.maximum(u[:, j], 0.25), anchors)
        low = u[:, j] < 0.25
        col[low] = d["25%"] * (u[low, j] / 0.25) ** 1.6
        out[:, j] = col
    return out


# Latent correlation of (fat, sugar, sodium, protein, sat fat, carbs) normal scores.
NUTRITION_LATENT_CORR = np.array(
    [
        [1.00, 0.20, 0.35, 0.45, 0.85, 0.30],
        [0.20, 1.00, -0.10, -0.05, 0.25, 0.80],
        [0.35, -0.10, 1.00, 0.45, 0.25, 0.15],
        [0.45, -0.05, 0.45, 1.00, 0.40, 0.10],
        [0.85, 0.25, 0.25, 0.40, 1.00, 0.25],
        [0.30, 0.80, 0.15, 0.10, 0.25, 1.00],
    ]
)
# Calories latent as a mix of the macro latents (fat, sugar, protein, carbs) plus own noise.
CALORIE_MIX = (0.45, 0.15, 0.25, 0.45, 0.30)


# Heavy "batch" components shared by nutrient groups: whole-batch recipes entered as one serving
# put the same recipes at the top of sugar, carbs and calories (or fat, sat fat and calories),
# which is what makes the real Pearson correlations of those pairs so high.
@dataclass(frozen=True)
class NutritionBatch:
    share: float  # of recipes
    scale: float  # mean latent shift (exponential)
    weights: dict[int, float]  # latent shift weight per nutrition column


BATCH_SUGAR = NutritionBatch(share=0.004, scale=9.0, weights={0: 1.0, 2: 1.0, 6: 1.0})
BATCH_FAT = NutritionBatch(share=0.003, scale=9.0, weights={0: 0.6, 1: 1.0, 5: 1.0})


def _nutrition(cal: Calibration, category: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    n = len(category)
    macro = rng.standard_normal((n, 6)) @ np.linalg.cholesky(NUTRITION_LATENT_CORR).T
    fat, sugar, sodium, protein, sat_fat, carbs = macro.T
    a, b, c, d, e = CALORIE_MIX
    calories = a * fat + b * sugar + c * protein + d * carbs + e * rng.standard_normal(n)
    latent = np.column_stack([calories, fat, sugar, sodium, protein, sat_fat, carbs])
    latent += np.array([cat.nutrition_shift for cat in CATEGORIES])[category]
    for batch in (BATCH_SUGAR, BATCH_FAT):
        hit = rng.random(n) < batch.share
        size = batch.scale * rng.exponential(1.0, n) * hit
        for column, weight in batch.weights.items():
            latent[:, column] += weight * size
    values = np.empty((n, len(NUTRIENTS)))
    sorted_values = _nutrition_quantiles(cal, np.repeat(_stratified(n)[:, None], len(NUTRIENTS), axis=1))
    for j in range(len(NUTRIENTS)):
        values[:, j] = _assign_by_rank(sorted_values[:, j], latent[:, j])
    values[:, 0] = np.round(values[:, 0], 1)
    values[:, 1:] = np.round(values[:, 1:])
    return values


def _ingredient_slots(
    vocab: Vocabulary, category: np.ndarray, n_ingredients: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Ingredient of every slot: exact occurrence counts per ingredient (vocabulary profile)
    matched to slots on sweetness (savoury-only and dessert-only ingredients at the two ends), then
    made unique within each recipe."""
    ptr = np.concatenate([[0], np.cumsum(n_ingredients, dtype=np.int64)])
    slots = int(ptr[-1])
    occurrences = np.repeat(
        np.arange(len(vocab.ingredients), dtype=np.int32), _allocate(vocab.ingredient_counts, slots, rng)
    )
    occurrence_noise, slot_noise = INGREDIENT_MATCH_NOISE
    occurrence_key = vocab.sweetness[occurrences] + occurrence_noise * rng.standard_normal(slots)
    # Savoury-only ingredients take the least sweet slots and dessert-only ones the sweetest:
    # no onion in a cake, no candy bar in a tetrazzini (other ingredients stay noisy).
    occurrence_key += INGREDIENT_KIND_OFFSET * vocab.kind[occurrences]
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
    pools: dict[tuple[str, str | None], np.ndarray]  # (kind, style) -> template indices
    clause_techniques: np.ndarray  # uint64 masks of STEP_CLAUSES


def _step_templates() -> StepTemplates:
    texts: list[str] = []
    pools: dict[tuple[str, str | None], np.ndarray] = {}
    groups: dict[tuple[str, str | None], tuple[str, ...]] = {
        **{("first", s): p for s, p in STEP_FIRST.items()},
        **{("middle", s): p for s, p in STEP_MIDDLE.items()},
        ("last", None): STEP_LAST,
        ("only", None): STEP_ONLY,
    }
    for key, pool in groups.items():
        pools[key] = np.arange(len(texts), len(texts) + len(pool))
        texts.extend(pool)
    parts = [t.partition("{}") for t in texts]
    return StepTemplates(
        prefix=tuple(p[0] for p in parts),
        suffix=tuple(p[2] for p in parts),
        has_slot=np.array(["{}" in t for t in texts]),
        techniques=_technique_masks(texts),
        pools=pools,
        clause_techniques=_technique_masks(STEP_CLAUSES),
    )


def _technique_masks(texts) -> np.ndarray:
    """Bit j set when the text contains the stem of technique j."""
    return np.array([sum(1 << j for j, stem in enumerate(TECHNIQUES) if stem in t) for t in texts], dtype=np.uint64)


STYLES = ("bake", "stove", "cold")


def _steps(
    templates: StepTemplates,
    category: np.ndarray,
    n_steps: np.ndarray,
    ingredient_ptr: np.ndarray,
    ingredient: np.ndarray,
    rng: np.random.Generator,
):
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
    clause = np.where(
        (kind == 1) & (rng.random(len(owner)) < STEP_CLAUSE_SHARE), rng.integers(0, len(STEP_CLAUSES), len(owner)), -1
    ).astype(np.int8)
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


def _word_weights(words: tuple[str, ...], category: np.ndarray, minutes: np.ndarray, slack: np.ndarray) -> np.ndarray:
    """(len(words), len(minutes)) weights of each name word for each recipe: 0 unless its time claim
    holds (within the recipe's ``slack`` factor) and its flavour fits the dish (no "garlic" cake, no
    "chewy" stew); a claim that holds is favoured."""
    names = [cat.name for cat in CATEGORIES]
    sweet = np.isin(category, [names.index(c) for c in sorted(SWEET_CATEGORIES)])
    savoury = np.isin(category, [names.index(c) for c in sorted(SAVOURY_CATEGORIES)])
    weights = np.ones((len(words), len(minutes)), dtype=np.float32)
    for w, word in enumerate(words):
        if word in NAME_TIME_CLAIMS:
            most, least = NAME_TIME_CLAIMS[word]
            weights[w] = NAME_TIME_CLAIM_WEIGHT * ((minutes <= (most or np.inf) * slack) & (minutes >= least / slack))
        if word in SAVOURY_PREFIXES:
            weights[w] *= ~sweet
        if word in SWEET_PREFIXES:
            weights[w] *= ~savoury
    return weights


NAME_DRAW_CHUNK = 16384  # recipes per block of the word draw (bounds the weight matrix's memory)


def _fitting_draw(
    words: tuple[str, ...],
    category: np.ndarray,
    minutes: np.ndarray,
    slack: np.ndarray,
    rows: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """An index into ``words`` for each of ``rows``, drawn by the words' weights for that recipe."""
    uniform = rng.random(len(rows))
    out = np.empty(len(rows), dtype=np.int64)
    for start in range(0, len(rows), NAME_DRAW_CHUNK):
        part = rows[start : start + NAME_DRAW_CHUNK]
        cumulative = np.cumsum(_word_weights(words, category[part], minutes[part], slack[part]), axis=0)
        out[start : start + len(part)] = (cumulative <= uniform[start : start + len(part)] * cumulative[-1]).sum(axis=0)
    return out


def _names(
    vocab: Vocabulary,
    category: np.ndarray,
    minutes: np.ndarray,
    ingredient_ptr: np.ndarray,
    ingredient: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lowercase names "[prefix] [key ingredient] dish [suffix]"; at most 3 recipes share one
    (as in the real data); one name is empty (a real quirk). Prefixes and suffixes fit the dish
    and its minutes ("30 minute" dishes take at most 30 minutes, "slow cooker" ones hours)."""
    n = len(category)
    # Claims of a few recipes may miss by NAME_TIME_SLACK ("30 minute" dishes that take 40).
    slack = np.where(rng.random(n) < NAME_TIME_MISS_SHARE, NAME_TIME_SLACK, 1.0)
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
    everyone = np.arange(n)
    prefix = np.where(rng.random(n) < 0.5, _fitting_draw(NAME_PREFIXES, category, minutes, slack, everyone, rng), -1)
    key_ingredient = np.where((rng.random(n) < 0.8) & (first_nameable >= 0), first_nameable, -1)
    dish_texts = sorted({dish for cat in CATEGORIES for dish in cat.dishes})
    dish_codes = np.array([dish_texts.index(dish) for cat in CATEGORIES for dish in cat.dishes])
    n_dishes = np.array([len(cat.dishes) for cat in CATEGORIES])
    first_dish = np.concatenate([[0], np.cumsum(n_dishes)[:-1]])
    dish = dish_codes[first_dish[category] + (rng.random(n) * n_dishes[category]).astype(np.int64)]
    suffix = np.where(rng.random(n) < 0.08, _fitting_draw(NAME_SUFFIXES, category, minutes, slack, everyone, rng), -1)
    # Same parts give the same text (short names compared as text), so duplicates are counted on
    # an integer key; names shared by more than 3 recipes are made longer.
    short_texts, short_code = np.unique(np.array(vocab.short_names, dtype=object), return_inverse=True)
    part = np.where(key_ingredient >= 0, short_code[np.maximum(key_ingredient, 0)], -1)
    extra = np.full(n, -1)
    for _ in range(20):
        key = np.ravel_multi_index(
            (prefix + 1, part + 1, dish, suffix + 1, extra + 1),
            (
                len(NAME_PREFIXES) + 1,
                len(short_texts) + 1,
                len(dish_texts),
                len(NAME_SUFFIXES) + 1,
                len(NAME_VARIANTS) + 1,
            ),
        )
        crowded = np.flatnonzero(_rank_within_groups(key) >= 3)
        if len(crowded) == 0:
            break
        # Make the name longer: first a prefix, then the key ingredient, then a variant word.
        bare = crowded[prefix[crowded] < 0]
        prefix[bare] = _fitting_draw(NAME_PREFIXES, category, minutes, slack, bare, rng)
        rest = crowded[prefix[crowded] >= 0]
        plain = rest[(part[rest] < 0) & (first_nameable[rest] >= 0)]
        part[plain] = short_code[first_nameable[plain]]
        rest = np.setdiff1d(rest, np.concatenate([plain, bare]))
        extra[rest] = rng.integers(0, len(NAME_VARIANTS), len(rest))
    words = [
        (
            NAME_PREFIXES[p] if p >= 0 else None,
            short_texts[k] if k >= 0 else None,
            dish_texts[d],
            NAME_SUFFIXES[x] if x >= 0 else None,
            NAME_VARIANTS[e] if e >= 0 else None,
        )
        for p, k, d, x, e in zip(
            prefix.tolist(), part.tolist(), dish.tolist(), suffix.tolist(), extra.tolist(), strict=True
        )
    ]
    names = np.array([" ".join(filter(None, w)) for w in words], dtype=object)
    # Different parts can still spell the same text ("quick" + "bread" = "quick bread").
    for _ in range(20):
        crowded = np.flatnonzero(_rank_within_groups(pd.factorize(names)[0]) >= 3)
        if len(crowded) == 0:
            break
        variants = rng.integers(0, len(NAME_VARIANTS), len(crowded))
        names[crowded] = [
            f"{names[i]} {NAME_VARIANTS[v]}" for i, v in zip(crowded.tolist(), variants.tolist(), strict=True)
        ]
    names[rng.integers(0, n)] = ""
    return names, prefix, suffix


# Recipe name prefixes (and suffixes) that imply a tag (a "mexican ..." recipe is likely tagged mexican).
PREFIX_TAGS = {
    "mexican": "mexican",
    "italian": "italian",
    "greek": "greek",
    "thai": "thai",
    "asian": "asian",
    "french": "french",
    "german": "german",
    "irish": "irish",
    "hawaiian": "hawaiian",
    "cajun": "cajun",
    "indian": "indian",
    "moroccan": "moroccan",
    "cuban": "cuban",
    "korean": "korean",
    "vietnamese": "vietnamese",
    "tex mex": "tex-mex",
    "southern": "southern-united-states",
    "southwestern": "southwestern-united-states",
    "jamaican": "caribbean",
    "crock pot": "crock-pot-slow-cooker",
    "slow cooker": "crock-pot-slow-cooker",
    "low fat": "low-fat",
    "healthy": "healthy",
    "vegan": "vegan",
    "gluten free": "gluten-free",
    "christmas": "christmas",
    "holiday": "holiday-event",
    "summer": "summer",
    "winter": "winter",
    "autumn": "fall",
    "grilled": "grilling",
    "no bake": "no-cook",
    "mediterranean": "greek",
    "california": "californian",
    "copycat": "copycat",
    "weight watchers": "low-fat",
    "skinny": "low-calorie",
    "light": "low-calorie",
    "spicy": "spicy",
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
    per_ingredient = np.array(
        [
            sum(1 << b for b, words in enumerate(families) if any(w in name for w in words))
            for name in vocab.ingredients
        ],
        dtype=np.uint64,
    )
    return np.bitwise_or.reduceat(per_ingredient[ingredient], ingredient_ptr[:-1])


def _tags(vocab: Vocabulary, recipes: Recipes, scale: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Tag lists: every tag gets its calibrated count (times scale) of recipes, chosen by
    weighted sampling on evidence (parent tag, category, ingredients, nutrition, season, steps,
    name prefix); time tags follow minutes exactly. Returns offsets and tag indices."""
    n = len(recipes.day)
    category_names = [cat.name for cat in CATEGORIES]
    category_sweetness = np.array([cat.sweetness for cat in CATEGORIES])[recipes.category]
    nutrition_z = np.column_stack([_normal_rank_scores(recipes.nutrition[:, j]) for j in range(len(NUTRIENTS))])
    doy = _calendar(recipes.day)["doy"]
    log_minutes = np.log1p(np.minimum(recipes.minutes, 10**6))
    effort = {
        "n_steps": recipes.n_steps.astype(float),
        "n_ingredients": recipes.n_ingredients.astype(float),
        "minutes": log_minutes,
    }
    keywords = _keyword_masks(vocab, recipes.ingredient_ptr, recipes.ingredient)
    keyword_bit = {tag: np.uint64(1 << b) for b, tag in enumerate(TAG_KEYWORDS)}
    meat = (keywords & keyword_bit["meat"]) > 0
    dairy = (keywords & keyword_bit["eggs-dairy"]) > 0
    prefix_text = np.array([*NAME_PREFIXES, ""], dtype=object)[recipes.name_prefix]
    suffix_text = np.array([*NAME_SUFFIXES, ""], dtype=object)[recipes.name_suffix]
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
        season = 1.0
        if tag in TAG_SEASONS:
            peak, width = TAG_SEASONS[tag]
            distance = np.abs((doy - peak + 182) % 365 - 182)
            season = np.exp(-((distance / width) ** 2))
            logw += TAG_WEIGHT_SEASON * season
        if tag in TAG_PARENTS and TAG_PARENTS[tag] in members:
            in_parent = np.zeros(n, dtype=bool)
            in_parent[members[TAG_PARENTS[tag]]] = True
            # A seasonal parent ("seasonal", "holiday-event") only vouches for a child in the
            # child's own season: else "summer" would follow "seasonal" into December.
            logw += TAG_WEIGHT_PARENT * in_parent * season
        if tag in category_names:
            # Beyond its own category, a course tag goes to dishes of like sweetness (extra
            # "desserts" tags to breads and snacks, not to stews).
            own = CATEGORIES[category_names.index(tag)].sweetness
            logw += TAG_WEIGHT_CATEGORY * (
                (recipes.category == category_names.index(tag)) - np.abs(category_sweetness - own)
            )
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
        if tag in TAG_TECHNIQUES:
            mask = sum(1 << TECHNIQUES.index(stem) for stem in TAG_TECHNIQUES[tag])
            logw += TAG_WEIGHT_TECHNIQUE * ((recipes.techniques & np.uint64(mask)) > 0)
        if tag in TAG_EFFORT:
            feature, weight = TAG_EFFORT[tag]
            logw += weight * effort[feature]
        prefixes = [p for p, target in PREFIX_TAGS.items() if target == tag]
        if prefixes:
            logw += TAG_WEIGHT_PREFIX * (np.isin(prefix_text, prefixes) | np.isin(suffix_text, prefixes))
        members[tag] = _top_k(logw, round(vocab.tag_counts[t] * scale), rng)
    # Within a recipe, tags are listed like the real ones: time, generic families, then specifics.
    leading = [name for name, _ in TIME_TAGS] + [
        "1-day-or-more",
        "time-to-make",
        "course",
        "main-ingredient",
        "cuisine",
        "preparation",
        "occasion",
    ]
    position = {tag: (leading.index(tag) if tag in leading else len(leading) + t) for t, tag in enumerate(vocab.tags)}
    tag_index = {tag: t for t, tag in enumerate(vocab.tags)}
    recipe_of = np.concatenate([members[tag] for tag in vocab.tags])
    tag_of = np.concatenate([np.full(len(members[tag]), tag_index[tag], dtype=np.int16) for tag in vocab.tags])
    rank = np.array([position[tag] for tag in vocab.tags])[tag_of]
    sort = np.lexsort((rank, recipe_of))
    ptr = np.concatenate([[0], np.cumsum(np.bincount(recipe_of, minlength=n))])
    return ptr, tag_of[sort]


def _recipes(
    cal: Calibration, vocab: Vocabulary, templates: StepTemplates, sizes: Sizes, rngs: dict[str, np.random.Generator]
) -> Recipes:
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
    minutes = _assign_by_rank(
        _minutes_values(cal, n), 0.3 * z_steps + 0.15 * z_ingredients + minutes_shift + rng.standard_normal(n)
    )
    # The bogus 2147483647 is a typo, not a long recipe: it lands on a random recipe.
    bogus, other = int(np.argmax(minutes)), int(rng.integers(0, n))
    minutes[[bogus, other]] = minutes[[other, bogus]]
    nutrition = _nutrition(cal, category, rng)
    ingredient_ptr, ingredient = _ingredient_slots(vocab, category, n_ingredients, rngs["ingredients"])
    step_ptr, step_template, step_ingredient, step_clause, techniques = _steps(
        templates, category, n_steps, ingredient_ptr, ingredient, rngs["steps"]
    )
    name, name_prefix, name_suffix = _names(vocab, category, minutes, ingredient_ptr, ingredient, rng)
    recipes = Recipes(
        day=day,
        category=category,
        n_steps=n_steps,
        n_ingredients=n_ingredients,
        minutes=minutes,
        nutrition=nutrition,
        ingredient_ptr=ingredient_ptr,
        ingredient=ingredient,
        step_ptr=step_ptr,
        step_template=step_template,
        step_ingredient=step_ingredient,
        step_clause=step_clause,
        techniques=techniques,
        name=name,
        name_prefix=name_prefix,
        name_suffix=name_suffix,
    )
    recipes.tag_ptr, recipes.tag = _tags(vocab, recipes, sizes.scale, rngs["tags"])
    recipes.id = _recipe_ids(cal, n, sizes.scale, rng)
    no_description = round(cal["recipes.nulls"]["description"] * n / cal["dataset.table_row_counts"]["RAW_recipes"])
    recipes.has_description = np.ones(n, dtype=bool)
    recipes.has_description[rng.choice(n, no_description, replace=False)] = False
    return recipes


# Ids follow submission order only roughly (a recipe's id is drawn when it is created, its date may be
# set later): each recipe's rank is moved by a normal shift of this share of the recipes. Assumed (no
# statistic of the real id/date order is available here); it gives a rank correlation near 0.995
# instead of an exact 1.
ID_ORDER_NOISE = 0.02


def _recipe_ids(cal: Calibration, n: int, scale: float, rng: np.random.Generator) -> np.ndarray:
    """Unique ids following the real id quartiles (range widened proportionally above scale 1 so
    that ids stay unique), rising with submission order up to a local shuffle (ID_ORDER_NOISE)."""
    desc = cal["recipes.describe_numeric"]["id"]
    widen = max(1.0, scale)
    points = [desc["min"], desc["25%"] * widen, desc["50%"] * widen, desc["75%"] * widen, desc["max"] * widen]
    u = (np.arange(n) + rng.random(n)) / n
    target = np.floor(np.interp(u, [0, 0.25, 0.5, 0.75, 1], points)).astype(np.int64)
    target[0], target[-1] = points[0], points[-1]
    index = np.arange(n)
    ids = np.maximum.accumulate(target - index) + index  # strictly increasing
    shuffled = np.argsort(index + rng.normal(0.0, ID_ORDER_NOISE * n, n), kind="stable")
    out = np.empty_like(ids)
    out[shuffled] = ids  # the recipe at submission rank shuffled[k] takes the k-th smallest id
    return out
