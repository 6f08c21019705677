-- Step two of a sorted download: every row of the view read straight, in file order, with the hash of
-- its row key, which gives its place (step one); the rows are then put in order a bucket at a time.
SELECT hash({row_key}) AS row_hash, {projection}
FROM {source} AS src
WHERE true
{conditions}
