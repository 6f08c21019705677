-- Row keys of a view in its order, one page of them (or all: a NULL limit). Step one of reading a
-- sorted or filtered view: only the key and the sort column are read here, so the sort fits in memory.
SELECT {row_key} AS row_key
FROM {source} AS src
WHERE true
{conditions}
{order}
LIMIT $limit OFFSET $offset
