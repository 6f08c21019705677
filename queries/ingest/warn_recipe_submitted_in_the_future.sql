-- A recipe submitted after the ingest date: an implausible date, kept and counted.
SELECT 'RAW_recipes', src_row, format('recipe_id={} submitted={}', recipe_id, submitted)
FROM "RAW_recipes" WHERE submitted > $ingest_date
