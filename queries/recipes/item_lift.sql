-- Rating aggregates of the filtered reviews (stars 1-5) per tag or ingredient ($kind: 'tags' or
-- 'ingredients'), for items whose recipes gather at least $min_support ratings: n, sum and sum of squares
-- (for means, variances and Welch tests), recipes, and the totals over all rated reviews (on every row).
-- Without a review-level filter each (recipe, item) row carries the recipe's star counts: no join. Star
-- counts are summed per item first; n, sum and sum of squares are linear in them.
WITH totals AS (
    SELECT sum(stars_n(n_1, n_2, n_3, n_4, n_5))::BIGINT AS total_n, sum(stars_sum(n_1, n_2, n_3, n_4, n_5))::BIGINT AS total_s,
           sum(stars_sum_squares(n_1, n_2, n_3, n_4, n_5))::BIGINT AS total_ss
    FROM recipe_star_counts($f)
),
rated_items AS (
    SELECT item, n_rated_1 AS n_1, n_rated_2 AS n_2, n_rated_3 AS n_3, n_rated_4 AS n_4, n_rated_5 AS n_5
    FROM filtered_items($f, $kind)
    WHERE NOT $f['review_level'] AND stars_n(n_rated_1, n_rated_2, n_rated_3, n_rated_4, n_rated_5) > 0
    UNION ALL
    SELECT t.item, c.n_1, c.n_2, c.n_3, c.n_4, c.n_5
    FROM filtered_items($f, $kind) t JOIN recipe_star_counts($f) c USING (recipe_id)
    WHERE $f['review_level']
),
item_counts AS (
    SELECT item, count(*) AS n_recipes, sum(n_1) AS n_1, sum(n_2) AS n_2, sum(n_3) AS n_3, sum(n_4) AS n_4,
           sum(n_5) AS n_5
    FROM rated_items
    WHERE item <> ''
    GROUP BY item
)
SELECT item, n_recipes, stars_n(n_1, n_2, n_3, n_4, n_5)::BIGINT AS n, stars_sum(n_1, n_2, n_3, n_4, n_5)::BIGINT AS s,
       stars_sum_squares(n_1, n_2, n_3, n_4, n_5)::BIGINT AS ss, totals.*
FROM item_counts CROSS JOIN totals
WHERE stars_n(n_1, n_2, n_3, n_4, n_5) >= $min_support
ORDER BY item
