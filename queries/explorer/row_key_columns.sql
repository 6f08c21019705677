-- Row key of a table whose key columns ingest keeps unique (duplicates are rejected there).
struct_pack({columns})
