-- Row key of a table without a declared key: a 64-bit hash of the whole row (identical rows share it).
hash(src)
