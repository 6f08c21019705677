-- Boolean condition false (the grid's No option).
src.{column} IS FALSE
