-- Column filter "<= value".
AND src.{column} <= $value
