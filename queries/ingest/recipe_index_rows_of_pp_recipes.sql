-- PP_recipes' (recipe_id, i) pairs into recipe_index_rows, ranked after the split files.
INSERT INTO recipe_index_rows SELECT 'PP_recipes', $file_order, src_row, recipe_id, i FROM "PP_recipes"
