-- Reviewers grouped by their number of reviews and by whether they also contribute recipes, with their rating counts:
-- one GROUP BY user_id feeds the activity distribution, the segments, their rating test and the contributor/reviewer overlap.
WITH contributors AS (
    SELECT DISTINCT contributor_id AS user_id FROM filtered_recipes($f)
),
per_user AS (
    SELECT
        user_id,
        count(*) AS n_reviews,
        count(*) FILTER (WHERE rating = 0) AS rating_0,
        count(*) FILTER (WHERE rating = 1) AS rating_1,
        count(*) FILTER (WHERE rating = 2) AS rating_2,
        count(*) FILTER (WHERE rating = 3) AS rating_3,
        count(*) FILTER (WHERE rating = 4) AS rating_4,
        count(*) FILTER (WHERE rating = 5) AS rating_5
    FROM filtered_interactions($f)
    GROUP BY user_id
)
SELECT
    p.n_reviews,
    c.user_id IS NOT NULL AS is_contributor,
    count(*) AS n_users,
    sum(p.rating_0) AS rating_0,
    sum(p.rating_1) AS rating_1,
    sum(p.rating_2) AS rating_2,
    sum(p.rating_3) AS rating_3,
    sum(p.rating_4) AS rating_4,
    sum(p.rating_5) AS rating_5
FROM per_user p
LEFT JOIN contributors c USING (user_id)
GROUP BY ALL
ORDER BY p.n_reviews, is_contributor
