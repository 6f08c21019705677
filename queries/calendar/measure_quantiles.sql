-- Box-plot statistics of one recipe measure ($measure: minutes without outliers, complexity or a nutrition column) per calendar group ($dimension).
WITH measured AS (
    SELECT
        CASE $dimension WHEN 'season' THEN season WHEN 'weekday' THEN weekday::VARCHAR
             ELSE CASE WHEN is_weekend THEN 'weekend' ELSE 'weekday' END END AS group_key,
        CASE $measure
            WHEN 'minutes' THEN CASE WHEN NOT minutes_outlier THEN minutes END
            WHEN 'complexity' THEN complexity
            WHEN 'calories' THEN calories WHEN 'total_fat_pdv' THEN total_fat_pdv
            WHEN 'sugar_pdv' THEN sugar_pdv WHEN 'sodium_pdv' THEN sodium_pdv
            WHEN 'protein_pdv' THEN protein_pdv WHEN 'sat_fat_pdv' THEN sat_fat_pdv
            WHEN 'carbs_pdv' THEN carbs_pdv
        END::DOUBLE AS value
    FROM filtered_recipes($f)
)
SELECT group_key, count(value) AS n, avg(value) AS mean, min(value) AS minimum, max(value) AS maximum,
       quantile_cont(value, [0.25, 0.5, 0.75]) AS quartiles
FROM measured
WHERE value IS NOT NULL
GROUP BY ALL
