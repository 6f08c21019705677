-- Each recipe's interaction counts and mean rating (0 stars is "no rating", left out of the mean),
-- computed once for the recipes table and the long tag and ingredient tables.
CREATE TABLE recipe_stats AS SELECT recipe_id, count(*) AS n_interactions,
    count(*) FILTER (WHERE rating > 0) AS n_rated, avg(rating) FILTER (WHERE rating > 0) AS mean_rating,
    {star_counts} FROM "RAW_interactions" GROUP BY recipe_id
