-- Contributors grouped by their number of filtered recipes (the contributor side of the activity distribution).
WITH per_contributor AS (
    SELECT contributor_id, count(*) AS n_recipes
    FROM filtered_recipes($f)
    GROUP BY contributor_id
)
SELECT n_recipes, count(*) AS n_contributors
FROM per_contributor
GROUP BY n_recipes
ORDER BY n_recipes
