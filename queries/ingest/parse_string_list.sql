-- A list of strings parsed from its Python repr (macros.sql).
parse_str_list({column}) AS {name}
