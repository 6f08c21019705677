-- Column filter "!= value"; empty cells differ from any value, so they are kept.
AND src.{column} IS DISTINCT FROM $value
