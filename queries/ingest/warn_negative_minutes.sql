-- A negative preparation time: kept (the rest of the recipe is sound), counted for the time analyses.
SELECT 'RAW_recipes', src_row, format('recipe_id={} minutes={}', recipe_id, minutes)
FROM "RAW_recipes" WHERE minutes < 0
