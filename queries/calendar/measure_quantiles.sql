-- Box-plot statistics of one recipe measure per calendar group ($source, $group_of: see recipe_volume).
-- $measure: minutes (outliers excluded), complexity or a nutrition column.
WITH measured AS (
    SELECT
        $group_of[CASE WHEN $source = 'month' THEN month ELSE weekday END + 1] AS group_index,
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
SELECT group_index, count(value) AS n, avg(value) AS mean, min(value) AS minimum, max(value) AS maximum,
       quantile_cont(value, [0.25, 0.5, 0.75]) AS quartiles
FROM measured
WHERE value IS NOT NULL
GROUP BY ALL
