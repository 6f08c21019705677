-- A recipe's count of one star rating; 0 for a recipe nobody rated.
coalesce(s.{column}, 0) AS {column}
