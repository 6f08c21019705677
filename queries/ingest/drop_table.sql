-- The text copy of a file, no longer needed once typed: its memory goes back to the next file.
DROP TABLE {table}
