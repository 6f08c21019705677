-- A recipe's filtered reviews per rating value 0-5 (0 = no stars), every value present.
SELECT v.rating, coalesce(c.n, 0) AS n_interactions
FROM range(0, 6) AS v(rating)
LEFT JOIN (
    SELECT rating, count(*) AS n FROM filtered_interactions($f) WHERE recipe_id = $recipe_id GROUP BY rating
) c ON c.rating = v.rating
ORDER BY v.rating
