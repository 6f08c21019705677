-- One page of an unsorted view read straight from its table (no global filter set), in file order
-- (cheap at any depth), cells made display-ready.
SELECT {projection}
FROM {source} AS src
WHERE true
{conditions}
LIMIT $limit OFFSET $offset
