-- One split file's rows into split_rows.
INSERT INTO split_rows SELECT $source, $file_order, src_row, user_id, recipe_id, u, i FROM {split}
