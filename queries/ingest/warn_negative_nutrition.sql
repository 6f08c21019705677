-- A negative nutrition value: kept, counted for the nutrition analyses.
SELECT 'RAW_recipes', src_row, format('recipe_id={} nutrition={}', recipe_id, nutrition::VARCHAR)
FROM "RAW_recipes" WHERE list_min(nutrition) < 0
