-- Quality of a date or boolean column: empty cells, distinct values, range as text.
struct_pack(
    nulls := count(*) - count(src.{column}),
    n_distinct := count(DISTINCT src.{column}),
    low := min(src.{column})::VARCHAR,
    high := max(src.{column})::VARCHAR
) AS {column}
