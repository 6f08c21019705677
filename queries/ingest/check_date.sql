-- A bad date: only YYYY-MM-DD, which the cast alone would not insist on.
{column} IS NULL OR NOT regexp_full_match({column}, '[0-9]{4}-[0-9]{2}-[0-9]{2}') OR TRY_CAST({column} AS DATE) IS NULL
