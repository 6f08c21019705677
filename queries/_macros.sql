-- Table macros applying the global filter struct $f (see app/filters.py) once for all queries.
-- Created on every connection after the table views; each query reads through them.

-- Does a row's calendar (its own date: submission for recipes, review for reviews) match the calendar
-- cross-filters of $f? Unset ones hold 0 or '' and match every row.
CREATE OR REPLACE MACRO calendar_match(f, month, season, weekday, is_weekend) AS
    (f['focus_month'] = 0 OR month = f['focus_month'])
    AND (f['focus_season'] = '' OR season = f['focus_season'])
    AND (f['focus_weekday'] = 0 OR weekday = f['focus_weekday'])
    AND (f['focus_daytype'] = '' OR (CASE WHEN is_weekend THEN 'weekend' ELSE 'weekday' END) = f['focus_daytype']);

-- Recipes holding every selected tag and every selected ingredient. The long tables hold distinct
-- (recipe, item) pairs sorted by item, so this reads only the row groups of the selected items (a lookup
-- of a few milliseconds) instead of every recipe's tag and ingredient lists; a recipe matches when it
-- holds as many selected items as were selected.
CREATE OR REPLACE MACRO item_matches(f) AS TABLE
    SELECT recipe_id FROM (
        SELECT recipe_id FROM recipe_tags WHERE len(f['tags']) > 0 AND list_contains(f['tags'], tag)
        UNION ALL
        SELECT recipe_id FROM recipe_ingredients
        WHERE len(f['ingredients']) > 0 AND list_contains(f['ingredients'], ingredient)
    )
    GROUP BY recipe_id
    HAVING count(*) = len(f['tags']) + len(f['ingredients']);

-- Is a tag or ingredient filter set?
CREATE OR REPLACE MACRO item_filter_set(f) AS len(f['tags']) > 0 OR len(f['ingredients']) > 0;

-- Does a recipe pass the recipe-level filters (submission years and the submission-year focus, minutes,
-- tags and ingredients, and the calendar focus on its submission date)? A review-year focus selects
-- reviews only.
-- (A macro parameter replaces every same-named column of the body, subqueries included: hence `id`.)
CREATE OR REPLACE MACRO recipe_passes(f, id, year, minutes, month, season, weekday, is_weekend) AS
    year BETWEEN f['sub_year_min'] AND f['sub_year_max']
    AND year BETWEEN f['focus_year_min'] AND f['focus_year_max']
    AND minutes BETWEEN f['minutes_min'] AND f['minutes_max']
    AND (NOT item_filter_set(f) OR id IN (SELECT recipe_id FROM item_matches(f)))
    AND calendar_match(f, month, season, weekday, is_weekend);

-- Recipes passing the filters.
CREATE OR REPLACE MACRO filtered_recipes(f) AS TABLE
    SELECT * FROM recipes r
    WHERE recipe_passes(f, r.recipe_id, r.year, r.minutes, r.month, r.season, r.weekday, r.is_weekend);

-- (recipe, item) pairs of the filtered recipes, for kind 'tags' or 'ingredients', with the recipe's
-- fields (schema.ITEM_RECIPE_COLUMNS): the long tables carry them, so this needs no join with recipes.
CREATE OR REPLACE MACRO filtered_items(f, kind) AS TABLE
    SELECT recipe_id, tag AS item, * EXCLUDE (recipe_id, tag) FROM recipe_tags t
    WHERE kind = 'tags' AND recipe_passes(f, t.recipe_id, t.year, t.minutes, t.month, t.season, t.weekday, t.is_weekend)
    UNION ALL BY NAME
    SELECT recipe_id, ingredient AS item, * EXCLUDE (recipe_id, ingredient) FROM recipe_ingredients t
    WHERE kind = 'ingredients'
      AND recipe_passes(f, t.recipe_id, t.year, t.minutes, t.month, t.season, t.weekday, t.is_weekend);

