-- Column condition greaterThan: > value.
src.{column} > $value
