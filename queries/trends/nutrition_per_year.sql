-- One nutrition column ({nutrient}, a validated contract column) per year: quartiles, median and mean.
SELECT year, n_recipes, mean, q[1] AS q25, q[2] AS median, q[3] AS q75
FROM (
    SELECT year,
           count({nutrient}) AS n_recipes,
           avg({nutrient}) AS mean,
           quantile_cont({nutrient}, [0.25, 0.50, 0.75]) AS q
    FROM filtered_recipes($f) r
    GROUP BY year
    HAVING count({nutrient}) > 0
)
ORDER BY year
