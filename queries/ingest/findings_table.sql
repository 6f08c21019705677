-- Rows found by an invariant (rejected, or kept with a warning), with the reason and an example text:
-- counted per reason and quoted in the manifest, never dropped silently.
CREATE TABLE {table} (reason VARCHAR, source VARCHAR, src_row BIGINT, detail VARCHAR)
