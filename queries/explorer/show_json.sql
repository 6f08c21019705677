-- Export column of a list for CSV: a JSON array, which any CSV reader can parse back.
to_json(src.{column})::VARCHAR AS {column}
