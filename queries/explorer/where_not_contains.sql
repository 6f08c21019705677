-- Column condition notContains, ignoring case; empty cells contain nothing, so they are kept.
(src.{column} IS NULL OR NOT contains(lower(src.{column}::VARCHAR), lower($value)))
