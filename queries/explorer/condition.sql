-- A column filter of a view: one line of its WHERE clause (after WHERE true).
AND {predicate}
