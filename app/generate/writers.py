"""Writers of the seven Kaggle CSV files."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import numpy as np

from app.generate.calibration import Calibration
from app.generate.formats import (
    CALORIE_LEVEL_BOUNDS,
    PP_RECIPES_HEADER,
    PP_USERS_HEADER,
    RAW_INTERACTIONS_HEADER,
    RAW_RECIPES_HEADER,
    SPLIT_HEADER,
    TECHNIQUES,
    TOKEN_END,
    TOKEN_START,
    TOKEN_STEP,
)
from app.generate.interactions import Interactions
from app.generate.pools import STEP_CLAUSES
from app.generate.recipes import Recipes, StepTemplates
from app.generate.splits import Splits
from app.generate.text import (
    INTERACTION_BATCH,
    RECIPE_BATCH,
    STEP_JOINS,
    STEP_QUANTITIES,
    STEP_TAILS,
    _descriptions,
    _gather,
    _list_literals,
    _reviews,
    _step_texts,
    _step_variants,
    _Tokenizer,
)
from app.generate.vocabulary import Vocabulary

# Writers


def _csv_writer(path: Path):
    handle = open(path, "w", newline="", encoding="utf-8")  # noqa: SIM115  (the caller closes it)
    return handle, csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")


def _batches(rows: np.ndarray, size: int):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _date_strings(days: np.ndarray) -> list[str]:
    return np.datetime_as_string(days.astype("datetime64[D]")).tolist()


def _key_ingredients(recipes: Recipes, vocab: Vocabulary, rows: np.ndarray, rng: np.random.Generator) -> list[str]:
    """One random ingredient name per row (for text placeholders)."""
    n_ing = recipes.ingredient_ptr[rows + 1] - recipes.ingredient_ptr[rows]
    pick = recipes.ingredient_ptr[rows] + (rng.random(len(rows)) * n_ing).astype(np.int64)
    return [vocab.ingredients[k] for k in recipes.ingredient[pick].tolist()]


def _steps_of(recipes: Recipes, templates: StepTemplates, rows: np.ndarray):
    """Flat step indices of ``rows``, their offsets, and the step variants (quantity, tail, join)."""
    flat, local = _gather(recipes.step_ptr, rows)
    owner = np.repeat(rows, np.diff(local))
    variants = _step_variants(
        templates,
        recipes.id[owner],
        flat - recipes.step_ptr[owner],
        recipes.step_template[flat],
        recipes.step_clause[flat],
    )
    return flat, local, *variants


def _write_raw_recipes(
    path: Path,
    recipes: Recipes,
    vocab: Vocabulary,
    templates: StepTemplates,
    contributor_id: np.ndarray,
    file_order: np.ndarray,
    rng: np.random.Generator,
    bar,
) -> int:
    tag_repr = [repr(t) for t in vocab.tags]
    ingredient_repr = [repr(i) for i in vocab.ingredients]
    substitutes = np.array(vocab.ingredients, dtype=object)
    handle, writer = _csv_writer(path)
    with handle:
        writer.writerow(RAW_RECIPES_HEADER)
        for rows in _batches(file_order, RECIPE_BATCH):
            flat, tags_local = _gather(recipes.tag_ptr, rows)
            tags = _list_literals([tag_repr[t] for t in recipes.tag[flat].tolist()], tags_local)
            flat, ing_local = _gather(recipes.ingredient_ptr, rows)
            ingredients = _list_literals([ingredient_repr[k] for k in recipes.ingredient[flat].tolist()], ing_local)
            flat, step_local, qty, tail, join = _steps_of(recipes, templates, rows)
            texts = _step_texts(
                templates,
                vocab,
                recipes.step_template[flat],
                recipes.step_ingredient[flat],
                recipes.step_clause[flat],
                qty,
                tail,
                join,
            )
            steps = _list_literals([repr(t) for t in texts], step_local)
            nutrition = ["[" + ", ".join(map(repr, row)) + "]" for row in recipes.nutrition[rows].tolist()]
            names = recipes.name[rows].tolist()
            descriptions = _descriptions(names, _key_ingredients(recipes, vocab, rows, rng), substitutes, rng)
            has_description = recipes.has_description[rows].tolist()
            writer.writerows(
                zip(
                    names,
                    recipes.id[rows].tolist(),
                    recipes.minutes[rows].tolist(),
                    contributor_id[rows].tolist(),
                    _date_strings(recipes.day[rows]),
                    tags,
                    nutrition,
                    recipes.n_steps[rows].tolist(),
                    steps,
                    [d if has else "" for d, has in zip(descriptions, has_description, strict=True)],
                    ingredients,
                    recipes.n_ingredients[rows].tolist(),
                    strict=True,
                )
            )
            bar.update(len(rows))
    return len(file_order)


def _write_raw_interactions(
    cal: Calibration,
    path: Path,
    inter: Interactions,
    recipes: Recipes,
    vocab: Vocabulary,
    user_id: np.ndarray,
    file_order: np.ndarray,
    rng: np.random.Generator,
    bar,
) -> int:
    substitutes = np.array(vocab.ingredients, dtype=object)
    handle, writer = _csv_writer(path)
    with handle:
        writer.writerow(RAW_INTERACTIONS_HEADER)
        for rows in _batches(file_order, INTERACTION_BATCH):
            recipe = inter.recipe[rows]
            reviews = _reviews(
                cal,
                inter.rating[rows],
                inter.empty_review[rows],
                _key_ingredients(recipes, vocab, recipe, rng),
                recipes.name[recipe].tolist(),
                inter.day[rows],
                substitutes,
                rng,
            )
            writer.writerows(
                zip(
                    user_id[inter.user[rows]].tolist(),
                    recipes.id[recipe].tolist(),
                    _date_strings(inter.day[rows]),
                    inter.rating[rows].tolist(),
                    reviews,
                    strict=True,
                )
            )
            bar.update(len(rows))
    return len(file_order)


def _technique_literal(mask: int, cache: dict[int, str]) -> str:
    rendered = cache.get(mask)
    if rendered is None:
        rendered = "[" + ", ".join("1" if mask >> j & 1 else "0" for j in range(len(TECHNIQUES))) + "]"
        cache[mask] = rendered
    return rendered


def _write_pp_recipes(
    path: Path, recipes: Recipes, vocab: Vocabulary, templates: StepTemplates, splits: Splits, bar
) -> int:
    tokenizer = _Tokenizer()
    ingredient_tokens = ["[" + tokenizer.text(name) + "]" for name in vocab.ingredients]
    prefix_tokens = [tokenizer.text(p) for p in templates.prefix]
    suffix_tokens = [tokenizer.text(p) for p in templates.suffix]
    clause_tokens = [tokenizer.text(c) for c in STEP_CLAUSES] + [""]
    qty_tokens = [tokenizer.text(q) for q in STEP_QUANTITIES] + [""]
    tail_tokens = [tokenizer.text(e) for e in STEP_TAILS] + [""]
    join_tokens = [tokenizer.text(j) for j in STEP_JOINS] + [""]
    ingredient_words = [tokenizer.text(name) for name in vocab.ingredients]
    techniques_cache: dict[int, str] = {}
    pp = np.flatnonzero(splits.i_of_recipe >= 0)
    pp = pp[np.argsort(splits.i_of_recipe[pp], kind="stable")]
    calorie_level = np.searchsorted(CALORIE_LEVEL_BOUNDS, recipes.nutrition[:, 0], side="right")
    handle, writer = _csv_writer(path)
    with handle:
        writer.writerow(PP_RECIPES_HEADER)
        for rows in _batches(pp, RECIPE_BATCH):
            names = [
                f"[{TOKEN_START}, " + (tokenizer.text(n) + ", " if n else "") + f"{TOKEN_END}]"
                for n in recipes.name[rows].tolist()
            ]
            flat, ing_local = _gather(recipes.ingredient_ptr, rows)
            items = recipes.ingredient[flat]
            ing_tokens = _list_literals([ingredient_tokens[k] for k in items.tolist()], ing_local)
            ing_ids = _list_literals(vocab.ingredient_ids[items].astype(str).tolist(), ing_local)
            flat, step_local, qty, tail, join = _steps_of(recipes, templates, rows)
            has_slot = templates.has_slot.tolist()
            parts = [
                ", ".join(
                    filter(
                        None,
                        (
                            prefix_tokens[t],
                            qty_tokens[q],
                            ingredient_words[k],
                            suffix_tokens[t],
                            tail_tokens[e],
                            clause_tokens[c],
                            str(TOKEN_STEP),
                        )
                        if has_slot[t]
                        else (
                            prefix_tokens[t],
                            clause_tokens[c],
                            join_tokens[j],
                            ingredient_words[k] if j >= 0 else "",
                            tail_tokens[e],
                            str(TOKEN_STEP),
                        ),
                    )
                )
                for t, k, c, q, e, j in zip(
                    recipes.step_template[flat].tolist(),
                    recipes.step_ingredient[flat].tolist(),
                    recipes.step_clause[flat].tolist(),
                    qty.tolist(),
                    tail.tolist(),
                    join.tolist(),
                    strict=True,
                )
            ]
            bounds = step_local.tolist()
            steps = [
                "[" + ", ".join([str(TOKEN_START), *parts[a:b], str(TOKEN_END)]) + "]"
                for a, b in itertools.pairwise(bounds)
            ]
            writer.writerows(
                zip(
                    recipes.id[rows].tolist(),
                    splits.i_of_recipe[rows].tolist(),
                    names,
                    ing_tokens,
                    steps,
                    [_technique_literal(m, techniques_cache) for m in recipes.techniques[rows].tolist()],
                    calorie_level[rows].tolist(),
                    ing_ids,
                    strict=True,
                )
            )
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
    counts = np.column_stack(
        [
            np.bincount(u, weights=(masks >> np.uint64(j)) & np.uint64(1), minlength=n_users)
            for j in range(len(TECHNIQUES))
        ]
    ).astype(np.int64)
    handle, writer = _csv_writer(path)
    with handle:
        writer.writerow(PP_USERS_HEADER)
        for rows in _batches(np.arange(n_users), RECIPE_BATCH):
            local = ptr[rows[0] : rows[-1] + 2] - ptr[rows[0]]
            base = int(ptr[rows[0]])
            item_lists = _list_literals(items[base : base + int(local[-1])], local)
            rating_lists = _list_literals(ratings[base : base + int(local[-1])], local)
            n_items = np.diff(local).tolist()
            techniques = ["[" + ", ".join(map(str, row)) + "]" for row in counts[rows].tolist()]
            writer.writerows(zip(rows.tolist(), techniques, item_lists, n_items, rating_lists, n_items, strict=True))
            bar.update(len(rows))
    return n_users


def _write_split(
    path: Path, rows: np.ndarray, inter: Interactions, recipes: Recipes, splits: Splits, user_id: np.ndarray, bar
) -> int:
    handle, writer = _csv_writer(path)
    with handle:
        writer.writerow(SPLIT_HEADER)
        for batch in _batches(rows, INTERACTION_BATCH):
            user = inter.user[batch]
            recipe = inter.recipe[batch]
            writer.writerows(
                zip(
                    user_id[user].tolist(),
                    recipes.id[recipe].tolist(),
                    _date_strings(inter.day[batch]),
                    [f"{r}.0" for r in inter.rating[batch].tolist()],
                    splits.u_of_user[user].tolist(),
                    splits.i_of_recipe[recipe].tolist(),
                    strict=True,
                )
            )
            bar.update(len(batch))
    return len(rows)
