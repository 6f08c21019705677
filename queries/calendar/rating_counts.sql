-- Reviews per calendar group of the review date ($source, $group_of: see recipe_volume) and rating
-- (0 = no stars, present only when the filter keeps them).
SELECT $group_of[CASE WHEN $source = 'month' THEN month ELSE weekday END + 1] AS group_index, rating, count(*) AS n
FROM filtered_interactions($f)
GROUP BY ALL
