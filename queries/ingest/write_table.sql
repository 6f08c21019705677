-- A contract table as zstd Parquet, in a fixed order (reproducible files, good row-group pruning);
-- small row groups for tables of long text keep a worker's memory for whole rows bounded.
COPY ({table}) TO $path (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE $row_group_size)
