-- A sort key of a view, ascending, empty cells last.
src.{column} ASC NULLS LAST
