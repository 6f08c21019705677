-- An index map that is not one-to-one: a {key} with several {index}, or an {index} with several {key}
-- ($key and $index name them in the text), across the files gathered in {rows}. One warning per id,
-- quoting the first row (in file order) holding it.
SELECT arg_min(source, (file_order, src_row)), arg_min(src_row, (file_order, src_row)),
       format('{}={} has several {}: {}', $key, {key}, $index, list_sort(list(DISTINCT {index}))[:5]::VARCHAR)
FROM {rows} GROUP BY {key} HAVING count(DISTINCT {index}) > 1
UNION ALL
SELECT arg_min(source, (file_order, src_row)), arg_min(src_row, (file_order, src_row)),
       format('{}={} has several {}: {}', $index, {index}, $key, list_sort(list(DISTINCT {key}))[:5]::VARCHAR)
FROM {rows} GROUP BY {index} HAVING count(DISTINCT {key}) > 1
