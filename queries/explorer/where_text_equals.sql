-- Text condition equals, ignoring case (as the grid's text filter).
lower(src.{column}) = lower($value)
