-- Step two: the rows with the given keys, read whole from the table, in any order (the caller puts
-- them in the keys' order; rows sharing a hash key are identical, so any copy stands for each).
-- {key_columns}: one key_column_in line per key column (none for a hash key), which narrows the scan.
SELECT {row_key} AS row_key, {projection}
FROM {raw_table} AS src
WHERE {row_key} IN (SELECT unnest($keys))
{key_columns}
