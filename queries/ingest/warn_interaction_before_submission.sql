-- A review dated before its recipe's submission: valid, but analyses of review delays need to know
-- how many there are.
SELECT 'RAW_interactions', i.src_row,
       format('user_id={} recipe_id={} date={} submitted={}', user_id, recipe_id, i.date, r.submitted)
FROM "RAW_interactions" i JOIN "RAW_recipes" r USING (recipe_id) WHERE i.date < r.submitted
