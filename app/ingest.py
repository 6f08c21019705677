"""Import the Kaggle Food.com CSVs into a versioned, atomically published Parquet dataset.

``ingest(source, dest)`` reads the Kaggle zip archive (or a folder of its CSVs), checks it,
computes every table of ``app.schema.TABLES`` in DuckDB (memory-capped, spilling to a
temporary folder: the 300 MB files never sit in pandas) and publishes them under ``dest`` as described in
``app.schema``: Parquet files in a new ``versions/<version>/`` folder, ``manifest.json``,
then the ``CURRENT`` pointer, written last.

Validation policy
-----------------
*Structural problems abort the ingest*; nothing is published and the ``IngestError``
names the file, the 1-based physical line of the CSV record and the column:

- a required file (RAW_recipes.csv, RAW_interactions.csv) is missing;
- a header differs from the Kaggle one;
- a record is malformed: unterminated quote (truncated file), wrong number of fields,
  invalid UTF-8, line too long;
- a value has the wrong type: not an integer (``12.5`` minutes is an error, not rounded),
  not a number, not a ``YYYY-MM-DD`` date, not a list literal as Python's ``repr`` writes
  it with items of the right kind, a nutrition list without 7 numbers, or an empty value
  in a non-text column.

*Row-level invariant violations are rejected*: the row is left out of the dataset,
counted per reason in ``manifest["rejected"]`` and the CLI summary, and its first
examples are logged and kept in ``manifest["rejected_examples"]``. Never dropped silently.
Reasons, checked in this order (a row is counted once, under its first reason):

- ``duplicate_recipe_id``: a RAW_recipes row repeating an earlier id (the first is kept);
- ``rating_out_of_range``: a RAW_interactions rating that is not an integer 0-5;
- ``unknown_recipe``: an interaction whose recipe_id is not in RAW_recipes;
- ``duplicate_pair``: a repeated (user_id, recipe_id) interaction (the first in file order
  is kept).

*Warnings keep the rows* and are counted in ``manifest["warnings"]``:
``interaction_before_submission`` (an interaction dated before its recipe's submission
date: the review itself is valid, and the count tells analyses of review delays how many
there are). The PP_* and interactions_train/validation/test files are copied as typed
tables without invariant checks: they index users and recipes of the authors' split.

The manifest also holds each table's data-quality summary (``manifest["quality"]``: rows and
per-column statistics, computed from the written Parquet by the Explorer's own SQL), so the
Explorer reads a whole table's summary instead of scanning the table on request.

Publication is atomic: a failure before ``CURRENT`` is written deletes the partial version
folder and leaves the previous ``CURRENT`` and its version untouched. The previous version
is kept for readers still querying it; older ones are deleted.
"""

from __future__ import annotations

import argparse
import ast
import csv
import hashlib
import json
import os
import sys
import tempfile
import time
import tomllib
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
from loguru import logger
from tqdm import tqdm

from app import schema, versions
from app.errors import AppError, IngestError
from app.settings import PROJECT_ROOT, S3Settings
from app.storage import Storage, open_storage

Manifest = dict[str, Any]

