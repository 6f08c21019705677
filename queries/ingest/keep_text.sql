-- A text column as read (a recipe may have no description: empty text is allowed).
{column} AS {name}
