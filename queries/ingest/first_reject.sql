-- The earliest malformed record of a file: one error names one place the operator can fix.
SELECT line, column_name, error_type, error_message, csv_line
FROM {rejects} ORDER BY line LIMIT 1
