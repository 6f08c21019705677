-- Recipes submitted per calendar month.
SELECT make_date(year, month, 1) AS month, count(*) AS n_recipes
FROM filtered_recipes($f)
GROUP BY ALL
ORDER BY month
