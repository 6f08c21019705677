-- View source: interactions through the global filter bar.
filtered_interactions($f)
