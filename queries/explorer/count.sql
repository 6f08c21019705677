-- Rows of a table view (its filters, no paging): the DataTable's page count and the status line.
SELECT count(*) AS n_rows
FROM {source} AS src
WHERE true
{conditions}
