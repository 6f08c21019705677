-- Star ratings (1-5) per calendar month: count, mean and standard deviation, for the mean's CI and trend.
-- Sums of ratings and of their squares, combined afterwards, cost less than avg + stddev over 1M rows.
SELECT
    year,
    month,
    make_date(year, month, 1) AS month_start,
    n_ratings,
    total / n_ratings AS mean_rating,
    CASE WHEN n_ratings > 1
         THEN sqrt(greatest(squares - total * total / n_ratings, 0) / (n_ratings - 1)) END AS std_rating
FROM (
    SELECT year, month, count(*) AS n_ratings, sum(rating::DOUBLE) AS total, sum((rating * rating)::DOUBLE) AS squares
    FROM filtered_interactions($f)
    WHERE rating > 0
    GROUP BY year, month
)
ORDER BY year, month
