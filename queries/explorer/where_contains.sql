-- Column filter "contains text", ignoring case; lists and numbers are matched on their text.
AND contains(lower(src.{column}::VARCHAR), lower($value))
