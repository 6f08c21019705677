-- A bad list of integers (the quick form: overflow is only looked for when the cast fails).
{column} IS NULL OR NOT regexp_full_match({column}, $integer_list_regex)
