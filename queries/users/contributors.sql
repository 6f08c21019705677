-- One row per contributor of the filtered recipes: recipes posted, star ratings (1-5) received on them in the
-- filtered reviews and their mean (NULL when none). Feeds the top contributors and the rating-by-contributor-size
-- analysis, whose rank test needs one value per contributor (kept on the server).
WITH owned AS (
    SELECT recipe_id, contributor_id FROM filtered_recipes($f)
),
received AS (
    -- Joining first and grouping by contributor (28k groups at full scale) beats grouping by recipe (231k).
    SELECT o.contributor_id, count(*) AS n_ratings, avg(i.rating) AS mean_rating
    FROM filtered_interactions($f) i
    JOIN owned o USING (recipe_id)
    WHERE i.rating > 0
    GROUP BY o.contributor_id
),
posted AS (
    SELECT contributor_id, count(*) AS n_recipes FROM owned GROUP BY contributor_id
)
SELECT p.contributor_id, p.n_recipes, coalesce(r.n_ratings, 0) AS n_ratings, r.mean_rating
FROM posted p
LEFT JOIN received r USING (contributor_id)
ORDER BY p.contributor_id
