-- A rating that is not a whole number of stars 0-5 (read as a number so 4.5 or 7 lands here rather
-- than failing the load).
SELECT src_row, format('user_id={} recipe_id={} rating={}', user_id, recipe_id, rating)
FROM "RAW_interactions" WHERE NOT (rating BETWEEN 0 AND 5 AND rating = round(rating))
