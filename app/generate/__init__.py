"""Seeded synthetic generator of the Kaggle "Food.com Recipes and User Interactions" dataset.

``generate(out_dir, scale, seed)`` writes the seven Kaggle CSVs (RAW_recipes, RAW_interactions,
PP_recipes, PP_users, interactions_train/validation/test) byte-for-byte in the real formats
(headers, Python list literals, ``csv`` QUOTE_MINIMAL quoting, ``\\n`` line ends).

Marginals are calibrated on statistics of the full real data (``calibration.json`` of the shared
folder when present, else the compact ``calibration_defaults.json`` next to this module). Most
marginals are *stratified*: sorted values are drawn from the calibrated quantile function at
evenly spaced probabilities and then given to rows by the rank of a latent score, so counts and
quantiles are exact at any scale while the latent scores carry the dependencies (recipe category
-> nutrition / ingredients / tags / steps, n_steps ~ n_ingredients, recipe quality, minutes and
month -> ratings, user leniency and activity -> ratings, splits...). Ratings keep their exact
counts; shifts per month and per minutes bucket are fitted to the real mean ratings.

Scaling: row counts scale linearly with ``scale``; vocabularies (tags, ingredients, distinct
dates) shrink sublinearly below 1 because their rare members vanish, and heavy tails (most active
user, most reviewed recipe) are read at the same quantiles, so maxima grow sublinearly too.

Determinism: one ``numpy.random.SeedSequence(seed)`` spawns an independent PCG64 stream per
phase; no output depends on hash or set order. Same seed, scale and calibration source give
byte-identical files (the calibration source matters: the real ``ingr_map.csv`` provides
ingredient names that the built-in fallback does not have).

Layout: one module per phase (``calibration``, ``vocabulary``, ``recipes``, ``interactions``,
``accounts``, ``splits``, ``text``, ``writers``), numeric helpers in ``numeric`` and ``calendar``,
formats in ``formats``, and what texts are made of in ``pools``.

Marking: the output folder also gets ``GENERATED.json`` (``app.schema.GENERATED_MARKER``: generator,
scale, seed; no timestamp, so it is as deterministic as the CSVs), from which ``ingest`` publishes the
data as synthetic without being told.
"""

from __future__ import annotations

import json
import math
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from tqdm import tqdm

from app.generate.accounts import _account_ids, _contributors
from app.generate.calibration import _load_calibration, _sizes
from app.generate.formats import DEFAULTS_FILE, MIN_SCALE
from app.generate.interactions import Interactions, _interactions
from app.generate.recipes import Recipes, _recipes, _step_templates
from app.generate.splits import Splits, _splits
from app.generate.vocabulary import _build_vocabulary
from app.generate.writers import (
    _write_pp_recipes,
    _write_pp_users,
    _write_raw_interactions,
    _write_raw_recipes,
    _write_split,
)
from app.schema import GENERATED_MARKER

__all__ = ["DEFAULTS_FILE", "generate"]


# ==========================================================================================
# Public API

RNG_STREAMS = (
    "vocab",
    "dates",
    "recipes",
    "ingredients",
    "steps",
    "tags",
    "contributors",
    "interactions",
    "users",
    "ratings",
    "accounts",
    "splits",
    "descriptions",
    "reviews",
)


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
    marker = {
        "generator": "app.generate",
        "scale": scale,
        "seed": seed,
        "files": [f"{stem}.csv" for stem in stems],
        "note": MARKER_NOTE,
    }
    with open(out / GENERATED_MARKER, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(json.dumps(marker, indent=2) + "\n")


def _split_job(
    path: Path,
    bar: Any,
    *,
    rows: np.ndarray,
    inter: Interactions,
    recipes: Recipes,
    splits: Splits,
    user_id: np.ndarray,
) -> int:
    """Writes one held-out split file (a job of ``generate``)."""
    return _write_split(path, rows, inter, recipes, splits, user_id, bar)


def generate(
    out_dir: str | Path,
    scale: float = 1.0,
    seed: int = 42,
    progress: bool = True,
    calibration_path: str | Path | None = None,
) -> dict[str, int]:
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
    rngs = {
        name: np.random.Generator(np.random.PCG64(child))
        for name, child in zip(RNG_STREAMS, np.random.SeedSequence(int(seed)).spawn(len(RNG_STREAMS)), strict=True)
    }
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
        user_id, contributor_id = _account_ids(
            cal, sizes, user_join, inter.user_count, contributor_join, contributor_count, rngs["accounts"]
        )
        phases.update()
        phases.set_postfix_str("splits")
        splits = _splits(sizes, inter, rngs["splits"])
        phases.update()

    # RAW files list recipes by name and interactions grouped by recipe in that order.
    recipe_file_order = np.lexsort((recipes.id, pd.factorize(recipes.name, sort=True)[0]))
    file_position = np.empty(sizes.recipes, dtype=np.int64)
    file_position[recipe_file_order] = np.arange(sizes.recipes)
    interaction_file_order = np.lexsort((inter.day, file_position[inter.recipe]))
    train = splits.train[
        np.lexsort(
            (
                splits.i_of_recipe[inter.recipe[splits.train]],
                splits.u_of_user[inter.user[splits.train]],
                inter.day[splits.train],
            )
        )
    ]
    held_out = {"interactions_validation": splits.validation, "interactions_test": splits.test}
    held_out = {
        stem: rows[np.argsort(splits.u_of_user[inter.user[rows]], kind="stable")] for stem, rows in held_out.items()
    }
    jobs: dict[str, tuple[int, Callable[[Path, Any], int]]] = {
        "RAW_recipes": (
            sizes.recipes,
            lambda p, bar: _write_raw_recipes(
                p,
                recipes,
                vocab,
                templates,
                contributor_id[recipes.contributor],
                recipe_file_order,
                rngs["descriptions"],
                bar,
            ),
        ),
        "RAW_interactions": (
            len(inter.user),
            lambda p, bar: _write_raw_interactions(
                cal, p, inter, recipes, vocab, user_id, interaction_file_order, rngs["reviews"], bar
            ),
        ),
        "PP_recipes": (
            int((splits.i_of_recipe >= 0).sum()),
            lambda p, bar: _write_pp_recipes(p, recipes, vocab, templates, splits, bar),
        ),
        "PP_users": (sizes.pp_users, lambda p, bar: _write_pp_users(p, inter, recipes, splits, bar)),
        "interactions_train": (len(train), lambda p, bar: _write_split(p, train, inter, recipes, splits, user_id, bar)),
    }
    for stem, rows in held_out.items():
        jobs[stem] = (
            len(rows),
            partial(_split_job, rows=rows, inter=inter, recipes=recipes, splits=splits, user_id=user_id),
        )
    _write_marker(out, float(scale), int(seed), list(jobs))
    counts = {}
    for stem, (total, write) in jobs.items():
        with tqdm(total=total, desc=f"foodcom: {stem}.csv", unit="rows", disable=not progress) as bar:
            counts[stem] = write(out / f"{stem}.csv", bar)
    return counts
