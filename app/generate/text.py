"""Text rendering: step texts, descriptions and reviews, and their tokens."""

from __future__ import annotations

import itertools
import re
import zlib

import numpy as np

from app.generate.calibration import Calibration
from app.generate.formats import TOKEN_VOCAB
from app.generate.numeric import _segments, _tail_quantile
from app.generate.pools import CATEGORIES, GRAMMAR, STEP_CLAUSES
from app.generate.recipes import StepTemplates
from app.generate.vocabulary import Vocabulary

# Text rendering

# Rows per batch when rendering and writing CSV text (bounds memory at any scale).
RECIPE_BATCH = 20_000
INTERACTION_BATCH = 100_000
# Share of multi-sentence reviews / descriptions split into paragraphs.
PARAGRAPH_SHARE = 0.08
# Step variants (grammar.json "steps"): a quantity before the slot ingredient, in this percentage
# of the steps with a slot, and a tail phrase ({min} and {temp} expanded) after clause-less slot
# steps and joined steps, in this percentage of them. With the joins below they give the real
# number of distinct step strings at scale 1 (1,765k generated, 1,763k real; the share is higher at
# small scales, where common ingredients repeat less).
STEP_QUANTITIES = tuple(GRAMMAR["steps"]["qty"])
STEP_TAILS = tuple(
    dict.fromkeys(
        tail.replace("{min}", m).replace("{temp}", t)
        for tail in GRAMMAR["steps"]["tail"]
        for m in ("2", "3", "5", "8", "10", "15", "20", "25", "30", "45", "60")
        for t in ("325", "350", "375", "400")
    )
)
STEP_QTY_PERCENT, STEP_TAIL_PERCENT = 85, 75
# Steps without a slot ("set aside") are joined to an ingredient of the recipe (" , then add the
# walnuts") in this percentage of cases; the rest stay the common steps of the real data.
STEP_JOINS = tuple(GRAMMAR["steps"]["join"])
# Short steps ("drain", "mix well") keep their words more often than longer ones.
STEP_JOIN_PERCENT_SHORT, STEP_JOIN_PERCENT_LONG, STEP_SHORT_WORDS = 30, 70, 3


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
    return ["[" + ", ".join(elements[a:b]) + "]" for a, b in itertools.pairwise(bounds)]


def _mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: a fixed, seedless hash of uint64 keys (vectorised)."""
    x = x.astype(np.uint64)
    with np.errstate(over="ignore"):
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _step_variants(
    templates: StepTemplates, recipe_id: np.ndarray, position: np.ndarray, template: np.ndarray, clause: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Quantity before the slot ingredient ("1/2 cup", "the remaining"), join of a step without slot
    to the step's ingredient (" , then add the walnuts"), and tail phrase (" in a large bowl",
    " for 10 minutes at 350f") after a clause-less slot step or a joined step, each an index or -1:
    a pure function of the recipe id and step position, so RAW_recipes and PP_recipes render the
    same steps. Many steps without a slot ("set aside", "drain") stay as they are: the real data's
    common steps."""
    with np.errstate(over="ignore"):
        key = recipe_id.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15) + position.astype(np.uint64)
    h = _mix64(key)
    slot = templates.has_slot[template]
    qty = np.where(
        slot & (h % np.uint64(100) < STEP_QTY_PERCENT), (h >> np.uint64(8)) % np.uint64(len(STEP_QUANTITIES)), -1
    ).astype(np.int64)
    short = np.array([len(p.split()) <= STEP_SHORT_WORDS for p in templates.prefix])[template]
    percent = np.where(short, STEP_JOIN_PERCENT_SHORT, STEP_JOIN_PERCENT_LONG).astype(np.uint64)
    join = np.where(
        ~slot & ((h >> np.uint64(44)) % np.uint64(100) < percent), (h >> np.uint64(52)) % np.uint64(len(STEP_JOINS)), -1
    ).astype(np.int64)
    tail = np.where(
        ((slot & (clause < 0)) | (join >= 0)) & ((h >> np.uint64(24)) % np.uint64(100) < STEP_TAIL_PERCENT),
        (h >> np.uint64(32)) % np.uint64(len(STEP_TAILS)),
        -1,
    ).astype(np.int64)
    return qty, tail, join


