-- Headline figures of the filtered data.
WITH r AS (SELECT * FROM filtered_recipes($f)),
     i AS (SELECT * FROM filtered_interactions($f))
SELECT
    (SELECT count(*) FROM r) AS n_recipes,
    (SELECT count(DISTINCT contributor_id) FROM r) AS n_contributors,
    (SELECT min(submitted) FROM r) AS first_submitted,
    (SELECT max(submitted) FROM r) AS last_submitted,
    count(*) AS n_interactions,
    count(DISTINCT user_id) AS n_users,
    min(date) AS first_interaction,
    max(date) AS last_interaction,
    avg(rating) AS mean_rating_with_zeros,
    avg(rating) FILTER (WHERE rating > 0) AS mean_rating_without_zeros,
    avg((rating = 0)::INTEGER) AS share_without_stars
FROM i