# DuckDB's memory for ingest; tables beyond it spill to disk, and the process needs ~600 MB more
# (Parquet writers, Python). Some steps do not spill enough: 512 MB ran out of memory at 10x the
# real size, while 2.5 GB ingested it with a 3.1 GB peak (see README for the real size). A quarter
# of the machine's memory caps it on small machines; INGEST_MEMORY_LIMIT overrides it.
_DEFAULT_MEMORY_LIMIT_MB = min(2500, os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 4 // 2**20)
DUCKDB_MEMORY_LIMIT = os.environ.get("INGEST_MEMORY_LIMIT", f"{_DEFAULT_MEMORY_LIMIT_MB}MB")
ROW_GROUP_SIZE = 122_880  # DuckDB's default row group: good pruning, modest writer memory
# Tables with long text (reviews, steps, token lists): small row groups keep the memory a
# worker needs to read whole rows (Explorer pages, exports) within its DuckDB limit.
WIDE_TABLES = frozenset({"recipes", "interactions", "pp_recipes"})
WIDE_ROW_GROUP_SIZE = 16_384
MAX_LINE_BYTES = 8 * 1024 * 1024
EXAMPLES_PER_REASON = 3
SHOWN_VALUE_CHARS = 80

# Source columns renamed in the dataset.
_RENAMES = {"RAW_recipes": {"id": "recipe_id"}, "PP_recipes": {"id": "recipe_id"}}
# Source types that differ from the contract's: a rating is read as a number so that 4.5 or
# 7 is a row-level rejection rather than a type error; nutrition is split into 7 columns.
_TYPE_OVERRIDES = {("RAW_interactions", "rating"): "DOUBLE", ("RAW_recipes", "nutrition"): "DOUBLE[]"}
_INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT"}

# Python list literals exactly as ``repr(list)`` writes them (", " between items). Strings
# are single-quoted, or double-quoted when they hold an apostrophe; any backslash escape is
# one Python accepts.
_ESCAPE = r"""\\(?:[\\'"abfnrtv]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|N\{[^}]+\})"""
_STRING = rf"""'(?:[^'\\\n]|{_ESCAPE})*'|"(?:[^"\\\n]|{_ESCAPE})*\""""
_INT = r"-?[0-9]+"
_FLOAT = r"-?[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?"


def _list_regex(element: str, size: int | None = None) -> str:
    """Regex of a list literal of `element`s (exactly `size` of them when given)."""
    items = rf"(?:{element})(?:, (?:{element}))" + (f"{{{size - 1}}}" if size else "*")
    return rf"\[{items if size else f'(?:{items})?'}\]"


_LIST_REGEX = {
    "VARCHAR[]": _list_regex(_STRING),
    "INTEGER[]": _list_regex(_INT),
    "TINYINT[]": _list_regex(_INT),
    "DOUBLE[]": _list_regex(_FLOAT),
    "INTEGER[][]": _list_regex(_list_regex(_INT)),
}
_NUTRITION_SIZE = len(schema.NUTRITION_COLUMNS)
_NUTRITION_REGEX = _list_regex(_FLOAT, _NUTRITION_SIZE)
_EXPECTED = {
    "INTEGER": "an integer", "BIGINT": "an integer", "SMALLINT": "an integer", "TINYINT": "an integer",
    "DOUBLE": "a number", "DATE": "a date YYYY-MM-DD",
    "VARCHAR[]": "a list of strings like ['a', 'b']",
    "INTEGER[]": "a list of integers like [1, 2]", "TINYINT[]": "a list of integers like [1, 2]",
    "DOUBLE[]": "a list of numbers like [1.0, 2.5]", "INTEGER[][]": "a list of integer lists like [[1, 2], [3]]",
}


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# -- sources --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceFile:
    stem: str
    path: Path

    @property
    def name(self) -> str:
        return f"{self.stem}.csv"


def source_types(stem: str) -> dict[str, str]:
    """DuckDB type of each column of a Kaggle file, derived from the dataset contract."""
    header, table = schema.SOURCE_FILES[stem]
    renames = _RENAMES.get(stem, {})
    return {c: _TYPE_OVERRIDES.get((stem, c)) or schema.TABLES[table][renames.get(c, c)] for c in header}


def _choose(stem: str, candidates: list[str]) -> str | None:
    """The shallowest ``<stem>.csv`` among relative paths; ambiguity is an error."""
    matches = [c for c in candidates if Path(c).name == f"{stem}.csv" and "__MACOSX" not in c]
    if not matches:
        return None
    depth = min(c.count("/") for c in matches)
    shallowest = [c for c in matches if c.count("/") == depth]
    if len(shallowest) > 1:
        raise IngestError(f"several {stem}.csv found: {', '.join(sorted(shallowest))}")
    return shallowest[0]


def locate_sources(source: Path, work: Path, progress: bool) -> list[SourceFile]:
    """The Kaggle CSVs of a folder or zip archive (extracted into `work`)."""
    if source.is_dir():
        candidates = [p.relative_to(source).as_posix() for p in source.rglob("*.csv")]
    elif zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as archive:
            candidates = [m.filename for m in archive.infolist() if not m.is_dir()]
    elif source.exists():
        raise IngestError(f"{source} is neither a folder nor a zip archive")
    else:
        raise IngestError(f"{source} does not exist")
    chosen = {stem: rel for stem in schema.SOURCE_FILES if (rel := _choose(stem, candidates))}
    missing = [f"{stem}.csv" for stem in schema.REQUIRED_SOURCES if stem not in chosen]
    if missing:
        listed = ", ".join(sorted(candidates)[:20]) or "no CSV file"
        raise IngestError(f"missing required file(s) {', '.join(missing)} in {source.name}; found: {listed}")
    if source.is_dir():
        return [SourceFile(stem, source / rel) for stem, rel in chosen.items()]
    return _extract(source, chosen, work, progress)


def _extract(archive_path: Path, members: dict[str, str], work: Path, progress: bool) -> list[SourceFile]:
    """Extract the chosen members (stem -> path in the archive) as ``work/<stem>.csv``."""
    files = []
    with zipfile.ZipFile(archive_path) as archive:
        total = sum(archive.getinfo(member).file_size for member in members.values())
        with _bar(progress, "extract", total, unit="B") as bar:
            for stem, member in members.items():
                target = work / f"{stem}.csv"
                with archive.open(member) as src, target.open("wb") as dst:
                    while chunk := src.read(1 << 20):
                        dst.write(chunk)
                        bar.update(len(chunk))
                files.append(SourceFile(stem, target))
    return files


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(4 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _hash_sources(files: list[SourceFile]) -> dict[str, dict[str, Any]]:
    return {f.name: {"sha256": _sha256(f.path), "bytes": f.path.stat().st_size} for f in files}


@contextmanager
def _csv_reader(path: Path) -> Iterator[Any]:
    """Python's csv reader on `path`, which tracks physical lines (``line_num``)."""
    csv.field_size_limit(2**31 - 1)  # a long field must not stop the scan (default: 128 KiB)
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        yield csv.reader(handle)


def physical_line(path: Path, record: int) -> int:
    """1-based line where CSV record `record` (0 = header) starts; quoted newlines count."""
    with _csv_reader(path) as reader:
        start = 1
        for index, _ in enumerate(reader):
            if index == record:
                break
            start = reader.line_num + 1
    return start  # past the end: where the next record would start


def check_header(source: SourceFile) -> None:
    expected = list(schema.SOURCE_FILES[source.stem][0])
    with _csv_reader(source.path) as reader:
        found = next(reader, None)
    if found is None:
        raise IngestError("the file is empty", file=source.name, line=1)
    if found != expected:
        wrong = next((i for i, (e, f) in enumerate(zip(expected, found)) if e != f), min(len(expected), len(found)))
        raise IngestError(
            f"unexpected header: expected {','.join(expected)} but found {','.join(found)}",
            file=source.name, line=1, column=expected[wrong] if wrong < len(expected) else found[wrong])


# -- loading and type validation --------------------------------------------------------------


def _shown(value: str | None) -> str:
    if value is None:
        return "an empty value"
    return repr(value if len(value) <= SHOWN_VALUE_CHARS else value[:SHOWN_VALUE_CHARS] + "…")


def _literal_str_list(text: str) -> list[str] | None:
    """ast.literal_eval of a list of strings; None when it is not one (SQL NULL)."""
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    return value if isinstance(value, list) and all(isinstance(v, str) for v in value) else None


def _register_functions(con: duckdb.DuckDBPyConnection) -> None:
    """SQL helpers; parse_str_list expects a literal that passed the VARCHAR[] check."""
    con.create_function("py_str_list", _literal_str_list, ["VARCHAR"], "VARCHAR[]", side_effects=False)
    # Fastest exact path first. Escapes (rare) need Python's unescaping. Without any double
    # quote, every item is single-quoted and holds no quote, so "', '" only separates items.
    # Otherwise a repr'd string without escapes is exactly the content of its quotes.
    con.execute(r"""CREATE MACRO parse_str_list(s) AS CASE
        WHEN s = '[]' THEN []::VARCHAR[]
        WHEN contains(s, '\') THEN py_str_list(s)
        WHEN NOT contains(s, '"') THEN string_split(s[3:-3], ''', ''')
        ELSE list_transform(regexp_extract_all(s, '''[^'']*''|"[^"]*"'), lambda x: x[2:-2]) END""")
    seasons = [schema.SEASON_BY_MONTH[m] for m in range(1, 13)]
    con.execute(f"CREATE MACRO season_of(d) AS ([{', '.join(map(_sql_string, seasons))}])[month(d)]")


def _check(stem: str, column: str, duck_type: str, thorough: bool) -> tuple[str, str] | None:
    """(SQL condition true on a bad raw value, what was expected); None for free text.

    The quick form leaves out the costly element-overflow test of numeric lists: the strict
    CAST that follows fails on those, and only then is the thorough form run to locate them.
    """
    col = _ident(column)
    if duck_type == "VARCHAR":  # text may be empty (a recipe without description)
        return None
    expected = _EXPECTED[duck_type]
    if duck_type in _INTEGER_TYPES:  # the regex refuses what a cast would round (12.5) or accept (1e3)
        bad = f"NOT regexp_full_match({col}, '{_INT}') OR TRY_CAST({col} AS {duck_type}) IS NULL"
    elif duck_type == "DOUBLE":
        bad = f"TRY_CAST({col} AS DOUBLE) IS NULL"
    elif duck_type == "DATE":
        bad = f"NOT regexp_full_match({col}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') OR TRY_CAST({col} AS DATE) IS NULL"
    elif duck_type == "VARCHAR[]":  # CASE, unlike AND, only calls Python on the rows it selects
        bad = (f"NOT regexp_full_match({col}, {_sql_string(_LIST_REGEX[duck_type])}) OR"
               rf" CASE WHEN contains({col}, '\') THEN py_str_list({col}) IS NULL ELSE false END")
    else:
        regex = _LIST_REGEX[duck_type]
        if (stem, column) == ("RAW_recipes", "nutrition"):
            regex = _NUTRITION_REGEX
            expected = f"a list of {_NUTRITION_SIZE} numbers ({', '.join(schema.NUTRITION_COLUMNS)})"
        bad = f"NOT regexp_full_match({col}, {_sql_string(regex)})"
        if thorough:  # an element that overflows its type becomes NULL under TRY_CAST
            items = f"TRY_CAST({col} AS {duck_type})"
            items = f"flatten({items})" if duck_type.endswith("[][]") else items
            bad += f" OR list_count({items}) <> len({items})"
    return f"{col} IS NULL OR {bad}", expected


def _convert(column: str, duck_type: str) -> str:
    col = _ident(column)
    if duck_type == "VARCHAR":
        return col
    if duck_type == "VARCHAR[]":
        return f"parse_str_list({col})"
    return f"CAST({col} AS {duck_type})"


def load_source(con: duckdb.DuckDBPyConnection, source: SourceFile) -> int:
    """Load one CSV into a typed table named after its stem; structural errors raise."""
    types = source_types(source.stem)
    raw = _ident(f"csv_{source.stem}")
    rejects = f"rejects_{source.stem}"
    columns = "{" + ", ".join(f"{_sql_string(c)}: 'VARCHAR'" for c in types) + "}"
    try:
        con.execute(f"""CREATE TABLE {raw} AS SELECT * FROM read_csv({_sql_string(str(source.path))},
            header = true, auto_detect = false, columns = {columns}, delim = ',', quote = '"',
            escape = '"', strict_mode = true, max_line_size = {MAX_LINE_BYTES},
            store_rejects = true, rejects_table = '{rejects}', rejects_scan = 'scans_{source.stem}')""")
    except duckdb.Error as exc:
        raise IngestError(f"cannot read the CSV: {exc}", file=source.name) from None
    _raise_first_reject(con, source, rejects)
    _raise_first_type_error(con, source, raw, thorough=False)
    renames = _RENAMES.get(source.stem, {})
    converted = ", ".join(f"{_convert(c, t)} AS {_ident(renames.get(c, c))}" for c, t in types.items())
    try:
        con.execute(f"CREATE TABLE {_ident(source.stem)} AS SELECT rowid AS src_row, {converted} FROM {raw}")
    except duckdb.ConversionException as exc:
        _raise_first_type_error(con, source, raw, thorough=True)
        raise IngestError(f"cannot convert a value: {exc}", file=source.name) from None
    con.execute(f"DROP TABLE {raw}")
    return con.execute(f"SELECT count(*) FROM {_ident(source.stem)}").fetchone()[0]


def _raise_first_reject(con: duckdb.DuckDBPyConnection, source: SourceFile, rejects: str) -> None:
    first = con.execute(f"""SELECT line, column_name, error_type, error_message, csv_line
        FROM {rejects} ORDER BY line LIMIT 1""").fetchone()
    if first is None:
        return
    line, column, error_type, message, text = first
    # DuckDB counts records (header = 1), not physical lines: quoted newlines shift them.
    raise IngestError(f"malformed CSV record ({error_type.lower()}: {message}) starting {_shown(text)}",
                      file=source.name, line=physical_line(source.path, line - 1), column=column)


def _raise_first_type_error(con: duckdb.DuckDBPyConnection, source: SourceFile, raw: str,
                            thorough: bool) -> None:
    """Raise an IngestError on the first value (in file order) of the wrong type."""
    checks = {column: check for column, duck_type in source_types(source.stem).items()
              if (check := _check(source.stem, column, duck_type, thorough))}
    firsts = con.execute("SELECT " + ", ".join(f"min(rowid) FILTER (WHERE {bad})" for bad, _ in checks.values())
                         + f" FROM {raw}").fetchone()
    bad_rows = [(row, column) for row, column in zip(firsts, checks) if row is not None]
    if not bad_rows:
        return
    row, column = min(bad_rows, key=lambda item: item[0])  # ties: header order (min is stable)
    value = con.execute(f"SELECT {_ident(column)} FROM {raw} WHERE rowid = ?", [row]).fetchone()[0]
    raise IngestError(f"expected {checks[column][1]}, found {_shown(value)}", file=source.name,
                      line=physical_line(source.path, row + 1), column=column)


# -- invariants ------------------------------------------------------------------------------


_REJECTION_RULES = {  # reason -> (source table, query selecting src_row and a detail text)
    "duplicate_recipe_id": ("RAW_recipes", """
        SELECT src_row, 'id=' || recipe_id FROM "RAW_recipes"
        QUALIFY row_number() OVER (PARTITION BY recipe_id ORDER BY src_row) > 1"""),
    "rating_out_of_range": ("RAW_interactions", """
        SELECT src_row, format('user_id={} recipe_id={} rating={}', user_id, recipe_id, rating)
        FROM "RAW_interactions" WHERE NOT (rating BETWEEN 0 AND 5 AND rating = round(rating))"""),
    "unknown_recipe": ("RAW_interactions", """
        SELECT src_row, format('user_id={} recipe_id={}', user_id, recipe_id)
        FROM "RAW_interactions" i ANTI JOIN "RAW_recipes" r USING (recipe_id)"""),
    "duplicate_pair": ("RAW_interactions", """
        SELECT src_row, format('user_id={} recipe_id={} date={}', user_id, recipe_id, date)
        FROM "RAW_interactions"
        QUALIFY row_number() OVER (PARTITION BY user_id, recipe_id ORDER BY src_row) > 1"""),
}
_WARNING_RULES = {
    "interaction_before_submission": """
        SELECT count(*) FROM "RAW_interactions" i JOIN "RAW_recipes" r USING (recipe_id)
        WHERE i.date < r.submitted""",
}


def apply_invariants(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, int], dict[str, list[str]], dict[str, int]]:
    """Delete rejected rows, in policy order; returns counts, examples and warning counts."""
    con.execute("CREATE TABLE rejected (reason VARCHAR, source VARCHAR, src_row BIGINT, detail VARCHAR)")
    for reason, (table, query) in _REJECTION_RULES.items():
        con.execute(f"INSERT INTO rejected SELECT {_sql_string(reason)}, '{table}', * FROM ({query})")
        con.execute(f"""DELETE FROM "{table}" WHERE src_row IN
            (SELECT src_row FROM rejected WHERE reason = {_sql_string(reason)})""")
    counts = dict.fromkeys(_REJECTION_RULES, 0) | dict(
        con.execute("SELECT reason, count(*) FROM rejected GROUP BY reason").fetchall())
    examples: dict[str, list[str]] = {}
    for reason, source, src_row, detail in con.execute(f"""
            SELECT reason, source, src_row, detail FROM rejected
            QUALIFY row_number() OVER (PARTITION BY reason ORDER BY src_row) <= {EXAMPLES_PER_REASON}
            ORDER BY reason, src_row""").fetchall():
        examples.setdefault(reason, []).append(f"{source}.csv record {src_row + 1}: {detail}")
    for reason, shown in examples.items():
        logger.warning("Rejected {} row(s) for {}; first: {}", counts[reason], reason, "; ".join(shown))
    warnings = {reason: con.execute(query).fetchone()[0] for reason, query in _WARNING_RULES.items()}
    for reason, count in warnings.items():
        if count:
            logger.warning("{} interaction(s) kept despite {}", count, reason)
    return counts, examples, warnings


# -- dataset tables --------------------------------------------------------------------------


def _calendar(column: str) -> str:
    return (f"year({column}) AS year, month({column}) AS month, isodow({column}) AS weekday, "
            f"isodow({column}) >= 6 AS is_weekend, season_of({column}) AS season")


_STAR_COUNTS = ", ".join(f"coalesce(s.{c}, 0) AS {c}" for c in schema.STAR_COUNT_COLUMNS)
_NUTRITION = ", ".join(f"nutrition[{i}] AS {c}" for i, c in enumerate(schema.NUTRITION_COLUMNS, 1))

# table -> (source stem it needs, inner query yielding the contract's column names, ORDER BY).
_DERIVED_TABLES = {
    "recipes": ("RAW_recipes", f"""
        SELECT r.*, minutes > {schema.MINUTES_OUTLIER_THRESHOLD} AS minutes_outlier,
               {_calendar('submitted')}, len(tags) AS n_tags, {_NUTRITION},
               n_steps + n_ingredients AS complexity,
               coalesce(s.n_interactions, 0) AS n_interactions, coalesce(s.n_rated, 0) AS n_rated,
               s.mean_rating, {_STAR_COUNTS}
        FROM "RAW_recipes" r LEFT JOIN recipe_stats s USING (recipe_id)""", "submitted, recipe_id"),
    "interactions": ("RAW_interactions", f"""
        SELECT i.*, {_calendar('i.date')}, coalesce(length(review), 0) AS review_length,
               year(r.submitted) AS recipe_year, r.minutes AS recipe_minutes
        FROM "RAW_interactions" i JOIN "RAW_recipes" r USING (recipe_id)""", "date, recipe_id, user_id"),
    "recipe_tags": ("RAW_recipes", f"""
        SELECT DISTINCT recipe_id, tag, minutes, {_calendar('submitted')}, {_STAR_COUNTS}
        FROM (SELECT recipe_id, unnest(tags) AS tag, minutes, submitted FROM "RAW_recipes")
        LEFT JOIN recipe_stats s USING (recipe_id)""", "tag, recipe_id"),
    "recipe_ingredients": ("RAW_recipes", f"""
        SELECT DISTINCT recipe_id, ingredient, minutes, {_calendar('submitted')}, {_STAR_COUNTS}
        FROM (SELECT recipe_id, unnest(ingredients) AS ingredient, minutes, submitted FROM "RAW_recipes")
        LEFT JOIN recipe_stats s USING (recipe_id)""", "ingredient, recipe_id"),
    # Words: maximal runs of letters (any script) of the lower-cased review, 2+ long; words
    # seen fewer than 5 times in all reviews are dropped (typos and names, no signal).
    "review_words": ("RAW_interactions", r"""
        SELECT rating, word, n FROM (
            SELECT rating, word, count(*) AS n FROM (
                SELECT rating, unnest(regexp_extract_all(lower(review), '\p{L}{2,}')) AS word
                FROM "RAW_interactions" WHERE review IS NOT NULL)
            GROUP BY rating, word)
        QUALIFY sum(n) OVER (PARTITION BY word) >= 5""", "rating, n DESC, word"),
}


def table_queries(stems: set[str]) -> dict[str, tuple[str, str]]:
    """Inner query and ORDER BY of every contract table the loaded sources allow."""
    queries = {t: (q, order) for t, (stem, q, order) in _DERIVED_TABLES.items() if stem in stems}
    for stem, (_, table) in schema.SOURCE_FILES.items():
        if table not in _DERIVED_TABLES and stem in stems:
            queries[table] = (f"SELECT * FROM {_ident(stem)}", "src_row")  # keep file order
    return queries


def write_tables(con: duckdb.DuckDBPyConnection, stems: set[str], out: Path, progress: bool) -> dict[str, int]:
    """Write each table as zstd Parquet with exactly the contract's columns and types."""
    con.execute(f"""CREATE TABLE recipe_stats AS SELECT recipe_id, count(*) AS n_interactions,
        count(*) FILTER (WHERE rating > 0) AS n_rated, avg(rating) FILTER (WHERE rating > 0) AS mean_rating,
        {schema.STAR_COUNTS_SQL} FROM "RAW_interactions" GROUP BY recipe_id""")
    queries = table_queries(stems)
    counts = {}
    with _bar(progress, "write", len(queries), unit="table") as bar:
        for table in schema.TABLES:
            if table not in queries:
                continue
            bar.set_postfix_str(table)
            inner, order = queries[table]
            columns = ", ".join(f"CAST({_ident(c)} AS {t}) AS {_ident(c)}" for c, t in schema.TABLES[table].items())
            target = _sql_string(str(out / f"{table}.parquet"))
            row_group = WIDE_ROW_GROUP_SIZE if table in WIDE_TABLES else ROW_GROUP_SIZE
            counts[table] = con.execute(f"""COPY (SELECT {columns} FROM ({inner}) ORDER BY {order})
                TO {target} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE {row_group})""").fetchone()[0]
            bar.update()
    return counts


def summarize_tables(out: Path, tables: list[str], progress: bool) -> dict[str, Any]:
    """The Explorer's data-quality summary of each written table, read from its Parquet file with the
    very SQL the Explorer runs on a view (app.export): stored in the manifest, a whole table's summary
    is read there instead of being recomputed on request."""
    from app.export import table_quality  # the Explorer's SQL; imported only when ingesting

    con = duckdb.connect(config={
        "memory_limit": DUCKDB_MEMORY_LIMIT, "temp_directory": str(out.parent / "spill"),
        "threads": os.cpu_count() or 2, "autoinstall_known_extensions": False, "autoload_known_extensions": False})
    try:
        con.execute("SET enable_progress_bar = false")
        summaries = {}
        with _bar(progress, "quality", len(tables), unit="table") as bar:
            for table in tables:
                bar.set_postfix_str(table)
                con.execute(f"CREATE VIEW {_ident(table)} AS SELECT * FROM read_parquet("
                            f"{_sql_string(str(out / f'{table}.parquet'))})")
                summaries[table] = table_quality(con, table)
                bar.update()
        return summaries
    finally:
        con.close()


# -- publication -----------------------------------------------------------------------------


def _version_key(version: str, name: str = "") -> str:
    return f"{schema.VERSIONS_DIR}/{version}/{name}".rstrip("/")


def read_current(storage: Storage) -> tuple[str, Manifest]:
    """(version, manifest) of the dataset now served; DatasetMissing when none is."""
    version = storage.read_text(schema.CURRENT_POINTER).strip()
    return version, json.loads(storage.read_text(_version_key(version, schema.MANIFEST)))


def _current_version(storage: Storage) -> str | None:
    return storage.read_text(schema.CURRENT_POINTER).strip() if storage.exists(schema.CURRENT_POINTER) else None


def publish(storage: Storage, version: str, files: dict[str, Path], manifest: Manifest, progress: bool) -> None:
    """Upload a version, then switch CURRENT to it; on failure remove the partial upload."""
    previous = _current_version(storage)
    try:
        with _bar(progress, "publish", len(files) + 2, unit="file") as bar:
            for table, path in files.items():
                bar.set_postfix_str(table)
                storage.upload_file(path, _version_key(version, f"{table}.parquet"))
                bar.update()
            storage.write_text(_version_key(version, schema.MANIFEST), json.dumps(manifest, indent=2) + "\n")
            bar.update()
            storage.write_text(schema.CURRENT_POINTER, version + "\n")
            bar.update()
    except BaseException:
        try:  # CURRENT may have been written before an error was reported: never orphan it
            if _current_version(storage) != version:
                storage.delete_prefix(_version_key(version))
        except AppError as exc:
            logger.error("Could not remove the partial version {}: {}", version, exc)
        raise
    logger.info("Published dataset version {} (previous: {})", version, previous)
    # Workers and downloads may still read the replaced version: it is kept for a grace period
    # (app.versions), and deleted by a later publish.
    if previous is not None:
        versions.retire(storage, previous)
    versions.prune(storage, version)


def _app_version() -> str:
    with (PROJECT_ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["project"]["version"]


def _bar(progress: bool, desc: str, total: int, unit: str = "step") -> tqdm:
    return tqdm(total=total, desc=f"{desc:<8}", unit=unit, unit_scale=unit == "B", file=sys.stderr,
                disable=not progress, dynamic_ncols=True)


def ingest(source: str | Path, dest: str, s3: S3Settings | None = None, progress: bool = True,
           synthetic: bool = False) -> Manifest:
    """Check the Kaggle CSVs at `source` and publish them as a new dataset version at `dest`.

    Returns the manifest written, plus ``elapsed_seconds``. Raises IngestError on unusable
    input and StorageUnreachable when `dest` cannot be reached; `dest` is then unchanged.
    """
    started = time.perf_counter()
    source = Path(source).expanduser()
    storage = open_storage(dest, s3)
    _current_version(storage)  # fail fast, before minutes of work, if the destination is unreachable
    with tempfile.TemporaryDirectory(prefix="mtm-ingest-") as tmp, ThreadPoolExecutor(1) as hasher:
        work = Path(tmp)
        files = locate_sources(source, work, progress)
        for source_file in files:
            check_header(source_file)
        hashes = hasher.submit(_hash_sources, files)  # in parallel with DuckDB's work
        # In memory (spilling to `work`): a database file would compress every table it
        # stores, doubling the CPU time of loading for tables that live a few seconds.
        con = duckdb.connect(config={
            "memory_limit": DUCKDB_MEMORY_LIMIT, "temp_directory": str(work / "spill"),
            "threads": os.cpu_count() or 2, "preserve_insertion_order": True,
            "autoinstall_known_extensions": False, "autoload_known_extensions": False})
        try:
            con.execute("SET enable_progress_bar = false")  # ours are per phase, on stderr
            _register_functions(con)
            source_rows = {}
            with _bar(progress, "load", len(files), unit="file") as bar:
                for source_file in files:
                    bar.set_postfix_str(source_file.name)
                    source_rows[source_file.name] = load_source(con, source_file)
                    bar.update()
            rejected, examples, warnings = apply_invariants(con)
            out = work / "out"
            out.mkdir()
            row_counts = write_tables(con, {f.stem for f in files}, out, progress)
        finally:
            con.close()
        quality = summarize_tables(out, list(row_counts), progress)
        inputs = hashes.result()
        content = hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()
        now = datetime.now(UTC)
        version = f"{now:%Y%m%dT%H%M%S}.{now.microsecond // 1000:03d}Z-{content[:8]}"
        manifest = {
            "version": version,
            "created_at": now.isoformat(timespec="seconds"),
            "app_version": _app_version(),
            "synthetic": synthetic,
            "source": {"name": source.name, "files": inputs, "rows": source_rows},
            "row_counts": row_counts,
            "rejected": rejected,
            "rejected_examples": examples,
            "warnings": warnings,
            "quality": quality,
        }
        publish(storage, version, {t: out / f"{t}.parquet" for t in row_counts}, manifest, progress)
    manifest["elapsed_seconds"] = round(time.perf_counter() - started, 1)
    return manifest


# -- command line ----------------------------------------------------------------------------


def add_cli(subparsers: argparse._SubParsersAction) -> None:
    """Register ``ingest SOURCE --to DEST [--quiet] [--synthetic]``; the handler returns the exit code."""
    parser = subparsers.add_parser("ingest", help="import the Kaggle CSVs into a published dataset",
                                   description="Check the Kaggle Food.com CSVs (zip archive or folder) "
                                               "and publish them as a new dataset version.")
    parser.add_argument("source", help="Kaggle zip archive or folder holding the CSV files")
    parser.add_argument("--to", dest="dest", required=True, metavar="DEST",
                        help="dataset root: a local folder or s3://bucket/prefix")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    parser.add_argument("--synthetic", action="store_true",
                        help="mark the dataset as generated data (the UI then labels it as such)")
    parser.set_defaults(handler=run_cli)


def run_cli(args: argparse.Namespace) -> int:
    try:
        manifest = ingest(args.source, args.dest, S3Settings.from_env(dict(os.environ)), progress=not args.quiet,
                          synthetic=args.synthetic)
    except AppError as exc:
        print(f"ingest failed: {exc.user_message}", file=sys.stderr)
        return 1
    print(summary(manifest, args.dest))
    return 0


def summary(manifest: Manifest, dest: str) -> str:
    """Human-readable report of an ingest: rows per table, rejections, warnings."""
    lines = [f"Published version {manifest['version']} to {dest} in {manifest['elapsed_seconds']} s"]
    lines += [f"  {table:<24}{rows:>12,} rows" for table, rows in manifest["row_counts"].items()]
    total = sum(manifest["rejected"].values())
    lines.append(f"Rejected rows: {total:,}" + (" (examples in the log and manifest.json)" if total else ""))
    lines += [f"  {reason:<24}{n:>12,}" for reason, n in manifest["rejected"].items() if n]
    lines += [f"Warning: {n:,} rows kept with {reason}" for reason, n in manifest["warnings"].items() if n]
    return "\n".join(lines)
