"""Text rendering: step texts, descriptions and reviews, and their tokens."""

from __future__ import annotations

import zlib

import numpy as np

from app.generate.calibration import Calibration
from app.generate.formats import TOKEN_VOCAB
from app.generate.numeric import _segments, _tail_quantile
from app.generate.pools import (
    DESCRIPTION_SENTENCES, REVIEW_CONTEXT, REVIEW_SENTENCES, SHORT_REVIEWS, STEP_CLAUSES,
)
from app.generate.recipes import StepTemplates
from app.generate.vocabulary import Vocabulary


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
