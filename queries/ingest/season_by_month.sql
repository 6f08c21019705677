-- The contract's season of each month (January first), for season_of (macros.sql): a macro cannot
-- take a bound value, a variable can, and DuckDB folds it into a constant where it is read.
SET VARIABLE season_by_month = $seasons
