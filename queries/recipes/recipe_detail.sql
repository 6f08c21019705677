-- One filtered recipe by id, with everything its detail card shows.
SELECT recipe_id, name, minutes, contributor_id, submitted, tags, ingredients, steps, description,
       calories, total_fat_pdv, sugar_pdv, sodium_pdv, protein_pdv, sat_fat_pdv, carbs_pdv,
       n_interactions, n_rated, mean_rating
FROM filtered_recipes($f)
WHERE recipe_id = $recipe_id
