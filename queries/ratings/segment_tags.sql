-- Tags a segment can be: the $limit most frequent tags over all recipes, except those in $exclude (the
-- structural tags, app/tags.py), with their number of recipes.
SELECT tag, count(*) AS n_recipes
FROM recipe_tags
WHERE NOT list_contains($exclude, tag)
GROUP BY tag
ORDER BY n_recipes DESC, tag
LIMIT $limit