def _step_texts(
    templates: StepTemplates,
    vocab: Vocabulary,
    template: np.ndarray,
    ingredient: np.ndarray,
    clause: np.ndarray,
    qty: np.ndarray,
    tail: np.ndarray,
    join: np.ndarray,
) -> list[str]:
    prefix, suffix, names, slot = templates.prefix, templates.suffix, vocab.ingredients, templates.has_slot
    clauses = (*STEP_CLAUSES, "")  # index -1 -> no clause
    quantities = (*(q + " " for q in STEP_QUANTITIES), "")
    tails = (*STEP_TAILS, "")
    return [
        prefix[t] + quantities[q] + names[k] + suffix[t] + tails[e] + clauses[c]
        if slot[t]
        else prefix[t] + clauses[c] + (STEP_JOINS[j] + names[k] + tails[e] if j >= 0 else "")
        for t, k, c, q, e, j in zip(
            template.tolist(),
            ingredient.tolist(),
            clause.tolist(),
            qty.tolist(),
            tail.tolist(),
            join.tolist(),
            strict=True,
        )
    ]


# ------------------------------------------------------------------------------------------
# Grammar: templates with {slot}s (grammar.json), rendered in bulk. A slot takes, in this order:
# a per-row value (ing: an ingredient of the recipe, dish: its dish noun, name: its name), a pool
# given by the caller, the sentence's sentiment level (adj), or a pool of grammar.json (trailing
# digits dropped: {side2} is another draw from "side").

_SLOT = re.compile(r"\{(\w+)\}")
# Thanked recipe authors: known names and made-up user names (first name + suffix).
_CHEFS = [*GRAMMAR["chef"], *(f[:1].upper() + f[1:] + x for f in GRAMMAR["chef_first"] for x in GRAMMAR["chef_suffix"])]
_POOLS = {name: np.array(words, dtype=object) for name, words in {**GRAMMAR["slots"], "chef": _CHEFS}.items()}
_ADJ = [np.array(GRAMMAR["adj"][str(level)], dtype=object) for level in range(1, 6)]
# Mean rendered length of the per-row slots (for sentence length estimates before rendering).
_ROW_SLOT_LENGTH = {"ing": 13.0, "ing2": 13.0, "dish": 8.0, "name": 26.0}


class _Templates:
    """Templates compiled to %-format strings with their slot names and estimated lengths."""

    def __init__(self, texts) -> None:
        self.formats, self.slots, self.capitalise, lengths = [], [], [], []
        for text in texts:
            parts = _SLOT.split(text)
            self.formats.append("%s".join(p.replace("%", "%%") for p in parts[0::2]))
            names = tuple(parts[1::2])
            self.slots.append(names)
            self.capitalise.append(text.startswith("{"))
            lengths.append(sum(len(p) for p in parts[0::2]) + sum(_slot_length(n) for n in names))
        self.length = np.array(lengths, dtype=float)

    def __len__(self) -> int:
        return len(self.formats)


def _base(name: str) -> str:
    return name.rstrip("0123456789")


def _slot_length(name: str) -> float:
    if name in _ROW_SLOT_LENGTH:
        return _ROW_SLOT_LENGTH[name]
    base = _base(name)
    pool = _ADJ[3] if base == "adj" else _POOLS.get(base, ())
    return float(np.mean([len(w) for w in pool])) if len(pool) else 8.0


