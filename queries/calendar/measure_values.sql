-- One recipe measure ($measure as in measure_quantiles) with its calendar group ($source, $group_of: see
-- recipe_volume), for the rank tests run on the server only; never sent to the browser.
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
SELECT group_index, value FROM measured WHERE value IS NOT NULL
