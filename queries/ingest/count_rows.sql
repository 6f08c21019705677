-- Rows a table holds: what a file loaded, or what is left of it after the rejections.
SELECT count(*) FROM {table}
