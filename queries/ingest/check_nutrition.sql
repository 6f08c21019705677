-- A bad nutrition list: exactly the contract's number of values, each a number.
{column} IS NULL OR NOT regexp_full_match({column}, $nutrition_regex)
