-- The rows a rejection rule (a reject_* query) finds, noted before they are deleted.
INSERT INTO rejected SELECT $reason, $source, * FROM ({rule})
