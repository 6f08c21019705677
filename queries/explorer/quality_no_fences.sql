-- Stand-in for the quartiles when a table has no numeric column.
NULL AS no_numeric_column
