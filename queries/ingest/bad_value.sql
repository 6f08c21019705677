-- The offending value itself, quoted in the error message.
SELECT {column} FROM {raw} WHERE rowid = $row
