-- Recipes holding each tag or ingredient ($kind: 'tags' or 'ingredients') per calendar group ($source, $group_of:
-- see recipe_volume); items in fewer than $min_support recipes dropped. The long tables (one row per recipe and
-- item) joined on a small integer group run faster than unnesting the recipes' lists.
WITH grouped AS (
    SELECT recipe_id, $group_of[CASE WHEN $source = 'month' THEN month ELSE weekday END + 1] AS group_index
    FROM filtered_recipes($f)
),
items AS (
    SELECT recipe_id, tag AS item FROM recipe_tags WHERE $kind = 'tags'
    UNION ALL
    SELECT recipe_id, ingredient AS item FROM recipe_ingredients WHERE $kind = 'ingredients'
)
SELECT item, group_index, count(*) AS n
FROM grouped JOIN items USING (recipe_id)
GROUP BY item, group_index
QUALIFY sum(count(*)) OVER (PARTITION BY item) >= $min_support
