-- View source: recipes through the global filter bar.
filtered_recipes($f)
