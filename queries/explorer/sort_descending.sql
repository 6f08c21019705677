-- A sort key of a view, descending, empty cells last.
src.{column} DESC NULLS LAST
