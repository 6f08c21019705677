-- A user's second interaction with the same recipe: the first in file order is kept, so a user
-- counts once per recipe.
SELECT src_row, format('user_id={} recipe_id={} date={}', user_id, recipe_id, date)
FROM "RAW_interactions"
QUALIFY row_number() OVER (PARTITION BY user_id, recipe_id ORDER BY src_row) > 1
