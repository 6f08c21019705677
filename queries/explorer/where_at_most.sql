-- Column condition lessThanOrEqual: <= value.
src.{column} <= $value
