-- Recipes submitted per calendar month (the volume chart's finest period; quarters and years are sums of
-- these, so every granularity reads one cached result). The tab's cross-filter source: read without the focus.
SELECT year, month, count(*) AS n_recipes
FROM filtered_recipes($f) r
GROUP BY year, month
ORDER BY year, month
