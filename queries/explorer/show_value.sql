-- A column as stored: numbers on a page, every column of a Parquet export, a key column.
src.{column}
