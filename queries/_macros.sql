-- Table macros applying the global filter struct $f (see app/filters.py) once for all queries.
-- Created on every connection after the table views; each query reads through them.

-- Does a row's calendar match the cross-filter focus (dimension, value) of $f?
CREATE OR REPLACE MACRO focus_match(f, year, month, season, weekday, is_weekend) AS
    f['focus_dim'] IS NULL
    OR (f['focus_dim'] = 'year' AND year::VARCHAR = f['focus_value'])
    OR (f['focus_dim'] = 'month' AND month::VARCHAR = f['focus_value'])
    OR (f['focus_dim'] = 'season' AND season = f['focus_value'])
    OR (f['focus_dim'] = 'weekday' AND weekday::VARCHAR = f['focus_value'])
    OR (f['focus_dim'] = 'daytype'
        AND (CASE WHEN is_weekend THEN 'weekend' ELSE 'weekday' END) = f['focus_value']);

-- Does a recipe pass the recipe-level filters (submission years, minutes, tags, ingredients)?
CREATE OR REPLACE MACRO recipe_match(f, year, minutes, tags, ingredients) AS
    year BETWEEN f['sub_year_min'] AND f['sub_year_max']
    AND minutes BETWEEN f['minutes_min'] AND f['minutes_max']
    -- The length guards let DuckDB skip the list scans when no tag or ingredient is selected.
    AND (len(f['tags']) = 0 OR list_has_all(tags, f['tags']))
    AND (len(f['ingredients']) = 0 OR list_has_all(ingredients, f['ingredients']));

-- Recipes passing the filters; the focus applies to the submission calendar.
CREATE OR REPLACE MACRO filtered_recipes(f) AS TABLE
    SELECT * FROM recipes r
    WHERE recipe_match(f, r.year, r.minutes, r.tags, r.ingredients)
      AND focus_match(f, r.year, r.month, r.season, r.weekday, r.is_weekend);

-- Interactions passing the filters; the focus applies to the interaction calendar.
-- Tag and ingredient filters need the recipe lists, so only then is recipes joined.
CREATE OR REPLACE MACRO filtered_interactions(f) AS TABLE
    SELECT i.* FROM interactions i
    WHERE i.year BETWEEN f['int_year_min'] AND f['int_year_max']
      AND i.recipe_year BETWEEN f['sub_year_min'] AND f['sub_year_max']
      AND i.recipe_minutes BETWEEN f['minutes_min'] AND f['minutes_max']
      AND (f['include_zero'] OR i.rating > 0)
      AND focus_match(f, i.year, i.month, i.season, i.weekday, i.is_weekend)
      AND (
          (len(f['tags']) = 0 AND len(f['ingredients']) = 0)
          OR i.recipe_id IN (
              SELECT recipe_id FROM recipes
              WHERE (len(f['tags']) > 0 OR len(f['ingredients']) > 0)
                AND list_has_all(tags, f['tags']) AND list_has_all(ingredients, f['ingredients'])
          )
      );

-- One recipe measure per recipe with its calendar group, for the Seasons and Weekdays tabs:
-- source 'month' or 'weekday', group_of[i + 1] the group of month/weekday i, measure minutes
-- (outliers excluded), complexity or a nutrition column.
CREATE OR REPLACE MACRO measured_recipes(f, source, group_of, measure) AS TABLE
    SELECT
        group_of[CASE WHEN source = 'month' THEN month ELSE weekday END + 1] AS group_index,
        CASE measure
            WHEN 'minutes' THEN CASE WHEN NOT minutes_outlier THEN minutes END
            WHEN 'complexity' THEN complexity
            WHEN 'calories' THEN calories WHEN 'total_fat_pdv' THEN total_fat_pdv
            WHEN 'sugar_pdv' THEN sugar_pdv WHEN 'sodium_pdv' THEN sodium_pdv
            WHEN 'protein_pdv' THEN protein_pdv WHEN 'sat_fat_pdv' THEN sat_fat_pdv
            WHEN 'carbs_pdv' THEN carbs_pdv
        END::DOUBLE AS value
    FROM filtered_recipes(f);
