-- A recipe submitted before Food.com opened: an implausible date, kept and counted.
SELECT 'RAW_recipes', src_row, format('recipe_id={} submitted={}', recipe_id, submitted)
FROM "RAW_recipes" WHERE submitted < $earliest_date
