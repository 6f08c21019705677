"""Tests of the generated text (app.generate.text): reviews, descriptions and steps against the real
statistics of calibration.json, with stated tolerances."""

from __future__ import annotations

import ast
import collections
import re
from pathlib import Path

import pandas as pd
import pytest

from app.generate import generate
from app.generate.formats import TOKEN_END, TOKEN_START, TOKEN_STEP
from app.generate.pools import GRAMMAR
from app.generate.text import REVIEW_MEDIAN_BY_RATING, _Tokenizer
from app.stats import log_odds_informative_prior
from tests.fixtures import SHARED_DATA

SHARED_DIR = SHARED_DATA
TEXT_SCALE = 0.05  # ~57k reviews, ~11k recipes
GROWTH_SCALE = 0.01  # 5x fewer rows, to see distinct counts grow with scale

# Tolerances (at TEXT_SCALE).
DISTINCT_REVIEW_SHARE_MIN = 0.97  # real reviews are nearly all distinct; short ones ("yum") repeat
MAX_REPEAT_LONG = 10  # no review of 40+ characters more than a handful of times
LENGTH_QUARTILE_REL = 0.08  # overall p25 / p50 / p75 against the real ones
YEAR_MEDIAN_REL = 0.15  # 2018 median against the real end-of-2018 monthly median (202.5)
PEAK_MEDIAN_REL = 0.10  # highest yearly median against the real highest monthly median (265)
RATING_MEDIAN_REL = 0.15  # medians by rating against the generator's stated profile (no real statistic)
SHORT_SHARE = (0.003, 0.02)  # reviews under 10 characters ("yum", "Great!")
MAX_WORD_Z = 120.0  # per-word rating z-score (Ratings tab statistic); templated text gave 200-760 on 100k
NEIGHBOUR_WORD_SHARE_MIN = 0.05  # 4-star reviews with a 3-star word, 5-star with a 4-star word...
DESCRIPTION_SHARE_PP = 1.5  # distinct / non-null descriptions, percentage points
STEP_SHARE_PP = 8.0  # distinct / all step strings, percentage points (larger vocabularies at scale 1)

SENTENCE = re.compile(r"(?<=[.!?])\s+")
WORD = re.compile(r"[a-z']+")


def _generate(tmp_path_factory, name: str, scale: float) -> Path:
    out = tmp_path_factory.mktemp(name)
    generate(
        out,
        scale=scale,
        seed=3,
        progress=False,
        calibration_path=SHARED_DIR if (SHARED_DIR / "calibration.json").is_file() else None,
    )
    return out


@pytest.fixture(scope="module")
def text_dir(tmp_path_factory):
    return _generate(tmp_path_factory, "text", TEXT_SCALE)


@pytest.fixture(scope="module")
def reviews(text_dir):
    frame = pd.read_csv(text_dir / "RAW_interactions.csv", keep_default_na=False)
    frame = frame[frame["review"] != ""].copy()
    frame["length"] = frame["review"].str.len()
    return frame


@pytest.fixture(scope="module")
def recipes(text_dir):
    return pd.read_csv(text_dir / "RAW_recipes.csv", keep_default_na=False)


def _distinct_sentences_and_words(texts) -> tuple[int, int]:
    sentences = {s for t in texts for s in SENTENCE.split(t) if s}
    words = {w for t in texts for w in WORD.findall(t.lower())}
    return len(sentences), len(words)


def test_reviews_are_mostly_distinct(reviews):
    counts = reviews["review"].value_counts()
    assert counts.size / len(reviews) >= DISTINCT_REVIEW_SHARE_MIN
    long = reviews.loc[reviews["length"] >= 40, "review"].value_counts()
    assert long.iloc[0] <= MAX_REPEAT_LONG, long.head()
    # The most repeated texts are short common ones.
    assert counts.index[0] in {w for pool in GRAMMAR["short"].values() for w in pool}


def test_distinct_sentences_and_words_grow_with_scale(reviews, tmp_path_factory):
    small = pd.read_csv(
        _generate(tmp_path_factory, "growth", GROWTH_SCALE) / "RAW_interactions.csv", keep_default_na=False
    )["review"]
    small_sentences, small_words = _distinct_sentences_and_words(small)
    sentences, words = _distinct_sentences_and_words(reviews["review"])
    assert sentences >= 3.0 * small_sentences  # 5x the reviews: sentences are nearly all new
    assert words >= 1.5 * small_words  # a long tail of words (ingredients, names, typos)
    assert sentences >= 1.5 * len(reviews)


def test_review_length_quantiles(reviews, calibration):
    real = calibration["interactions.review_length_chars.describe"]
    for q, key in ((0.25, "25%"), (0.5, "50%"), (0.75, "75%")):
        assert reviews["length"].quantile(q) == pytest.approx(real[key], rel=LENGTH_QUARTILE_REL), key
    assert reviews["length"].min() <= 3


