-- Ingredients whose name contains $text (case-insensitive), most used first.
SELECT ingredient, count(*) AS n_recipes
FROM recipe_ingredients
WHERE contains(lower(ingredient), lower($text))
GROUP BY ingredient
ORDER BY (lower(ingredient) = lower($text)) DESC, n_recipes DESC, ingredient
LIMIT $limit
