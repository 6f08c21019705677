-- Every row of an unsorted view read straight from its table, in file order: a streamed download
-- (views read by key are downloaded key batch by key batch instead).
SELECT {projection}
FROM {source} AS src
WHERE true
{conditions}