def _render(
    templates: _Templates,
    which: np.ndarray,
    row: np.ndarray,
    level: np.ndarray,
    row_values: dict,
    pools: dict,
    rng: np.random.Generator,
) -> np.ndarray:
    """Object array of the rendered templates ``which``; ``row`` indexes ``row_values`` (object
    arrays), ``level`` (1-5) picks the adjectives."""
    out = np.empty(len(which), dtype=object)
    order = np.argsort(which, kind="stable")
    bounds = np.searchsorted(which[order], np.arange(len(templates) + 1))
    for k in np.flatnonzero(np.diff(bounds)).tolist():
        idx = order[bounds[k] : bounds[k + 1]]
        fmt, names = templates.formats[k], templates.slots[k]
        if not names:
            out[idx] = fmt.replace("%%", "%")
            continue
        columns = []
        for name in names:
            if name in row_values:
                columns.append(row_values[name][row[idx]])
            elif name in pools:
                pool = pools[name]
                columns.append(pool[rng.integers(0, len(pool), len(idx))])
            elif _base(name) == "adj":
                lv = level[idx]
                column = np.empty(len(idx), dtype=object)
                for v in np.unique(lv).tolist():
                    at = lv == v
                    column[at] = _ADJ[v - 1][rng.integers(0, len(_ADJ[v - 1]), int(at.sum()))]
                columns.append(column)
            else:
                pool = _POOLS[_base(name)]
                columns.append(pool[rng.integers(0, len(pool), len(idx))])
        texts = [fmt % values for values in zip(*columns, strict=True)]
        if templates.capitalise[k]:
            texts = [t[:1].upper() + t[1:] for t in texts]
        out[idx] = texts
    return out


# ------------------------------------------------------------------------------------------
# Descriptions

DESCRIPTION_OPEN = _Templates(GRAMMAR["description"]["open"])
DESCRIPTION_MORE = _Templates(GRAMMAR["description"]["more"])


def _common_descriptions() -> dict[str, float]:
    """Listed common descriptions with their weights, then every filling of the short common
    patterns ("from {source}.", "posted for {event}.") with a small weight."""
    common = dict(GRAMMAR["description"]["common"])
    dishes = sorted({d for category in CATEGORIES for d in category.dishes})
    fills = {
        **{k: list(v) for k, v in GRAMMAR["slots"].items()},
        "adj": [*GRAMMAR["adj"]["4"], *GRAMMAR["adj"]["5"]],
        "dish": dishes,
    }
    for pattern in GRAMMAR["description"]["common_patterns"]:
        name = _SLOT.findall(pattern)[0]
        for value in fills[name]:
            common.setdefault(pattern.replace("{" + name + "}", value).lower(), DESCRIPTION_PATTERN_WEIGHT)
    return common


DESCRIPTION_PATTERN_WEIGHT = 10.0
_COMMON = _common_descriptions()
DESCRIPTION_COMMON = tuple(_COMMON)
DESCRIPTION_COMMON_WEIGHTS = np.array(list(_COMMON.values()), dtype=float)
# Real descriptions: 222,669 distinct values (the "no description" placeholder included) among
# 226,658 non-null ones (recipes.description.distinct, recipes.nulls), used without calibration.json.
DESCRIPTION_DISTINCT_DEFAULT = (222_669, 226_658)
DESCRIPTION_ADJ_LEVELS = np.array([4, 5])
DESCRIPTION_REAL_TOP = 4  # "yum" 153, "rachael ray" 63, "from southern living." 59, "southern living" 57


def _common_description_share(cal: Calibration | None) -> float:
    """Share of descriptions drawn from the common pool ("yum", "southern living"...) so that the
    duplicates match the real distinct count: duplicates = draws - distinct common values."""
    if cal is None:
        distinct, non_null = DESCRIPTION_DISTINCT_DEFAULT
        return (non_null - distinct + 1 + len(DESCRIPTION_COMMON)) / non_null
    try:
        distinct = int(cal["recipes.description.distinct"])
        recipes = int(cal["recipes.describe_numeric"]["id"]["count"])
        non_null = recipes - int(cal["recipes.nulls"]["description"])
    except (KeyError, TypeError):
        distinct, non_null = DESCRIPTION_DISTINCT_DEFAULT
    real_texts = distinct - 1  # the placeholder of missing descriptions
    return (non_null - real_texts + len(DESCRIPTION_COMMON)) / non_null


