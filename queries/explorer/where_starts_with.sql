-- Column filter "starts with text" (DataTable's datestartswith, e.g. a date prefix 2008-01), ignoring case.
AND starts_with(lower(src.{column}::VARCHAR), lower($value))
