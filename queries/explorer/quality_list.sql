-- Quality of a list column: empty cells and the lists' lengths (min, max, mean).
struct_pack(
    nulls := count(*) - count(src.{column}),
    min_length := min(len(src.{column})),
    max_length := max(len(src.{column})),
    mean_length := avg(len(src.{column}))
) AS {column}
