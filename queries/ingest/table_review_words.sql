-- Word counts per rating. Words: maximal runs of letters (any script) of the lower-cased review, 2+
-- long; words seen fewer than 5 times in all reviews are dropped (typos and names, no signal).
SELECT {columns} FROM (
    SELECT rating, word, n FROM (
        SELECT rating, word, count(*) AS n FROM (
            SELECT rating, unnest(regexp_extract_all(lower(review), '\p{L}{2,}')) AS word
            FROM "RAW_interactions" WHERE review IS NOT NULL)
        GROUP BY rating, word)
    QUALIFY sum(n) OVER (PARTITION BY word) >= 5
) ORDER BY rating, n DESC, word
