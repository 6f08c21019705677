-- Column condition notBlank.
src.{column} IS NOT NULL
