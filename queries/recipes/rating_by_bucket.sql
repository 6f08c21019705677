-- Star ratings (1-5) of the filtered reviews per bucket of a recipe attribute ({attribute}: minutes,
-- n_steps or n_ingredients): bucket k (1-based) holds values from $lower_bounds[k] up to the next
-- bound; values below the first bound or above $max_value (minutes outliers) are left out.
WITH by_value AS (
    -- Grouping by the raw value first leaves a few thousand rows to bucket, not a million.
    SELECT r.{attribute} AS value, i.rating, count(*) AS n
    FROM filtered_interactions($f) i
    JOIN recipes r USING (recipe_id)
    WHERE i.rating > 0
    GROUP BY ALL
)
SELECT len(list_filter($lower_bounds, bound -> bound <= value)) AS bucket, rating, sum(n)::BIGINT AS n
FROM by_value
WHERE value >= list_min($lower_bounds) AND value <= $max_value
GROUP BY ALL
ORDER BY bucket, rating
