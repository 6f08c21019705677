-- Column filter "= value" (exact match).
AND src.{column} = $value
