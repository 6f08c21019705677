-- Boolean condition true (the grid's Yes option).
src.{column} IS TRUE
