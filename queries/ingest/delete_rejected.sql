-- Leaves a rule's rejected rows out of the dataset; the next rules see what is left, so a row is
-- counted once, under its first reason.
DELETE FROM {table} WHERE src_row IN (SELECT src_row FROM rejected WHERE reason = $reason)
