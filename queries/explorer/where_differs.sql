-- Column condition notEqual (numbers, dates); empty cells differ from any value, so they are kept.
src.{column} IS DISTINCT FROM $value
