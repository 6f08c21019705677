-- The recipes table: RAW_recipes with its calendar, nutrition columns and rating counts, in
-- submission order.
SELECT {columns} FROM (
    SELECT r.*, minutes > $minutes_outlier_threshold AS minutes_outlier,
           {calendar}, len(tags) AS n_tags, {nutrition},
           n_steps + n_ingredients AS complexity,
           coalesce(s.n_interactions, 0) AS n_interactions, coalesce(s.n_rated, 0) AS n_rated,
           s.mean_rating, {star_counts}
    FROM "RAW_recipes" r LEFT JOIN recipe_stats s USING (recipe_id)
) ORDER BY submitted, recipe_id
