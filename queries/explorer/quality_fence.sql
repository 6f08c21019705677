-- Quartiles [Q1, Q3] of a numeric column, for the quality summary's Tukey fences.
quantile_cont({column}, [0.25, 0.75]) AS {column}
