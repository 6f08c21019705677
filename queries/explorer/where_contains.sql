-- Column condition contains, ignoring case; a list is matched on its text.
contains(lower(src.{column}::VARCHAR), lower($value))
