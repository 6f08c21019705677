-- Recipes holding each tag or ingredient ($kind: 'tags' or 'ingredients') per calendar group ($source, $group_of:
-- see recipe_volume); items in fewer than $min_support recipes dropped. The long tables carry each recipe's
-- calendar, so no join with recipes is needed.
SELECT item, $group_of[CASE WHEN $source = 'month' THEN month ELSE weekday END + 1] AS group_index, count(*) AS n
FROM filtered_items($f, $kind)
GROUP BY item, group_index
QUALIFY sum(count(*)) OVER (PARTITION BY item) >= $min_support
