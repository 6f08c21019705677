-- Recipes holding each tag or ingredient ($kind: 'tags' or 'ingredients') per calendar group ($dimension); items in fewer than $min_support recipes dropped.
-- The long tables (one row per recipe and item) join faster than unnesting the recipes' lists.
WITH grouped AS (
    SELECT
        recipe_id,
        CASE $dimension WHEN 'season' THEN season WHEN 'weekday' THEN weekday::VARCHAR
             ELSE CASE WHEN is_weekend THEN 'weekend' ELSE 'weekday' END END AS group_key
    FROM filtered_recipes($f)
),
items AS (
    SELECT recipe_id, tag AS item FROM recipe_tags WHERE $kind = 'tags'
    UNION ALL
    SELECT recipe_id, ingredient AS item FROM recipe_ingredients WHERE $kind = 'ingredients'
)
SELECT item, group_key, count(*) AS n
FROM grouped JOIN items USING (recipe_id)
GROUP BY item, group_key
QUALIFY sum(count(*)) OVER (PARTITION BY item) >= $min_support
