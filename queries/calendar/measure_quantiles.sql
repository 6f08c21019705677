-- Box-plot statistics of one recipe measure per calendar group ($source, $group_of: see recipe_volume).
-- $measure: minutes (outliers excluded), complexity or a nutrition column.
WITH measured AS (SELECT * FROM measured_recipes($f, $source, $group_of, $measure))
SELECT group_index, count(value) AS n, avg(value) AS mean, min(value) AS minimum, max(value) AS maximum,
       quantile_cont(value, [0.25, 0.5, 0.75]) AS quartiles
FROM measured
WHERE value IS NOT NULL
GROUP BY ALL
