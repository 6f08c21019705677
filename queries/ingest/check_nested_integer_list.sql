-- A bad list of integer lists (the quick form: overflow is only looked for when the cast fails).
{column} IS NULL OR NOT regexp_full_match({column}, $nested_integer_list_regex)
