-- Order of a sorted view: the sort column ascending, then the row key, so pages never overlap or skip rows.
ORDER BY src.{column} ASC NULLS LAST, row_key ASC
