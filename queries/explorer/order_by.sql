-- Order of a sorted view: its sort keys (sort_ascending / sort_descending, first key first), then
-- the row key, so blocks of rows never overlap or skip rows.
ORDER BY {keys}, row_key ASC
