-- Column condition lessThan: < value.
src.{column} < $value
