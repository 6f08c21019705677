-- The $top words most distinctive of each rating: weighted log-odds with an informative Dirichlet prior
-- (Monroe, Colaresi & Quinn 2008; the formula of app.stats.log_odds_informative_prior, prior scale 1), each
-- rating against all others. Reads review_words, precomputed at ingest over ALL reviews: no filter applies.
-- Stop words and words seen fewer than $min_count times over all ratings are left out.
WITH counts AS (
    SELECT rating, word, sum(n)::BIGINT AS n
    FROM review_words
    WHERE word NOT IN (SELECT unnest($stop_words))
    GROUP BY rating, word
    QUALIFY sum(sum(n)) OVER (PARTITION BY word) >= $min_count
),
-- Prior of a word: its share of all kept words, scaled so the prior counts sum to the vocabulary size.
prior AS (
    SELECT word, total, total / sum(total) OVER () * count(*) OVER () AS alpha
    FROM (SELECT word, sum(n) AS total FROM counts GROUP BY word)
),
totals AS (SELECT sum(total) AS n_all, sum(alpha) AS alpha0 FROM prior),
ratings AS (SELECT rating, sum(n) AS n_rating FROM counts GROUP BY rating),
-- Every (rating, word) pair, a word absent from a rating counting 0.
pairs AS (
    SELECT r.rating, p.word, coalesce(c.n, 0) AS y_in, p.total - coalesce(c.n, 0) AS y_out, p.alpha,
           r.n_rating AS n_in, t.n_all - r.n_rating AS n_out, t.alpha0
    FROM ratings r
    CROSS JOIN prior p
    CROSS JOIN totals t
    LEFT JOIN counts c ON c.rating = r.rating AND c.word = p.word
),
scored AS (
    SELECT rating, word, y_in AS n,
           ln((y_in + alpha) / (n_in + alpha0 - y_in - alpha))
               - ln((y_out + alpha) / (n_out + alpha0 - y_out - alpha)) AS log_odds,
           1 / (y_in + alpha) + 1 / (y_out + alpha) AS variance
    FROM pairs
)
SELECT rating, word, n, log_odds, log_odds / sqrt(variance) AS z
FROM scored
WHERE (SELECT count(*) FROM ratings) > 1
QUALIFY row_number() OVER (PARTITION BY rating ORDER BY log_odds / sqrt(variance) DESC, word) <= $top
ORDER BY rating, z DESC, word
