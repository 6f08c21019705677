-- Text condition notEqual, ignoring case; empty cells differ from any text, so they are kept.
lower(src.{column}) IS DISTINCT FROM lower($value)
