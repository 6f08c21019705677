-- A recipe's $limit most recent filtered reviews, their text cut to $max_chars characters.
-- Two steps: the review text is large (a Parquet row group of it is ~50 MB), so it is read only for
-- the chosen reviews; joining on their dates lets the scan skip every row group outside them.
WITH recent AS (
    SELECT user_id, date, rating, review_length
    FROM filtered_interactions($f)
    WHERE recipe_id = $recipe_id
    ORDER BY date DESC, user_id
    LIMIT $limit
)
SELECT r.date, r.rating, left(coalesce(i.review, ''), $max_chars) AS review, r.review_length > $max_chars AS truncated
FROM recent r
JOIN interactions i ON i.recipe_id = $recipe_id AND i.user_id = r.user_id AND i.date = r.date
ORDER BY r.date DESC, r.user_id
