-- Frequencies of each of the 7 nutrition values of the filtered recipes (calories in kcal, the others
-- in % of daily value, per serving): (nutrient, value, n). Exact quantiles and means follow from them
-- at a fraction of the cost of seven quantile sorts; values repeat a lot (%DV are integers).
WITH r AS (
    SELECT calories, total_fat_pdv, sugar_pdv, sodium_pdv, protein_pdv, sat_fat_pdv, carbs_pdv
    FROM filtered_recipes($f)
)
          SELECT 'calories' AS nutrient, calories AS value, count(*) AS n FROM r GROUP BY calories
UNION ALL SELECT 'total_fat_pdv', total_fat_pdv, count(*) FROM r GROUP BY total_fat_pdv
UNION ALL SELECT 'sugar_pdv', sugar_pdv, count(*) FROM r GROUP BY sugar_pdv
UNION ALL SELECT 'sodium_pdv', sodium_pdv, count(*) FROM r GROUP BY sodium_pdv
UNION ALL SELECT 'protein_pdv', protein_pdv, count(*) FROM r GROUP BY protein_pdv
UNION ALL SELECT 'sat_fat_pdv', sat_fat_pdv, count(*) FROM r GROUP BY sat_fat_pdv
UNION ALL SELECT 'carbs_pdv', carbs_pdv, count(*) FROM r GROUP BY carbs_pdv
