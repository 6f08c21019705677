-- Column condition blank: empty cells only.
src.{column} IS NULL
