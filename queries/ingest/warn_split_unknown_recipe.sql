-- A split row whose recipe RAW_recipes does not hold: the split and RAW disagree.
SELECT source, src_row, format('user_id={} recipe_id={} u={} i={}', user_id, recipe_id, u, i)
FROM split_rows ANTI JOIN "RAW_recipes" USING (recipe_id)
