-- Quality of a text column: empty cells, ≈ distinct values (a HyperLogLog estimate, capped by the
-- number of values: an exact count of long texts would not fit in memory), range in text order.
struct_pack(
    nulls := count(*) - count(src.{column}),
    n_distinct := least(approx_count_distinct(src.{column}), count(src.{column})),
    low := min(src.{column}),
    high := max(src.{column})
) AS {column}