def _common_description_probabilities(share: float) -> np.ndarray:
    """The four real top descriptions keep their real counts at scale 1 (weights are counts); the
    other common ones share the rest of the common draws in proportion to their weights."""
    draws = share * DESCRIPTION_DISTINCT_DEFAULT[1]
    top = DESCRIPTION_COMMON_WEIGHTS[:DESCRIPTION_REAL_TOP] / draws
    rest = DESCRIPTION_COMMON_WEIGHTS[DESCRIPTION_REAL_TOP:]
    return np.concatenate([top, rest / rest.sum() * max(1.0 - top.sum(), 0.0)])


def _dish_of(names: list[str]) -> np.ndarray:
    """Dish noun of a recipe: the last word of its name."""
    return np.array([(n.rsplit(" ", 1)[-1] if n else "dish") for n in names], dtype=object)


def _descriptions(
    names: list[str],
    key_ingredient: list[str],
    substitutes: np.ndarray,
    rng: np.random.Generator,
    cal: Calibration | None = None,
) -> list[str]:
    """Lowercase descriptions of one to four sentences of the grammar, sometimes on several lines;
    a small share comes from the common short descriptions ("yum", "from southern living.")."""
    n = len(names)
    counts = rng.choice((1, 2, 3, 4), n, p=(0.35, 0.35, 0.2, 0.1))
    ptr = np.concatenate([[0], np.cumsum(counts)])
    owner = _segments(ptr)
    first = np.arange(ptr[-1]) == ptr[owner]
    row_values = {
        "name": np.array([nm or "this" for nm in names], dtype=object),
        "ing": np.array(key_ingredient, dtype=object),
        "dish": _dish_of(names),
    }
    pools = {"ing2": substitutes}
    level = DESCRIPTION_ADJ_LEVELS[rng.integers(0, 2, ptr[-1])]
    sentences = np.empty(ptr[-1], dtype=object)
    for templates, mask in ((DESCRIPTION_OPEN, first), (DESCRIPTION_MORE, ~first)):
        at = np.flatnonzero(mask)
        which = rng.integers(0, len(templates), len(at))
        sentences[at] = _render(templates, which, owner[at], level[at], row_values, pools, rng)
    separators = np.where(rng.random(n) < PARAGRAPH_SHARE, "\r\n", " ").tolist()
    bounds = ptr.tolist()
    items = sentences.tolist()
    texts = [sep.join(items[a:b]).lower() for a, b, sep in zip(bounds[:-1], bounds[1:], separators, strict=True)]
    share = _common_description_share(cal)
    common = np.flatnonzero(rng.random(n) < share)
    picks = np.searchsorted(np.cumsum(_common_description_probabilities(share)), rng.random(len(common)))
    for i, k in zip(common.tolist(), np.minimum(picks, len(DESCRIPTION_COMMON) - 1).tolist(), strict=True):
        texts[i] = DESCRIPTION_COMMON[k]
    return texts


# ------------------------------------------------------------------------------------------
# Reviews

# Sentence groups: sentiment and closing sentences by level 1-5, neutral context, questions.
_GROUPS = [f"sentiment_{v}" for v in range(1, 6)] + [f"closing_{v}" for v in range(1, 6)] + ["neutral", "question"]
REVIEW_TEMPLATES = _Templates([t for g in _GROUPS for t in GRAMMAR["groups"][g]])
_GROUP_SIZE = np.array([len(GRAMMAR["groups"][g]) for g in _GROUPS])
_GROUP_START = np.concatenate([[0], np.cumsum(_GROUP_SIZE)[:-1]])
NEUTRAL, QUESTION = 10, 11


