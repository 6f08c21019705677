-- Recipes bucketed by their number of star ratings (1-5) in the filtered reviews, with Spearman's rho
-- between a recipe's number of ratings and its mean rating. $bounds are the buckets' inclusive upper
-- bounds: bucket k holds recipes with more than bounds[k-1] ratings (k = 0..len($bounds)).
WITH per_recipe AS MATERIALIZED (
    SELECT recipe_id, stars_n(n_1, n_2, n_3, n_4, n_5)::BIGINT AS n_ratings,
           stars_sum(n_1, n_2, n_3, n_4, n_5) / stars_n(n_1, n_2, n_3, n_4, n_5) AS mean_rating, n_5 AS n_five
    FROM recipe_star_counts($f)
),
-- Average ranks (ties share the mean of their positions, as scipy) from each distinct value's count:
-- cheaper than ranking every recipe, as distinct values are few.
n_ranks AS (
    SELECT n_ratings, sum(count(*)) OVER (ORDER BY n_ratings) - (count(*) - 1) / 2 AS rank_n
    FROM per_recipe
    GROUP BY n_ratings
),
mean_ranks AS (
    SELECT mean_rating, sum(count(*)) OVER (ORDER BY mean_rating) - (count(*) - 1) / 2 AS rank_mean
    FROM per_recipe
    GROUP BY mean_rating
),
spearman AS (
    SELECT corr(rank_n, rank_mean) AS rho, count(*) AS n_ranked
    FROM per_recipe JOIN n_ranks USING (n_ratings) JOIN mean_ranks USING (mean_rating)
)
SELECT
    len(list_filter($bounds, lambda bound: bound < p.n_ratings)) AS bucket,
    count(*) AS n_recipes,
    sum(p.n_ratings) AS n_ratings,
    avg(p.mean_rating) AS mean_rating,
    stddev_samp(p.mean_rating) AS std_rating,
    sum(p.n_five) AS n_five,
    any_value(s.rho) AS spearman_rho,
    any_value(s.n_ranked) AS spearman_n
FROM per_recipe p CROSS JOIN spearman s
GROUP BY bucket
ORDER BY bucket
