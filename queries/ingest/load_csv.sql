-- Every column as text first, so a value of the wrong type is reported with its file, line and
-- column (first_bad_rows) instead of failing the read. strict_mode makes malformed records errors,
-- which the rejects table keeps for first_reject, rather than rows quietly repaired.
CREATE TABLE {raw} AS SELECT * FROM read_csv($path,
    header = true, auto_detect = false, columns = $columns, delim = ',', quote = '"',
    escape = '"', strict_mode = true, max_line_size = $max_line_size,
    store_rejects = true, rejects_table = $rejects_table, rejects_scan = $rejects_scan)
