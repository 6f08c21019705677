-- Reviews and reviews without stars (rating 0) per review year; callers bind $f with rating 0 included.
SELECT year, count(*) AS n_reviews, count(*) FILTER (WHERE rating = 0) AS n_zero
FROM filtered_interactions($f)
GROUP BY year
ORDER BY year
