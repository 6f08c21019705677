-- Step one of a sorted download: the hash of each row's key, in the view's order (the caller turns it
-- into each row's place, found by hash in step two). Narrow: only the key and the sort column are read,
-- and a plain ORDER BY can spill to disk.
SELECT hash(row_key) AS row_hash
FROM (
    SELECT {row_key} AS row_key, src.*
    FROM {source} AS src
    WHERE true
    {conditions}
) AS src
{order}
