-- Text condition endsWith, ignoring case.
ends_with(lower(src.{column}), lower($value))
