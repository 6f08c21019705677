-- Recipes per calendar group of their submission date. Every query of this folder groups the same way:
-- $source ('month' or 'weekday') picks the calendar column, $group_of[value + 1] is its group's index.
SELECT $group_of[CASE WHEN $source = 'month' THEN month ELSE weekday END + 1] AS group_index, count(*) AS n
FROM filtered_recipes($f)
GROUP BY ALL
