-- Mean and standard deviation of steps, ingredients and complexity (= n_steps + n_ingredients) per year.
SELECT year,
       count(*) AS n_recipes,
       avg(n_steps) AS steps_mean, stddev_samp(n_steps) AS steps_std,
       avg(n_ingredients) AS ingredients_mean, stddev_samp(n_ingredients) AS ingredients_std,
       avg(complexity) AS complexity_mean, stddev_samp(complexity) AS complexity_std
FROM filtered_recipes($f) r
GROUP BY year
ORDER BY year
