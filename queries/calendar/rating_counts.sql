-- Reviews per calendar group of the review date ($dimension as in recipe_volume) and rating (0 = no stars, kept only when the filter includes them).
SELECT
    CASE $dimension WHEN 'season' THEN season WHEN 'weekday' THEN weekday::VARCHAR
         ELSE CASE WHEN is_weekend THEN 'weekend' ELSE 'weekday' END END AS group_key,
    rating,
    count(*) AS n
FROM filtered_interactions($f)
GROUP BY ALL
