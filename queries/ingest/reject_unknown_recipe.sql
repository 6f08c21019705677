-- An interaction with a recipe RAW_recipes does not hold: nothing to join it to.
SELECT src_row, format('user_id={} recipe_id={}', user_id, recipe_id)
FROM "RAW_interactions" i ANTI JOIN "RAW_recipes" r USING (recipe_id)
