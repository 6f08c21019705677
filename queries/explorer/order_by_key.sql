-- Order of an unsorted view read by key (through the global filters): the row key, e.g. recipe_id.
ORDER BY row_key ASC
