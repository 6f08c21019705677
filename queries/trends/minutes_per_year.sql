-- Preparation minutes per submission year, outliers (over one day) excluded: mean, median and
-- the quantiles of every band the tab offers, in one scan so switching bands hits the cache.
SELECT year, n_recipes, n_outliers, mean, q[1] AS q05, q[2] AS q10, q[3] AS q25, q[4] AS median,
       q[5] AS q75, q[6] AS q90, q[7] AS q95
FROM (
    SELECT year,
           count(*) FILTER (WHERE NOT minutes_outlier) AS n_recipes,
           count(*) FILTER (WHERE minutes_outlier) AS n_outliers,
           avg(minutes) FILTER (WHERE NOT minutes_outlier) AS mean,
           quantile_cont(minutes, [0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95])
               FILTER (WHERE NOT minutes_outlier) AS q
    FROM filtered_recipes($f) r
    GROUP BY year
)
ORDER BY year
