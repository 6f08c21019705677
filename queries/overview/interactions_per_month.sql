-- Reviews per calendar month with their mean rating (stars only, 0 excluded).
SELECT
    make_date(year, month, 1) AS month,
    count(*) AS n_interactions,
    avg(rating) FILTER (WHERE rating > 0) AS mean_rating
FROM filtered_interactions($f)
GROUP BY ALL
ORDER BY month
