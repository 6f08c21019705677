-- Helpers the loading and table queries share, created once per ingest connection. A list of
-- strings is parsed by the fastest exact path: escapes (rare) need Python's unescaping
-- (py_str_list); without any double quote every item is single-quoted and holds no quote, so
-- "', '" only separates items; otherwise a repr'd string without escapes is exactly the content of
-- its quotes. parse_str_list expects a literal that passed check_string_list.
CREATE MACRO parse_str_list(s) AS CASE
    WHEN s = '[]' THEN []::VARCHAR[]
    WHEN contains(s, '\') THEN py_str_list(s)
    WHEN NOT contains(s, '"') THEN string_split(s[3:-3], ''', ''')
    ELSE list_transform(regexp_extract_all(s, '''[^'']*''|"[^"]*"'), lambda x: x[2:-2]) END;
-- The season of a date; the months' seasons come from the contract (season_by_month.sql sets them).
CREATE MACRO season_of(d) AS getvariable('season_by_month')[month(d)];
