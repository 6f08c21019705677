-- The $limit recipes with the highest Bayesian average rating among the filtered recipes' star ratings (1-5;
-- reviews without stars never count): (m * C + sum of stars) / (m + n), where C is the mean of every filtered
-- star rating and m the median number of star ratings per rated recipe (interpolated between the two middle
-- values for an even count). Ties: more ratings first, then the recipe id. Each row repeats C, m and the
-- number of rated recipes.
WITH per_recipe AS MATERIALIZED (
    SELECT recipe_id, stars_n(n_1, n_2, n_3, n_4, n_5)::BIGINT AS n_ratings,
           stars_sum(n_1, n_2, n_3, n_4, n_5)::DOUBLE AS total
    FROM recipe_star_counts($f)
),
prior AS (
    SELECT sum(total) / sum(n_ratings) AS prior_mean, median(n_ratings)::DOUBLE AS prior_weight,
           count(*) AS n_recipes, sum(n_ratings)::BIGINT AS n_ratings_all
    FROM per_recipe
    HAVING count(*) > 0
),
top AS (
    SELECT p.recipe_id, p.n_ratings, p.total / p.n_ratings AS mean_rating,
           (pr.prior_weight * pr.prior_mean + p.total) / (pr.prior_weight + p.n_ratings) AS bayes_rating,
           pr.prior_mean, pr.prior_weight, pr.n_recipes, pr.n_ratings_all
    FROM per_recipe p CROSS JOIN prior pr
    ORDER BY bayes_rating DESC, p.n_ratings DESC, p.recipe_id
    LIMIT $limit
)
SELECT top.recipe_id, r.name, top.* EXCLUDE (recipe_id)
FROM top LEFT JOIN recipes r ON r.recipe_id = top.recipe_id
ORDER BY bayes_rating DESC, n_ratings DESC, recipe_id