def test_review_length_by_year(reviews):
    by_year = reviews.groupby(reviews["date"].str[:4])["length"].median()
    counts = reviews.groupby(reviews["date"].str[:4]).size()
    by_year = by_year[counts >= 200]
    # Real: monthly median 202.5 at the end of 2018, at most 265, 47.5 in 2000 (calibration note).
    assert by_year["2018"] == pytest.approx(202.5, rel=YEAR_MEDIAN_REL)
    assert by_year.max() == pytest.approx(265.0, rel=PEAK_MEDIAN_REL)
    assert by_year.max() >= 1.15 * by_year["2018"]
    early = reviews[reviews["date"] < "2002"]
    assert early["length"].median() < 0.6 * reviews["length"].median()


def test_review_length_by_rating(reviews):
    by_rating = reviews.groupby("rating")["length"].median()
    for rating, median in by_rating.items():
        assert median == pytest.approx(REVIEW_MEDIAN_BY_RATING[rating], rel=RATING_MEDIAN_REL), rating
    assert by_rating[3] > 1.15 * by_rating[5]


def test_short_reviews(reviews):
    short = reviews["length"] < 10
    assert SHORT_SHARE[0] <= short.mean() <= SHORT_SHARE[1]
    assert set(reviews.loc[short, "review"].str.lower()) >= {"yum", "great"}


def test_zero_star_reviews_are_questions_or_comments(reviews):
    zero = reviews.loc[reviews["rating"] == 0, "review"]
    assert zero.str.contains("?", regex=False).mean() >= 0.3


def test_sentiment_overlaps_between_ratings(reviews):
    rows = [
        (rating, word)
        for rating, text in zip(reviews["rating"].tolist(), reviews["review"].tolist(), strict=True)
        for word in set(WORD.findall(text.lower()))
    ]
    counts = pd.DataFrame(rows, columns=["rating", "word"]).value_counts().rename("n").reset_index()
    counts = counts[counts.groupby("word")["n"].transform("sum") >= 20]
    z = log_odds_informative_prior(counts, "rating", "word", "n")
    assert z["z"].max() <= MAX_WORD_Z
    # Words of the neighbouring levels appear in a fair share of reviews.
    levels = {level: {w for w in GRAMMAR["adj"][str(level)] if " " not in w} for level in range(1, 6)}
    exclusive = {
        level: words - set().union(*(levels[o] for o in levels if o != level)) for level, words in levels.items()
    }
    texts = {r: reviews.loc[reviews["rating"] == r, "review"].str.lower() for r in range(1, 6)}

    def share(rating: int, level: int) -> float:
        pattern = r"\b(?:" + "|".join(map(re.escape, sorted(exclusive[level]))) + r")\b"
        return float(texts[rating].str.contains(pattern).mean())

    for rating, level in ((5, 4), (4, 5), (4, 3), (3, 4), (3, 2), (2, 3), (2, 1), (1, 2)):
        assert share(rating, level) >= NEIGHBOUR_WORD_SHARE_MIN, (rating, level)
    assert share(5, 5) > share(5, 3) and share(1, 1) > share(1, 3)


def test_description_distinct_share(recipes, calibration):
    descriptions = recipes.loc[recipes["description"] != "", "description"]
    real = (calibration["recipes.description.distinct"] - 1) / (
        calibration["recipes.describe_numeric"]["id"]["count"] - calibration["recipes.nulls"]["description"]
    )
    assert 100 * descriptions.nunique() / len(descriptions) == pytest.approx(100 * real, abs=DESCRIPTION_SHARE_PP)
    assert descriptions.value_counts().index[0] == "yum"


def test_step_distinct_share(recipes, calibration):
    steps = [s for literal in recipes["steps"] for s in ast.literal_eval(literal)]
    real = calibration["recipes.steps.distinct_step_strings"] / (
        calibration["recipes.describe_numeric"]["n_steps"]["mean"]
        * calibration["recipes.describe_numeric"]["n_steps"]["count"]
    )
    assert 100 * len(set(steps)) / len(steps) == pytest.approx(100 * real, abs=STEP_SHARE_PP)
    # Common short steps stay common (real top: "set aside" 0.6% of steps).
    assert collections.Counter(steps).most_common(1)[0][1] / len(steps) >= 0.002


def test_pp_step_tokens_follow_the_raw_steps(text_dir, recipes):
    pp = pd.read_csv(text_dir / "PP_recipes.csv", nrows=300)
    raw = recipes.set_index("id").loc[pp["id"], "steps"]
    tokenizer = _Tokenizer()
    for literal, tokens in zip(raw.tolist(), pp["steps_tokens"].tolist(), strict=True):
        expected = [TOKEN_START]
        for step in ast.literal_eval(literal):
            expected += [int(t) for t in tokenizer.text(step).split(", ") if t] + [TOKEN_STEP]
        assert ast.literal_eval(tokens) == [*expected, TOKEN_END]
