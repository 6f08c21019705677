-- A split row whose recipe index i is not in PP_recipes: the index has a hole.
SELECT source, src_row, format('user_id={} recipe_id={} u={} i={}', user_id, recipe_id, u, i)
FROM split_rows ANTI JOIN "PP_recipes" USING (i)
