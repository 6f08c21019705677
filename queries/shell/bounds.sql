-- Calendar bounds of the served dataset, for the filter bar's sliders.
SELECT
    (SELECT min(year) FROM recipes) AS sub_year_min,
    (SELECT max(year) FROM recipes) AS sub_year_max,
    (SELECT min(year) FROM interactions) AS int_year_min,
    (SELECT max(year) FROM interactions) AS int_year_max
