-- A bad list of numbers (the quick form: overflow is only looked for when the cast fails).
{column} IS NULL OR NOT regexp_full_match({column}, $number_list_regex)
