-- Column filter "is blank": empty cells only.
AND src.{column} IS NULL
