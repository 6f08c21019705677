-- Column condition greaterThanOrEqual: >= value.
src.{column} >= $value
