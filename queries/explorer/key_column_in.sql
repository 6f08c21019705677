-- A page's rows by key, narrowed first on one key column with a plain IN list: DuckDB pushes its
-- bounds into the scan (row groups skipped) where a struct comparison reads every row.
AND src.{column} IN (SELECT unnest($key_column))
