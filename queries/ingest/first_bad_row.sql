-- The first record whose value of a column fails its check (a check_* fragment).
min(rowid) FILTER (WHERE {bad})
