-- Review length (characters) per review year: count, quartiles and median.
SELECT year, n_reviews, q[1] AS q1, q[2] AS median, q[3] AS q3
FROM (
    SELECT year, count(*) AS n_reviews, quantile_cont(review_length, [0.25, 0.5, 0.75]) AS q
    FROM filtered_interactions($f)
    GROUP BY year
)
ORDER BY year
