-- A PP_recipes id RAW_recipes does not hold: the preprocessed files and RAW disagree.
SELECT 'PP_recipes', src_row, format('recipe_id={} i={}', recipe_id, i)
FROM "PP_recipes" WHERE recipe_id NOT IN (SELECT recipe_id FROM "RAW_recipes")
