-- One row per (recipe, ingredient), sorted by ingredient so an ingredient filter reads only its row
-- groups; carries what the item analyses need of the recipe.
SELECT {columns} FROM (
    SELECT DISTINCT recipe_id, ingredient, minutes, {calendar}, {star_counts}
    FROM (SELECT recipe_id, unnest(ingredients) AS ingredient, minutes, submitted FROM "RAW_recipes")
    LEFT JOIN recipe_stats s USING (recipe_id)
) ORDER BY ingredient, recipe_id