def _variety(names: tuple[str, ...]) -> float:
    """Number of distinct fillings of a template (per-row slots count as many)."""
    sizes = [
        1000 if n in _ROW_SLOT_LENGTH else len(_ADJ[0]) if _base(n) == "adj" else len(_POOLS[_base(n)]) for n in names
    ]
    return float(np.prod(sizes)) if sizes else 1.0


# Templates that may open a review (and so make up a one-sentence review): short ones, which may
# repeat like "Loved it!", or ones with thousands of fillings; per group, as indices.
OPENING_MIN_VARIETY, OPENING_MAX_SHORT = 900.0, 30.0
_opening = [
    [
        int(k)
        for k in range(start, start + size)
        if _variety(REVIEW_TEMPLATES.slots[k]) >= OPENING_MIN_VARIETY or REVIEW_TEMPLATES.length[k] <= OPENING_MAX_SHORT
    ]
    for start, size in zip(_GROUP_START.tolist(), _GROUP_SIZE.tolist(), strict=True)
]
_OPENING = np.array([k for group in _opening for k in group])
_OPENING_SIZE = np.array([len(group) for group in _opening])
_OPENING_START = np.concatenate([[0], np.cumsum(_OPENING_SIZE)[:-1]])
SHORT_REVIEWS_BY_LEVEL = [np.array(GRAMMAR["short"][str(v)], dtype=object) for v in range(6)]
TYPO_WORDS = {word: tuple(typos) for word, typos in GRAMMAR["typo_words"].items()}
# Sentiment level of a sentence given the review's rating (row = rating 0-5, columns = levels
# 1-5): neighbouring ratings share words, as real 4-star reviews say "delicious" and "a bit dry".
SENTIMENT_MIX = np.array(
    [
        [0.05, 0.05, 0.15, 0.30, 0.45],  # 0: comments without stars are mostly positive
        [0.55, 0.28, 0.12, 0.04, 0.01],
        [0.18, 0.42, 0.28, 0.10, 0.02],
        [0.03, 0.17, 0.45, 0.27, 0.08],
        [0.00, 0.03, 0.17, 0.45, 0.35],
        [0.00, 0.01, 0.05, 0.24, 0.70],
    ]
)
# Share of questions among the sentences of a zero-star review (first / later sentences).
QUESTION_SHARE = (0.5, 0.3)
# Later sentences: neutral context, sentiment, closing.
LATER_SENTENCES = (0.5, 0.3, 0.2)
# Reviews shorter than this many characters are a single short word or phrase ("yum", "Great!").
SHORT_REVIEW_CHARS = 11
# Short words are drawn with probability decreasing along their pool (index = len * u ** skew).
SHORT_SKEW = 2.2
# Review length quantile anchors below and beyond the real quartiles: a few one-word reviews
# (real min 1), p1/p99 from a lognormal fit; the real max is the last anchor.
REVIEW_LENGTH_LOW = ((0.0005, 1.5), (0.006, 9.0), (0.02, 45.0))
REVIEW_LENGTH_HIGH = (0.99, 1005.0)
# Median review length by rating and by year (profile parameters: the output medians come out
# lower in late years, where 5-star reviews weigh more). The years are fitted to the note of
# interactions.review_length_chars.describe (monthly median 47.5 in 2000, at most 265, 202.5 at
# the end of 2018); the rise and fall between and the rating profile (low ratings explain
# themselves at more length) are assumptions, not real statistics. Overall quantiles stay exact.
REVIEW_MEDIAN_BY_RATING = (230.0, 290.0, 330.0, 320.0, 285.0, 228.0)
REVIEW_MEDIAN_BY_YEAR = {
    2000: 90,
    2001: 140,
    2002: 190,
    2003: 215,
    2004: 232,
    2005: 245,
    2006: 255,
    2007: 262,
    2008: 268,
    2009: 260,
    2010: 248,
    2011: 240,
    2012: 234,
    2013: 229,
    2014: 224,
    2015: 219,
    2016: 215,
    2017: 211,
    2018: 208,
}
# A sentence is kept while the text before it plus this fraction of it is shorter than the target.
KEEP_FRACTION = 0.4
REVIEW_LOG_SD = 0.66  # sd of log length implied by the real quartiles (lognormal)
# Variants of whole reviews: all lowercase, a typo (word or swapped letters), "!!!", a smiley.
LOWERCASE_SHARE, WORD_TYPO_SHARE, SWAP_TYPO_SHARE, BANG_SHARE, SMILEY_SHARE = 0.12, 0.15, 0.35, 0.04, 0.03


