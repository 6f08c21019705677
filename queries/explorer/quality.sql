-- Data-quality summary of a table view in one query: one struct of statistics per column; numeric
-- columns also count their values beyond Tukey's far-out fences, computed from their quartiles.
-- The view is read twice (quartiles, then statistics) and never materialized.
WITH src AS NOT MATERIALIZED (
    SELECT * FROM {source} AS src
    WHERE true
    {conditions}
),
fences AS (
    SELECT {fences} FROM src
)
SELECT count(*) AS n_rows, {statistics}
FROM src, fences
