-- Cohorts by first review year: users of each cohort active (>= 1 review) in each year, from one GROUP BY user_id.
-- A user's active years are packed as bits of a UBIGINT (bit k = first year of the data + k; 64 bits cover
-- 64 years, Food.com spans 2000-2018), so a single cheap aggregate per user yields every active year, and the
-- cohort is the lowest set bit: x XOR (x - 1) sets that bit and those below it, so its bit count - 1 is its index.
WITH base AS (
    SELECT min(year) AS first_year FROM interactions
),
per_user AS (
    SELECT bit_or(1::UBIGINT << (i.year - b.first_year)) AS active_years
    FROM filtered_interactions($f) i, base b
    GROUP BY i.user_id
),
patterns AS (
    SELECT active_years, count(*) AS n_users
    FROM per_user
    GROUP BY active_years
)
SELECT
    (b.first_year + bit_count(xor(p.active_years, p.active_years - 1)) - 1)::SMALLINT AS cohort,
    (b.first_year + r.k)::SMALLINT AS year,
    sum(p.n_users) AS n_active
FROM patterns p, base b, range(0, 64) AS r(k)
WHERE (p.active_years >> r.k::INTEGER) & 1::UBIGINT = 1
GROUP BY ALL
ORDER BY cohort, year
