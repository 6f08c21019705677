-- The $limit most active reviewers: reviews written and mean rating given (stars 1-5 only).
SELECT
    user_id,
    count(*) AS n_reviews,
    count(*) FILTER (WHERE rating > 0) AS n_rated,
    avg(rating) FILTER (WHERE rating > 0) AS mean_rating
FROM filtered_interactions($f)
GROUP BY user_id
ORDER BY n_reviews DESC, user_id
LIMIT $limit
