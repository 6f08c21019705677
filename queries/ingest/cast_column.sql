-- A column as the type the contract gives it (loaded text, or a computed column written out).
CAST({column} AS {type}) AS {name}
