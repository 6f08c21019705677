-- How many rows each reason found (reasons that found none are added as 0 by the caller).
SELECT reason, count(*) FROM {table} GROUP BY reason
