-- Recipes per calendar group of their submission date ($dimension: 'season', 'weekday' ISO 1-7, or 'daytype').
SELECT
    CASE $dimension WHEN 'season' THEN season WHEN 'weekday' THEN weekday::VARCHAR
         ELSE CASE WHEN is_weekend THEN 'weekend' ELSE 'weekday' END END AS group_key,
    count(*) AS n
FROM filtered_recipes($f)
GROUP BY ALL
