-- Rating aggregates of the filtered reviews (stars 1-5) per {item_column} of {item_table}, for items
-- whose recipes gather at least $min_support ratings: n, sum and sum of squares (for means,
-- variances and Welch tests), recipes, and the totals over all rated reviews (repeated on every row).
WITH per_recipe AS (
    -- One scan of the reviews, reduced per recipe before the join with the (larger) item table;
    -- 32-bit sums per recipe keep the join and the per-item sums light.
    SELECT recipe_id, count(*)::INTEGER AS n, sum(rating)::INTEGER AS s, sum(rating::INTEGER * rating)::INTEGER AS ss
    FROM filtered_interactions($f)
    WHERE rating > 0
    GROUP BY recipe_id
),
totals AS (
    SELECT sum(n)::BIGINT AS total_n, sum(s)::BIGINT AS total_s, sum(ss)::BIGINT AS total_ss FROM per_recipe
),
items AS (
    SELECT t.{item_column} AS item, count(*) AS n_recipes, sum(p.n)::BIGINT AS n,
           sum(p.s)::BIGINT AS s, sum(p.ss)::BIGINT AS ss
    FROM {item_table} t
    JOIN per_recipe p USING (recipe_id)
    WHERE t.{item_column} <> ''
    GROUP BY t.{item_column}
    HAVING sum(p.n) >= $min_support
)
SELECT items.*, totals.* FROM items CROSS JOIN totals
ORDER BY item
