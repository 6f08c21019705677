-- Page column shown as text (dates, booleans), so the browser shows it verbatim.
src.{column}::VARCHAR AS {column}
