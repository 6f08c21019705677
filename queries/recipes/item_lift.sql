-- Rating aggregates of the filtered reviews (stars 1-5) per tag or ingredient ($kind: 'tags' or
-- 'ingredients'), for items whose recipes gather at least $min_support ratings: n, sum and sum of squares
-- (for means, variances and Welch tests), recipes, and the totals over all rated reviews (on every row).
WITH per_recipe AS (
    SELECT recipe_id, stars_n(n_1, n_2, n_3, n_4, n_5)::INTEGER AS n, stars_sum(n_1, n_2, n_3, n_4, n_5)::INTEGER AS s,
           stars_sum_squares(n_1, n_2, n_3, n_4, n_5)::INTEGER AS ss
    FROM recipe_star_counts($f)
),
totals AS (
    SELECT sum(n)::BIGINT AS total_n, sum(s)::BIGINT AS total_s, sum(ss)::BIGINT AS total_ss FROM per_recipe
),
rated_items AS (
    -- Without a review-level filter each (recipe, item) row carries the recipe's star counts: no join.
    SELECT item, stars_n(n_rated_1, n_rated_2, n_rated_3, n_rated_4, n_rated_5) AS n,
           stars_sum(n_rated_1, n_rated_2, n_rated_3, n_rated_4, n_rated_5) AS s,
           stars_sum_squares(n_rated_1, n_rated_2, n_rated_3, n_rated_4, n_rated_5) AS ss
    FROM filtered_items($f, $kind)
    WHERE NOT review_level_filter($f) AND stars_n(n_rated_1, n_rated_2, n_rated_3, n_rated_4, n_rated_5) > 0
    UNION ALL
    SELECT t.item, p.n, p.s, p.ss
    FROM filtered_items($f, $kind) t JOIN per_recipe p USING (recipe_id)
    WHERE review_level_filter($f)
),
items AS (
    SELECT item, count(*) AS n_recipes, sum(n)::BIGINT AS n, sum(s)::BIGINT AS s, sum(ss)::BIGINT AS ss
    FROM rated_items
    WHERE item <> ''
    GROUP BY item
    HAVING sum(n) >= $min_support
)
SELECT items.*, totals.* FROM items CROSS JOIN totals
ORDER BY item
