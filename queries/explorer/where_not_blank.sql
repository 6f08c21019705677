-- Column filter "is not blank".
AND src.{column} IS NOT NULL
