-- Order of a sorted view: the sort column descending, then the row key, so pages never overlap or skip rows.
ORDER BY src.{column} DESC NULLS LAST, row_key ASC
