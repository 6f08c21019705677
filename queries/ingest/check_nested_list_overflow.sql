-- check_list_overflow for lists of lists: the items are counted once flattened.
OR list_count(flatten(TRY_CAST({column} AS {type}))) <> len(flatten(TRY_CAST({column} AS {type})))
