-- Recipes submitted per year (the tab's cross-filter source: read without the focus).
SELECT year, count(*) AS n_recipes
FROM filtered_recipes($f) r
GROUP BY year
ORDER BY year
