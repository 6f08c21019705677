-- One recipe measure ($measure as in measure_quantiles) with its calendar group ($source, $group_of: see
-- recipe_volume), for the rank tests run on the server only; never sent to the browser.
WITH measured AS (SELECT * FROM measured_recipes($f, $source, $group_of, $measure))
SELECT group_index, value FROM measured WHERE value IS NOT NULL
