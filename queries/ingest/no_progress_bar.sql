-- Ingest shows its own progress, one bar per phase on stderr; DuckDB's would interleave with it.
SET enable_progress_bar = false
