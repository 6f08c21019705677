-- Text condition startsWith, ignoring case.
starts_with(lower(src.{column}), lower($value))
