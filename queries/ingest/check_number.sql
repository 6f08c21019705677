-- A bad number: anything DOUBLE does not read.
{column} IS NULL OR TRY_CAST({column} AS DOUBLE) IS NULL
