-- Every (recipe_id, i) pair the split files and PP_recipes state, with file and rank like split_rows,
-- to find an index map that is not one-to-one across them.
CREATE TABLE recipe_index_rows (source VARCHAR, file_order INTEGER, src_row BIGINT, recipe_id INTEGER, i INTEGER)
