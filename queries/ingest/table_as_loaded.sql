-- A source file published as it was loaded (PP_* and split files), in file order.
SELECT {columns} FROM (SELECT * FROM {source}) ORDER BY src_row
