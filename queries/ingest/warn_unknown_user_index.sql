-- A split row whose user index u is not in PP_users: the index has a hole.
SELECT source, src_row, format('user_id={} recipe_id={} u={} i={}', user_id, recipe_id, u, i)
FROM split_rows ANTI JOIN "PP_users" USING (u)
