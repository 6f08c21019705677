-- An interaction dated before Food.com opened: an implausible date, kept and counted.
SELECT 'RAW_interactions', src_row, format('user_id={} recipe_id={} date={}', user_id, recipe_id, date)
FROM "RAW_interactions" WHERE date < $earliest_date
