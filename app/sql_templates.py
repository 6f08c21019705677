"""SQL templates of ``queries/``: loaded by name, identifiers validated then substituted.

The one way code turns a ``queries/`` file into SQL text: the repository (``Repository.sql``) and
ingest (``app.ingest``) both use it, each with the identifiers it may name. Values are never
substituted: they are bound as ``$name`` parameters.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from functools import cache

from app.errors import QueryFailed
from app.settings import PROJECT_ROOT

QUERIES_DIR = PROJECT_ROOT / "queries"
_PARAMETER = re.compile(r"(?<![\w$])\$([A-Za-z_]\w*)")
# What the app's queries may name: lower-case, so a double quote can never get in.
IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


@cache
def load_sql(name: str) -> str:
    """Text of ``queries/<name>.sql``; names are fixed strings from code, never user input."""
    path = (QUERIES_DIR / f"{name}.sql").resolve()
    if QUERIES_DIR.resolve() not in path.parents or not path.is_file():
        raise QueryFailed(f"Unknown query {name!r}")
    return path.read_text(encoding="utf-8")


def sql_parameters(sql: str) -> list[str]:
    """Named parameters (``$name``) a SQL text uses, in first-seen order."""
    return list(dict.fromkeys(_PARAMETER.findall(sql)))


def fill_identifiers(
    sql: str, identifiers: Mapping[str, str], known: Collection[str], pattern: re.Pattern[str] = IDENTIFIER
) -> str:
    """``sql`` with each ``{placeholder}`` of `identifiers` replaced by its identifier, double-quoted;
    an identifier must match `pattern` (which admits no quote) and be one of `known`."""
    for placeholder, identifier in identifiers.items():
        if not pattern.match(identifier) or identifier not in known:
            raise QueryFailed(f"Unknown table or column {identifier!r}")
        sql = sql.replace("{" + placeholder + "}", f'"{identifier}"')
    return sql
