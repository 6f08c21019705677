-- A bad list of strings: not a Python repr of one; CASE, unlike AND, calls Python only on the rows
-- with an escape, which the regex alone cannot vouch for.
{column} IS NULL OR NOT regexp_full_match({column}, $string_list_regex) OR CASE WHEN contains({column}, '\') THEN py_str_list({column}) IS NULL ELSE false END
