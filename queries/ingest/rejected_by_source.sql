-- Rows each file lost, to refuse a file that lost too many.
SELECT source, count(*) FROM rejected GROUP BY source
