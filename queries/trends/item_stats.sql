-- Tag or ingredient statistics ($kind: 'tags' or 'ingredients'; {count}: the recipes' item count column)
-- from one pass over the filtered (recipe, item) pairs, as rows of four sections:
--   'trend': recipes holding each item per year, zero-filled, with the year's recipe count, for items
--            with enough support (at least $min_recipes recipes and $min_share of the filtered recipes);
--   'top':   the $limit most frequent items and the recipes holding each (year NULL);
--   'year':  distinct items per year (n), the year's recipes and items per recipe (mean, std);
--   'all':   distinct items (n) and recipes overall.
WITH years AS (
         SELECT year, count(*) AS n_recipes, avg({count}) AS items_mean, stddev_samp({count}) AS items_std
         FROM filtered_recipes($f) r GROUP BY year),
     counts AS MATERIALIZED (SELECT item, year, count(*) AS n FROM filtered_items($f, $kind) GROUP BY 1, 2),
     totals AS MATERIALIZED (SELECT item, sum(n)::BIGINT AS n FROM counts GROUP BY item),
     n_total AS (SELECT sum(n_recipes) AS n_recipes FROM years),
     supported AS (
         SELECT item FROM totals WHERE n >= greatest($min_recipes, $min_share * (SELECT n_recipes FROM n_total)))
SELECT 'trend' AS section, s.item, y.year, coalesce(c.n, 0)::BIGINT AS n, y.n_recipes::BIGINT AS n_recipes,
       NULL::DOUBLE AS items_mean, NULL::DOUBLE AS items_std
FROM supported s CROSS JOIN years y LEFT JOIN counts c ON c.item = s.item AND c.year = y.year
UNION ALL
SELECT 'top', item, NULL, n, (SELECT n_recipes FROM n_total), NULL, NULL
FROM (SELECT item, n FROM totals ORDER BY n DESC, item LIMIT $limit)
UNION ALL
SELECT 'year', NULL, y.year, count(c.item), y.n_recipes, y.items_mean, y.items_std
FROM years y LEFT JOIN counts c USING (year)
GROUP BY y.year, y.n_recipes, y.items_mean, y.items_std
UNION ALL
SELECT 'all', NULL, NULL, (SELECT count(*) FROM totals), n_recipes, NULL, NULL
FROM n_total
ORDER BY section, year, n DESC, item  -- years in order; the top items by frequency
