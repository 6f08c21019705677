-- The calendar of a date, as every dated table carries it, so analyses filter and group without
-- recomputing it.
year({day}) AS year, month({day}) AS month, isodow({day}) AS weekday, isodow({day}) >= 6 AS is_weekend, season_of({day}) AS season
