-- Every tag with its number of recipes, most frequent first (552 on the full data).
SELECT tag, count(*) AS n_recipes
FROM recipe_tags
GROUP BY tag
ORDER BY n_recipes DESC, tag
