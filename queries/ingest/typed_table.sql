-- The source file as a typed table; src_row (the record's place in the file) orders examples and
-- keeps the file's order when the table is written unchanged.
CREATE TABLE {table} AS SELECT rowid AS src_row, {columns} FROM {raw}
