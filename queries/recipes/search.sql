-- Filtered recipes whose name contains $text (case-insensitive) or that use exactly the ingredient
-- $text (lower-case, like the data), most reviewed first; name_match tells which of the two matched.
-- The ingredient side reads recipe_ingredients, sorted by ingredient, so an equality skips most of it.
SELECT recipe_id, name, minutes, n_interactions, mean_rating, contains(lower(name), $text) AS name_match
FROM filtered_recipes($f)
WHERE contains(lower(name), $text)
   OR recipe_id IN (SELECT recipe_id FROM recipe_ingredients WHERE ingredient = $text)
ORDER BY n_interactions DESC, recipe_id
LIMIT $limit
