-- Healthiness score of recipes (0-100, the formula the tab shows) per distinct score value: filtered
-- recipes with that score and the star ratings (1-5) of their filtered reviews.
-- score = 25 * (3 - S - F - N + P), S, F, N, P = sugar, saturated fat, sodium and protein %DV per
-- serving, each clamped to [0, 100] and divided by 100; rounded to 2 decimals (integer %DV give
-- multiples of 0.25, so at most 401 distinct scores).
WITH scores AS (
    SELECT recipe_id,
           round(25 * (3 - greatest(0, least(sugar_pdv, 100)) / 100
                         - greatest(0, least(sat_fat_pdv, 100)) / 100
                         - greatest(0, least(sodium_pdv, 100)) / 100
                         + greatest(0, least(protein_pdv, 100)) / 100), 2) AS score
    FROM recipes
),
recipe_counts AS (
    SELECT s.score, count(*) AS n_recipes
    FROM filtered_recipes($f) r
    JOIN scores s USING (recipe_id)
    GROUP BY s.score
),
rating_counts AS (
    SELECT s.score, sum(c.n_1) AS n_1, sum(c.n_2) AS n_2, sum(c.n_3) AS n_3, sum(c.n_4) AS n_4, sum(c.n_5) AS n_5
    FROM recipe_star_counts($f) c
    JOIN scores s USING (recipe_id)
    GROUP BY s.score
)
SELECT score, coalesce(n_recipes, 0) AS n_recipes,
       coalesce(n_1, 0) AS n_1, coalesce(n_2, 0) AS n_2, coalesce(n_3, 0) AS n_3,
       coalesce(n_4, 0) AS n_4, coalesce(n_5, 0) AS n_5
FROM recipe_counts
FULL JOIN rating_counts USING (score)
ORDER BY score
