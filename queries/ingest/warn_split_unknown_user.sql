-- A split row whose user never interacts in RAW_interactions: the split and RAW disagree.
SELECT source, src_row, format('user_id={} recipe_id={} u={} i={}', user_id, recipe_id, u, i)
FROM split_rows ANTI JOIN (SELECT DISTINCT user_id FROM "RAW_interactions") USING (user_id)
