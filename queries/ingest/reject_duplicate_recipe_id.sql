-- A recipe id met again: the first row keeps it, so recipe_id stays a key.
SELECT src_row, 'id=' || recipe_id FROM "RAW_recipes"
QUALIFY row_number() OVER (PARTITION BY recipe_id ORDER BY src_row) > 1
