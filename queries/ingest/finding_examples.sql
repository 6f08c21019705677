-- The first examples of each reason in file order (files as the contract lists them), for the log
-- and the manifest: enough to find the rows, not a copy of them.
SELECT reason, source, src_row, detail FROM {table}
QUALIFY row_number() OVER (PARTITION BY reason ORDER BY list_position($sources, source), src_row) <= $per_reason
ORDER BY reason, list_position($sources, source), src_row
