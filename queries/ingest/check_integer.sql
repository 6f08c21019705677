-- A bad integer: the regex refuses what a cast would round (12.5) or accept (1e3).
{column} IS NULL OR NOT regexp_full_match({column}, $integer_regex) OR TRY_CAST({column} AS {type}) IS NULL
