-- The interactions table: RAW_interactions with its calendar and what analyses need of the recipe,
-- in date order.
SELECT {columns} FROM (
    SELECT i.*, {calendar}, coalesce(length(review), 0) AS review_length,
           year(r.submitted) AS recipe_year, r.minutes AS recipe_minutes
    FROM "RAW_interactions" i JOIN "RAW_recipes" r USING (recipe_id)
) ORDER BY date, recipe_id, user_id
