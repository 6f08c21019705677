-- Readiness probe: proves the served version's tables are readable (Parquet footers only).
SELECT (SELECT count(*) FROM recipes) AS recipes, (SELECT count(*) FROM interactions) AS interactions
