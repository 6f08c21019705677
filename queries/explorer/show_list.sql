-- Page column of a list, its items joined by commas and truncated to $max_chars characters.
CASE WHEN length(array_to_string(src.{column}, ', ')) > $max_chars
     THEN left(array_to_string(src.{column}, ', '), $max_chars - 1) || '…'
     ELSE array_to_string(src.{column}, ', ') END AS {column}
