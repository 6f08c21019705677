-- One recipe measure ($measure as in measure_quantiles) with the submission month and ISO weekday, for the rank
-- tests run on the server only; small integer columns keep the transfer cheap and serve every calendar dimension.
WITH measured AS (
    SELECT
        month,
        weekday,
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
SELECT month, weekday, value FROM measured WHERE value IS NOT NULL
