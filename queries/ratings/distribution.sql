-- Reviews per rating value 0-5 (0 = review without stars), every value present.
SELECT v.rating, coalesce(c.n, 0) AS n_reviews
FROM range(0, 6) AS v(rating)
LEFT JOIN (SELECT rating, count(*) AS n FROM filtered_interactions($f) GROUP BY rating) c
       ON c.rating = v.rating
ORDER BY v.rating
