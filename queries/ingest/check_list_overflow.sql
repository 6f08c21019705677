-- Added to a list check once the strict cast failed: an item that overflows its type is NULL under
-- TRY_CAST, so fewer items survive. Too costly to run on every load.
OR list_count(TRY_CAST({column} AS {type})) <> len(TRY_CAST({column} AS {type}))
