-- An item of PP_users whose recipe index i is not in PP_recipes: the index has a hole.
SELECT 'PP_users', src_row, format('u={} item i={}', u, i)
FROM (SELECT src_row, u, unnest(items) AS i FROM "PP_users") ANTI JOIN "PP_recipes" USING (i)
