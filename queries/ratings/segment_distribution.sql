-- Filtered reviews per rating (0-5, every value present) of two recipe segments defined by tags:
-- 'a': recipes tagged $tag_a; 'b': recipes tagged $tag_b, or every other recipe when $tag_b is '' (empty);
-- 'both': recipes holding both tags, left out of 'a' and 'b' so that the two samples are disjoint.
WITH a AS (SELECT DISTINCT recipe_id FROM recipe_tags WHERE tag = $tag_a),
     b AS (SELECT DISTINCT recipe_id FROM recipe_tags WHERE $tag_b <> '' AND tag = $tag_b),
     labelled AS (
         SELECT i.rating, i.recipe_id IN (SELECT recipe_id FROM a) AS in_a,
                CASE WHEN $tag_b = '' THEN i.recipe_id NOT IN (SELECT recipe_id FROM a)
                     ELSE i.recipe_id IN (SELECT recipe_id FROM b) END AS in_b
         FROM filtered_interactions($f) i
     ),
     counts AS (
         SELECT CASE WHEN in_a AND in_b THEN 'both' WHEN in_a THEN 'a' ELSE 'b' END AS segment, rating,
                count(*) AS n
         FROM labelled
         WHERE in_a OR in_b
         GROUP BY ALL
     )
SELECT s.segment, v.rating, coalesce(c.n, 0)::BIGINT AS n_reviews
FROM (VALUES ('a'), ('b'), ('both')) AS s(segment)
CROSS JOIN range(0, 6) AS v(rating)
LEFT JOIN counts c ON c.segment = s.segment AND c.rating = v.rating
ORDER BY s.segment, v.rating
