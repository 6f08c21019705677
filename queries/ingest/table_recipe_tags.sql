-- One row per (recipe, tag), sorted by tag so a tag filter reads only its row groups; carries what
-- the item analyses need of the recipe.
SELECT {columns} FROM (
    SELECT DISTINCT recipe_id, tag, minutes, {calendar}, {star_counts}
    FROM (SELECT recipe_id, unnest(tags) AS tag, minutes, submitted FROM "RAW_recipes")
    LEFT JOIN recipe_stats s USING (recipe_id)
) ORDER BY tag, recipe_id
