-- The rows of the split files (interactions_train/validation/test) together, each with its file and
-- the file's rank, so the cross-file rules read them once and quote the first in file order. A table
-- filled file by file (split_rows_add), since a view cannot take the file's name as a bound value;
-- the types are the contract's.
CREATE TABLE split_rows (source VARCHAR, file_order INTEGER, src_row BIGINT, user_id BIGINT, recipe_id INTEGER,
                         u INTEGER, i INTEGER)
