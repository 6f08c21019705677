-- The rows a warning rule (a warn_* query) finds; they stay in the dataset.
INSERT INTO warned SELECT $reason, * FROM ({rule})
