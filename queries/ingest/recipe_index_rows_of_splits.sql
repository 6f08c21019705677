-- The split files' (recipe_id, i) pairs into recipe_index_rows.
INSERT INTO recipe_index_rows SELECT source, file_order, src_row, recipe_id, i FROM split_rows
