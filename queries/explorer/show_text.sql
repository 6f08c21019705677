-- Page column of long text, truncated to $max_chars characters with an ellipsis.
CASE WHEN length(src.{column}) > $max_chars THEN left(src.{column}, $max_chars - 1) || '…' ELSE src.{column} END AS {column}
