-- Records loaded and the newlines inside their quoted fields: with the header, they must account for
-- every physical line of the file, since DuckDB may skip an over-long line without a reject. Counted
-- per column (COLUMNS), then added up.
SELECT records, list_sum([*COLUMNS(* EXCLUDE (records))]) FROM (
    SELECT count(*) AS records, coalesce(sum(strlen(COLUMNS(*)) - strlen(replace(COLUMNS(*), chr(10), ''))), 0)
    FROM {raw}
)
