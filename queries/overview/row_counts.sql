-- Rows of every table of the served dataset (absent optional tables count 0).
SELECT 'recipes' AS table_name, count(*) AS n_rows FROM recipes
UNION ALL SELECT 'interactions', count(*) FROM interactions
UNION ALL SELECT 'recipe_tags', count(*) FROM recipe_tags
UNION ALL SELECT 'recipe_ingredients', count(*) FROM recipe_ingredients
UNION ALL SELECT 'pp_recipes', count(*) FROM pp_recipes
UNION ALL SELECT 'pp_users', count(*) FROM pp_users
UNION ALL SELECT 'interactions_train', count(*) FROM interactions_train
UNION ALL SELECT 'interactions_validation', count(*) FROM interactions_validation
UNION ALL SELECT 'interactions_test', count(*) FROM interactions_test
UNION ALL SELECT 'ingr_map', count(*) FROM ingr_map