def _paragraphs(sentences: list[str]) -> str:
    """Sentences in paragraphs of two or three sentences."""
    return "\n\n".join(" ".join(sentences[k : k + 3 - k % 2]) for k in range(0, len(sentences), 3))


def _review_lengths(cal: Calibration, rating: np.ndarray, year: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Target lengths: the real overall quantile function, given to reviews by the rank of a
    latent score shifted by rating and year, so medians move by rating and year."""
    n = len(rating)
    desc = cal["interactions.review_length_chars.describe"]
    high_u, high = REVIEW_LENGTH_HIGH
    anchors = [
        *REVIEW_LENGTH_LOW,
        (0.25, desc["25%"]),
        (0.5, desc["50%"]),
        (0.75, desc["75%"]),
        (high_u, high),
        (1 - 0.5 / desc["count"], desc["max"]),
    ]
    values = np.sort(_tail_quantile(np.maximum(rng.random(n), 1e-6), anchors))
    median = float(desc["50%"])
    by_year = np.array([REVIEW_MEDIAN_BY_YEAR.get(y, median) for y in range(1999, 2020)], dtype=float)
    effect = (
        np.log(np.array(REVIEW_MEDIAN_BY_RATING)[rating] / median)
        + np.log(by_year[np.clip(year - 1999, 0, len(by_year) - 1)] / median)
    ) / REVIEW_LOG_SD
    score = rng.standard_normal(n) + 1.05 * effect
    lengths = np.empty(n)
    lengths[np.argsort(score, kind="stable")] = values
    return lengths


def _levels(rating: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    cum = np.cumsum(SENTIMENT_MIX, axis=1)[rating]
    return 1 + np.minimum((rng.random(len(rating))[:, None] > cum).sum(axis=1), 4)


def _typo(text: str, u: float) -> str:
    words = [w for w in TYPO_WORDS if f" {w} " in text]
    if not words:
        return text
    word = words[int(u * len(words))]
    typos = TYPO_WORDS[word]
    return text.replace(f" {word} ", f" {typos[int(u * 7919) % len(typos)]} ", 1)


def _swap(text: str, u: float) -> str:
    """A slip of the keyboard at a random letter: two letters swapped, one dropped or doubled."""
    p = int(u * (len(text) - 1))
    if p + 1 < len(text) and text[p].isalpha() and text[p + 1].isalpha():
        slip = int(u * 1e6) % 3
        if slip == 0:
            return text[:p] + text[p + 1] + text[p] + text[p + 2 :]
        return text[:p] + text[p + 1 :] if slip == 1 else text[:p] + text[p] + text[p:]
    return text


def _reviews(
    cal: Calibration,
    rating: np.ndarray,
    empty: np.ndarray,
    ingredient: list[str],
    names: list[str],
    day: np.ndarray,
    substitutes: np.ndarray,
    rng: np.random.Generator,
) -> list[str]:
    """Review texts of the grammar: lengths follow the real distribution (by rating and year),
    sentences are drawn until the length is reached (a sentiment sentence first, then context,
    sentiment and closing sentences), each sentiment sentence's level drawn around the rating."""
    n = len(rating)
    rating = rating.astype(np.int64)
    year = day.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    target = _review_lengths(cal, rating, year, rng)
    short = (target < SHORT_REVIEW_CHARS) & ~empty
    budget = np.where(short | empty, 0, np.minimum(np.ceil(target / 42.0).astype(np.int64) + 2, 250))
    ptr = np.concatenate([[0], np.cumsum(budget)])
    owner = _segments(ptr)
    position = np.arange(ptr[-1]) - ptr[owner]
    r = rating[owner]
    u = rng.random(len(owner))
    later = position > 0
    kind = np.where(later, np.searchsorted(np.cumsum(LATER_SENTENCES), u), 1)  # 0 neutral, 1 sentiment, 2 closing
    question = (r == 0) & (rng.random(len(owner)) < np.where(later, QUESTION_SHARE[1], QUESTION_SHARE[0]))
    level = _levels(r, rng)
    group = np.select([question, kind == 0, kind == 1], [QUESTION, NEUTRAL, level - 1], level + 4)
    u = rng.random(len(owner))
    which = np.where(
        position == 0,
        _OPENING[_OPENING_START[group] + (u * _OPENING_SIZE[group]).astype(np.int64)],
        _GROUP_START[group] + (u * _GROUP_SIZE[group]).astype(np.int64),
    )
    row_values = {"ing": np.array(ingredient, dtype=object), "dish": _dish_of(names)}
    sentences = _render(REVIEW_TEMPLATES, which, owner, level, row_values, {"ing2": substitutes}, rng)
    # Keep sentences while the review stays closest to its target (the first one always).
    length = np.fromiter(map(len, sentences.tolist()), dtype=np.int64, count=len(sentences)) + 1
    running = np.cumsum(length)
    before = running - length - (running - length)[ptr[:-1]][owner]
    keep = (position == 0) | (before + KEEP_FRACTION * length < target[owner])
    sentences, owner_k, group_k = sentences[keep], owner[keep], group[keep]
    # Closing sentences go last.
    order = np.lexsort((np.arange(len(owner_k)), (group_k >= 5) & (group_k < NEUTRAL), owner_k))
    items = sentences[order].tolist()
    kept_ptr = np.concatenate([[0], np.cumsum(np.bincount(owner_k, minlength=n))]).tolist()
    paragraphs = (rng.random(n) < PARAGRAPH_SHARE).tolist()
    texts = [
        _paragraphs(items[a:b]) if par else " ".join(items[a:b])
        for a, b, par in zip(kept_ptr[:-1], kept_ptr[1:], paragraphs, strict=True)
    ]
    # Short reviews: one word or phrase of the review's level, common ones first (Zipf).
    at = np.flatnonzero(short)
    short_level = np.where(rating[at] == 0, 0, _levels(rating[at], rng))
    pick = rng.random(len(at))
    for i, v, q in zip(at.tolist(), short_level.tolist(), pick.tolist(), strict=True):
        pool = SHORT_REVIEWS_BY_LEVEL[v]
        texts[i] = pool[min(int(len(pool) * q**SHORT_SKEW), len(pool) - 1)]
    # Variants of whole texts.
    v = rng.random((6, n))
    for i in np.flatnonzero(~short & ~empty & (v[0] < LOWERCASE_SHARE)).tolist():
        texts[i] = texts[i].lower()
    for i in np.flatnonzero(~short & ~empty & (v[1] < WORD_TYPO_SHARE)).tolist():
        texts[i] = _typo(texts[i], float(v[2, i]))
    for i in np.flatnonzero(~short & ~empty & (v[3] < SWAP_TYPO_SHARE)).tolist():
        texts[i] = _swap(texts[i], float(v[2, i]))
    for i in np.flatnonzero(~short & ~empty & (v[4] < BANG_SHARE)).tolist():
        texts[i] = texts[i].replace("!", "!!!")
    for i in np.flatnonzero(~short & ~empty & (v[5] < SMILEY_SHARE) & (rating >= 4)).tolist():
        texts[i] = texts[i] + " :)"
    for i in np.flatnonzero(empty).tolist():
        texts[i] = ""
    return texts
