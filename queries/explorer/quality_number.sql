-- Quality of a numeric column: empty cells, distinct values, range, quartiles and far-out values,
-- i.e. below Q1 − 3·IQR or above Q3 + 3·IQR (Tukey).
struct_pack(
    nulls := count(*) - count(src.{column}),
    n_distinct := count(DISTINCT src.{column}),
    low := min(src.{column})::DOUBLE,
    high := max(src.{column})::DOUBLE,
    q1 := any_value(fences.{column}[1]),
    q3 := any_value(fences.{column}[2]),
    outliers := count(*) FILTER (
        WHERE src.{column} < fences.{column}[1] - 3 * (fences.{column}[2] - fences.{column}[1])
           OR src.{column} > fences.{column}[2] + 3 * (fences.{column}[2] - fences.{column}[1]))
) AS {column}
