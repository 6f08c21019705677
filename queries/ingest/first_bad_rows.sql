-- For each checked column, the first record (file order) holding a value of the wrong type: all
-- columns in one scan, then the earliest of them is reported.
SELECT {firsts} FROM {raw}
