-- Review length (characters) per rating 0-5: count, mean and the quantiles a box plot needs (5/25/50/75/95 %).
SELECT rating, n_reviews, mean_length, q[1] AS p05, q[2] AS q1, q[3] AS median, q[4] AS q3, q[5] AS p95
FROM (
    SELECT rating, count(*) AS n_reviews, avg(review_length) AS mean_length,
           quantile_cont(review_length, [0.05, 0.25, 0.5, 0.75, 0.95]) AS q
    FROM filtered_interactions($f)
    GROUP BY rating
)
ORDER BY rating