-- Interactions passing the filters: the submission-year focus through the reviewed recipe's year, the
-- review-year and calendar focus on the review's own date. The recipe's year and minutes are copied
-- onto each interaction at ingest, so only an item filter needs recipes.
CREATE OR REPLACE MACRO filtered_interactions(f) AS TABLE
    SELECT i.* FROM interactions i
    WHERE i.year BETWEEN f['int_year_min'] AND f['int_year_max']
      AND i.year BETWEEN f['focus_review_year_min'] AND f['focus_review_year_max']
      AND i.recipe_year BETWEEN f['sub_year_min'] AND f['sub_year_max']
      AND i.recipe_year BETWEEN f['focus_year_min'] AND f['focus_year_max']
      AND i.recipe_minutes BETWEEN f['minutes_min'] AND f['minutes_max']
      AND (f['include_zero'] OR i.rating > 0)
      AND calendar_match(f, i.month, i.season, i.weekday, i.is_weekend)
      AND (NOT item_filter_set(f) OR i.recipe_id IN (SELECT recipe_id FROM item_matches(f)));

-- Reviews, sum and sum of squares of the stars from counts of 1 to 5 stars.
CREATE OR REPLACE MACRO stars_n(n_1, n_2, n_3, n_4, n_5) AS n_1 + n_2 + n_3 + n_4 + n_5;
CREATE OR REPLACE MACRO stars_sum(n_1, n_2, n_3, n_4, n_5) AS n_1 + 2 * n_2 + 3 * n_3 + 4 * n_4 + 5 * n_5;
CREATE OR REPLACE MACRO stars_sum_squares(n_1, n_2, n_3, n_4, n_5) AS n_1 + 4 * n_2 + 9 * n_3 + 16 * n_4 + 25 * n_5;

-- Star ratings (1-5) of each filtered recipe's filtered reviews, for recipes with at least one. Without a
-- review-level filter (f['review_level'], see Filters.review_level) they are the counts precomputed at ingest; otherwise they are counted from the
-- reviews (DuckDB skips the branch whose condition is false without reading its table).
CREATE OR REPLACE MACRO recipe_star_counts(f) AS TABLE
    SELECT recipe_id, n_rated_1 AS n_1, n_rated_2 AS n_2, n_rated_3 AS n_3, n_rated_4 AS n_4, n_rated_5 AS n_5
    FROM filtered_recipes(f)
    WHERE NOT f['review_level'] AND n_rated > 0
    UNION ALL
    SELECT recipe_id,
           count(*) FILTER (WHERE rating = 1), count(*) FILTER (WHERE rating = 2), count(*) FILTER (WHERE rating = 3),
           count(*) FILTER (WHERE rating = 4), count(*) FILTER (WHERE rating = 5)
    FROM filtered_interactions(f)
    WHERE f['review_level'] AND rating > 0
    GROUP BY recipe_id;

-- One recipe measure per recipe with its calendar group, for the Seasons and Weekdays tabs:
-- source 'month' or 'weekday', group_of[i + 1] the group of month/weekday i, measure minutes
-- (outliers excluded), complexity or a nutrition column.
CREATE OR REPLACE MACRO measured_recipes(f, source, group_of, measure) AS TABLE
    SELECT
        group_of[CASE WHEN source = 'month' THEN month ELSE weekday END + 1] AS group_index,
        CASE measure
            WHEN 'minutes' THEN CASE WHEN NOT minutes_outlier THEN minutes END
            WHEN 'complexity' THEN complexity
            WHEN 'calories' THEN calories WHEN 'total_fat_pdv' THEN total_fat_pdv
            WHEN 'sugar_pdv' THEN sugar_pdv WHEN 'sodium_pdv' THEN sodium_pdv
            WHEN 'protein_pdv' THEN protein_pdv WHEN 'sat_fat_pdv' THEN sat_fat_pdv
            WHEN 'carbs_pdv' THEN carbs_pdv
        END::DOUBLE AS value
    FROM filtered_recipes(f);
