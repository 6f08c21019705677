"""Import the Kaggle Food.com CSVs into a versioned, atomically published Parquet dataset.

``ingest(source, dest)`` reads the Kaggle zip archive (or a folder of its CSVs), checks it,
computes every table of ``app.schema.TABLES`` in DuckDB (memory-capped, spilling to a
temporary folder: the 300 MB files never sit in pandas; its SQL is ``queries/ingest/``) and
publishes them under ``dest`` as described in
``app.schema``: Parquet files in a new ``versions/<version>/`` folder, ``manifest.json``,
then the ``CURRENT`` pointer, written last.

Validation policy
-----------------
*Structural problems abort the ingest*; nothing is published and the ``IngestError``
names the file, the 1-based physical line of the CSV record and the column:

- a required file (RAW_recipes.csv, RAW_interactions.csv) is missing;
- a header differs from the Kaggle one;
- a record is malformed: unterminated quote (truncated file), wrong number of fields,
  invalid UTF-8, line too long (over ``Limits.max_line_bytes``);
- a value has the wrong type: not an integer (``12.5`` minutes is an error, not rounded),
  not a number, not a ``YYYY-MM-DD`` date, not a list literal as Python's ``repr`` writes
  it with items of the right kind, a nutrition list without 7 numbers, or an empty value
  in a non-text column.

DuckDB skips a line longer than its read buffer without a word (not even in its rejects
table), so every file is reconciled: its physical lines must be the header plus the lines of
the records loaded (newlines inside quoted fields included); otherwise the first over-long
line is named, and no line is ever dropped silently (blank lines, which hold no record, are
the only lines allowed to go).

*Unusable datasets are refused* (IngestError, nothing published): RAW_recipes.csv or
RAW_interactions.csv without a row, or a file that lost more than ``Limits.max_rejected_share``
of its rows to the rejections below (5 %; ``--max-rejected-share`` or
``INGEST_MAX_REJECTED_SHARE`` changes it).

*Archives are read within limits*: only the expected CSVs are extracted, each to a fixed name
(a member name that is absolute or holds ``..`` is ignored); the uncompressed total may not
exceed ``Limits.max_unzipped_bytes`` (8 GiB) and no member may expand more than
``Limits.max_zip_ratio`` times (200:1) the compressed bytes it can occupy. The sizes the zip
declares are checked before extracting and the bytes really produced while extracting, so a
lying header stops at the limit too. A corrupt member (bad CRC, broken stream) is an
IngestError.

*Row-level invariant violations are rejected*: the row is left out of the dataset,
counted per reason in ``manifest["rejected"]`` and the CLI summary, and its first
examples are logged and kept in ``manifest["rejected_examples"]``. Never dropped silently.
Reasons, checked in this order (a row is counted once, under its first reason):

- ``duplicate_recipe_id``: a RAW_recipes row repeating an earlier id (the first is kept);
- ``rating_out_of_range``: a RAW_interactions rating that is not an integer 0-5;
- ``unknown_recipe``: an interaction whose recipe_id is not in RAW_recipes;
- ``duplicate_pair``: a repeated (user_id, recipe_id) interaction (the first in file order
  is kept).

*Warnings keep the rows*: counted in ``manifest["warnings"]`` and the CLI summary, with
their first examples in ``manifest["warning_examples"]``. Implausible values:
``interaction_before_submission`` (a review dated before its recipe's submission: the review
itself is valid, and the count tells analyses of review delays how many there are),
recipes submitted and interactions dated before 1999 or after the ingest date,
``negative_minutes``, ``negative_nutrition``. The PP_* and interactions_train/validation/test
files are copied as typed tables; when present, they are checked against RAW and each other
(a reason is listed only when its files are present): split rows whose recipe or user is not
in RAW (``split_unknown_recipe``, ``split_unknown_user``), PP_recipes ids not in RAW
(``pp_recipe_unknown_recipe``), split ``u`` / ``i`` indexes absent from PP_users / PP_recipes
and PP_users items absent from PP_recipes (``unknown_user_index``, ``unknown_recipe_index``),
and index maps that are not one-to-one (``user_index_conflict``: a user_id with two ``u`` or a
``u`` with two user_ids across the split files; ``recipe_index_conflict``: the same for
recipe_id and ``i`` across the split files and PP_recipes; one warning per id).

*Generated data is published as synthetic*: a ``GENERATED.json`` beside RAW_recipes.csv (in the
folder or the zip; ``python -m app generate`` writes it) sets ``manifest["synthetic"]`` as
``--synthetic`` does, and its content is kept in ``manifest["source"]["generated"]``. A marker that
is not a JSON object still marks the data synthetic (labelling real data synthetic is the lesser
mistake); a corrupt or encrypted one in a zip is an IngestError, like any corrupt member.

The manifest also holds each table's data-quality summary (``manifest["quality"]``: rows and
per-column statistics, computed from the written Parquet by the Explorer's own SQL), so the
Explorer reads a whole table's summary instead of scanning the table on request.

Publication is atomic: a failure before ``CURRENT`` is written deletes the partial version
folder and leaves the previous ``CURRENT`` and its version untouched. The previous version
is kept for readers still querying it; older ones are deleted. Temporary files (extracted
CSVs, DuckDB's spill) live in one ``mtm-ingest-*`` folder of the system temp folder, removed
on success, failure, Ctrl-C and (from the CLI) SIGTERM.
"""

from __future__ import annotations

import argparse
import ast
import csv
import hashlib
import json
import lzma
import os
import re
import signal
import sys
import tempfile
import threading
import time
import tomllib
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

import duckdb
from loguru import logger
from tqdm import tqdm

from app import schema, versions
from app.errors import AppError, IngestError
from app.settings import PROJECT_ROOT, S3Settings, SettingsError
from app.sql_templates import fill_identifiers, load_sql, sql_parameters
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
EXAMPLES_PER_REASON = 3
SHOWN_VALUE_CHARS = 80
TEMP_PREFIX = "mtm-ingest-"

# What ingest accepts (see the module's policy); each has an environment variable, read when
# ingest starts, and ``ingest(limits=...)`` takes them directly.
MAX_REJECTED_SHARE = 0.05  # of a RAW file's rows; the real data has no rejected row
MAX_UNZIPPED_BYTES = 8 * 2**30  # the real archive holds 0.9 GB of CSV
MAX_ZIP_RATIO = 200.0  # real CSVs deflate 2.5-4.3:1 (generated ones up to 10:1); a run of zeros 1000:1
ZIP_RATIO_FLOOR_BYTES = 1 << 20  # a member this small may expand more: it is no bomb
MAX_MARKER_BYTES = 64 * 1024  # GENERATED.json is a few hundred bytes; more is not ours
MAX_LINE_BYTES = 8 * 1024 * 1024  # DuckDB's max_line_size; the longest line of PP_users.csv is 80 KB
# Plausible dates: Food.com opened in 1999 (the real data starts 1999-08-06); later than the
# ingest date is in the future.
EARLIEST_PLAUSIBLE_DATE = date(1999, 1, 1)
_LIMIT_VARIABLES = {
    "max_rejected_share": "INGEST_MAX_REJECTED_SHARE",
    "max_unzipped_bytes": "INGEST_MAX_UNZIPPED_BYTES",
    "max_zip_ratio": "INGEST_MAX_ZIP_RATIO",
    "max_line_bytes": "INGEST_MAX_LINE_BYTES",
}


@dataclass(frozen=True)
class Limits:
    """What ingest accepts before refusing a source; see the module's policy."""

    max_rejected_share: float = MAX_REJECTED_SHARE
    max_unzipped_bytes: int = MAX_UNZIPPED_BYTES
    max_zip_ratio: float = MAX_ZIP_RATIO
    max_line_bytes: int = MAX_LINE_BYTES

    def __post_init__(self) -> None:
        if not 0 <= self.max_rejected_share <= 1:
            raise IngestError(f"the maximum rejected share must be between 0 and 1, got {self.max_rejected_share}")
        for name in ("max_unzipped_bytes", "max_zip_ratio", "max_line_bytes"):
            if not getattr(self, name) > 0:
                raise IngestError(f"{_LIMIT_VARIABLES[name]} must be positive, got {getattr(self, name)}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str], **overrides: Any) -> Limits:
        """The defaults, then the INGEST_MAX_* variables of `environ`, then `overrides` not None."""
        values: dict[str, Any] = {}
        for field in fields(cls):
            text = environ.get(_LIMIT_VARIABLES[field.name], "").strip()
            if text:
                kind = type(field.default)
                try:
                    values[field.name] = kind(float(text)) if kind is float else int(text)
                except ValueError:
                    raise IngestError(
                        f"{_LIMIT_VARIABLES[field.name]} must be a "
                        f"{'number' if kind is float else 'whole number of bytes'}, got {text!r}"
                    ) from None
        return cls(**values | {k: v for k, v in overrides.items() if v is not None})


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


_NUTRITION_SIZE = len(schema.NUTRITION_COLUMNS)
# The regexes the check_* templates bind.
_CHECK_REGEXES = {
    "integer_regex": _INT,
    "string_list_regex": _list_regex(_STRING),
    "integer_list_regex": _list_regex(_INT),
    "number_list_regex": _list_regex(_FLOAT),
    "nested_integer_list_regex": _list_regex(_list_regex(_INT)),
    "nutrition_regex": _list_regex(_FLOAT, _NUTRITION_SIZE),
}
# Check of a list type's raw values (queries/ingest/check_*.sql), and the overflow test added to it
# once the strict cast has failed.
_LIST_CHECKS = {
    "INTEGER[]": ("check_integer_list", "check_list_overflow"),
    "TINYINT[]": ("check_integer_list", "check_list_overflow"),
    "DOUBLE[]": ("check_number_list", "check_list_overflow"),
    "INTEGER[][]": ("check_nested_integer_list", "check_nested_list_overflow"),
}
_EXPECTED = {
    "INTEGER": "an integer",
    "BIGINT": "an integer",
    "SMALLINT": "an integer",
    "TINYINT": "an integer",
    "DOUBLE": "a number",
    "DATE": "a date YYYY-MM-DD",
    "VARCHAR[]": "a list of strings like ['a', 'b']",
    "INTEGER[]": "a list of integers like [1, 2]",
    "TINYINT[]": "a list of integers like [1, 2]",
    "DOUBLE[]": "a list of numbers like [1.0, 2.5]",
    "INTEGER[][]": "a list of integer lists like [[1, 2], [3]]",
}


# -- SQL ----------------------------------------------------------------------------------------
# Every statement is a template of queries/ingest/. Tables and columns ingest may name in one (its
# ``{placeholders}``): the Kaggle files (mixed case), their columns, text copies and rejects tables,
# the contract's tables and columns, and the invariants' tables. Column types are the contract's.
_SOURCE_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_KNOWN_IDENTIFIERS = frozenset(
    {name for stem in schema.SOURCE_FILES for name in (stem, f"csv_{stem}", f"rejects_{stem}")}
    | {column for header, _ in schema.SOURCE_FILES.values() for column in header}
    | {column for renames in _RENAMES.values() for column in renames.values()}
    | set(schema.TABLES)
    | {column for columns in schema.TABLES.values() for column in columns}
    | {"rejected", "warned", "split_rows", "recipe_index_rows"}
)
_KNOWN_TYPES = frozenset(
    {t for columns in schema.TABLES.values() for t in columns.values()} | set(_TYPE_OVERRIDES.values())
)
_SLOT = re.compile(r"\{([a-z_]+)\}")


def _sql(
    name: str, identifiers: Mapping[str, str] | None = None, types: Mapping[str, str] | None = None, **slots: str
) -> str:
    """``queries/ingest/<name>.sql`` without its comment lines: `identifiers` (tables, columns) validated
    and quoted as the repository does, `types` (the contract's only) named, then the other ``{slot}``
    markers filled in one pass with `slots`, SQL composed from other ingest templates."""
    sql = fill_identifiers(load_sql(f"ingest/{name}"), identifiers or {}, _KNOWN_IDENTIFIERS, _SOURCE_IDENTIFIER)
    unknown = [t for t in (types or {}).values() if t not in _KNOWN_TYPES]
    if unknown:
        raise IngestError(f"Internal query ingest/{name}: unknown column type {unknown[0]!r}")
    fill = {**(types or {}), **slots}

    def replace(match: re.Match[str]) -> str:
        if match[1] not in fill:
            raise IngestError(f"Internal query ingest/{name}: {{{match[1]}}} is not filled")
        return fill[match[1]]

    body = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--")).strip()
    return _SLOT.sub(replace, body)


def _listed(fragments: list[str]) -> str:
    return ", ".join(fragments)


def _run(con: duckdb.DuckDBPyConnection, sql: str, **params: Any) -> duckdb.DuckDBPyConnection:
    """Run `sql` with the ``$parameters`` it names bound from `params`."""
    return con.execute(sql, {p: params[p] for p in sql_parameters(sql)} or None)


def _one_row(con: duckdb.DuckDBPyConnection, sql: str, **params: Any) -> tuple[Any, ...]:
    """The one row of an aggregate (or of a Parquet write: its row count)."""
    row = _run(con, sql, **params).fetchone()
    if row is None:
        raise IngestError(f"Internal query returned no row: {sql.split()[0]} …")
    return row


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


def _unsafe_member(name: str) -> bool:
    """An archive member name that is absolute, a drive path or climbs with ``..``."""
    return (
        name.startswith(("/", "\\"))
        or re.match(r"[A-Za-z]:", name) is not None
        or "\0" in name
        or ".." in re.split(r"[/\\]", name)
    )


def locate_sources(source: Path, work: Path, progress: bool, limits: Limits | None = None) -> list[SourceFile]:
    """The Kaggle CSVs of a folder or zip archive (extracted into `work`)."""
    unsafe: list[str] = []
    if source.is_dir():
        candidates = [p.relative_to(source).as_posix() for p in source.rglob("*.csv")]
    elif zipfile.is_zipfile(source):
        try:
            with zipfile.ZipFile(source) as archive:
                names = [m.filename for m in archive.infolist() if not m.is_dir()]
        except (zipfile.BadZipFile, ValueError, EOFError) as exc:  # is_zipfile only reads the end record
            raise IngestError(f"{source.name} is a corrupt zip archive: {exc}") from None
        unsafe = [name for name in names if _unsafe_member(name)]
        if unsafe:
            logger.warning("Ignoring unsafe member name(s) of {}: {}", source.name, ", ".join(unsafe[:20]))
        candidates = [name for name in names if name not in unsafe]
    elif source.exists():
        raise IngestError(f"{source} is neither a folder nor a zip archive")
    else:
        raise IngestError(f"{source} does not exist")
    chosen = {stem: rel for stem in schema.SOURCE_FILES if (rel := _choose(stem, candidates))}
    missing = [f"{stem}.csv" for stem in schema.REQUIRED_SOURCES if stem not in chosen]
    if missing:
        listed = ", ".join(sorted(candidates)[:20]) or "no CSV file"
        ignored = f"; ignored unsafe name(s): {', '.join(unsafe[:20])}" if unsafe else ""
        raise IngestError(f"missing required file(s) {', '.join(missing)} in {source.name}; found: {listed}{ignored}")
    if source.is_dir():
        return [SourceFile(stem, source / rel) for stem, rel in chosen.items()]
    files = _extract(source, chosen, work, progress, limits or Limits())
    marker = (PurePosixPath(chosen["RAW_recipes"]).parent / schema.GENERATED_MARKER).as_posix()
    if marker in candidates:
        _extract_marker(source, marker, work)
    return files


def _extract_marker(archive_path: Path, member: str, work: Path) -> None:
    """Copy the generator's marker out of the archive to ``work``, beside the extracted
    RAW_recipes.csv as it is beside the folder's; at most MAX_MARKER_BYTES + 1 bytes are read, so
    a member posing as the marker cannot expand at will."""
    what = f"archive member {member}"
    with zipfile.ZipFile(archive_path) as archive:
        info = archive.getinfo(member)
        if info.flag_bits & 0x1:
            raise IngestError(f"{what} is encrypted")
        try:
            with archive.open(info) as src:
                data = src.read(MAX_MARKER_BYTES + 1)
        except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, NotImplementedError, EOFError, OSError) as exc:
            raise IngestError(f"{what} cannot be read: {exc}") from None
    (work / schema.GENERATED_MARKER).write_bytes(data)


def generated_marker(files: list[SourceFile]) -> dict[str, Any] | None:
    """The content of the ``GENERATED.json`` beside RAW_recipes.csv (written by ``python -m app
    generate``), or None when there is none: the data is then not known to be generated."""
    raw = next(f for f in files if f.stem == "RAW_recipes")
    path = raw.path.parent / schema.GENERATED_MARKER
    if not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_MARKER_BYTES + 1)
        if len(data) > MAX_MARKER_BYTES:
            raise ValueError(f"larger than {MAX_MARKER_BYTES:,} bytes")
        marker = json.loads(data)
        if not isinstance(marker, dict):
            raise ValueError("not a JSON object")
    except (OSError, ValueError) as exc:  # JSON and UTF-8 errors are ValueErrors
        return {"unreadable": str(exc)[:SHOWN_VALUE_CHARS]}
    return marker


def _compressed_room(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    """The most compressed bytes `info` can really hold: its declared size, bounded by where the
    next member (or the central directory) starts, so a header declaring more cannot lower its ratio."""
    ends = [other.header_offset for other in archive.infolist() if other.header_offset > info.header_offset]
    end = min(ends, default=getattr(archive, "start_dir", info.header_offset + 30 + info.compress_size))
    name_bytes = len(info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437"))
    return max(0, min(info.compress_size, end - info.header_offset - 30 - name_bytes))


def _expansion_cap(room: int, limits: Limits) -> int:
    return max(int(limits.max_zip_ratio * room), ZIP_RATIO_FLOOR_BYTES)


def _too_expanding(name: str, size: int, room: int, limits: Limits) -> IngestError:
    return IngestError(
        f"archive member {name} expands to {size:,}+ bytes from {room:,} compressed bytes, "
        f"more than {limits.max_zip_ratio:g}:1 (a zip bomb?); INGEST_MAX_ZIP_RATIO raises the limit"
    )


def _too_big(archive_name: str, size: int, limits: Limits) -> IngestError:
    return IngestError(
        f"the CSVs of {archive_name} expand to {size:,}+ bytes, more than the limit of "
        f"{limits.max_unzipped_bytes:,} bytes (INGEST_MAX_UNZIPPED_BYTES raises it)"
    )


def copy_limited(
    src: Any,
    dst: Any,
    cap: int,
    too_much: Callable[[int], IngestError],
    what: str,
    on_chunk: Callable[[int], object] = lambda n: None,
) -> int:
    """Copy `src` to `dst` in chunks; raise ``too_much(bytes seen)`` as soon as more than `cap`
    bytes come, whatever the source declared, before writing them. A corrupt stream (bad CRC,
    broken compressed data, truncated) is an IngestError naming `what`."""
    copied = 0
    while True:
        try:
            chunk = src.read(1 << 20)
        except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError) as exc:
            raise IngestError(f"{what} is corrupt: {exc}") from None
        if not chunk:
            return copied
        copied += len(chunk)
        if copied > cap:
            raise too_much(copied)
        dst.write(chunk)
        on_chunk(len(chunk))


def _extract(
    archive_path: Path, members: dict[str, str], work: Path, progress: bool, limits: Limits
) -> list[SourceFile]:
    """Extract the chosen members (stem -> path in the archive) as ``work/<stem>.csv``, within `limits`."""
    files = []
    with zipfile.ZipFile(archive_path) as archive:
        infos = {stem: archive.getinfo(member) for stem, member in members.items()}
        rooms = {stem: _compressed_room(archive, info) for stem, info in infos.items()}
        for stem, info in infos.items():  # what the headers declare, before writing a byte
            if info.flag_bits & 0x1:
                raise IngestError(f"archive member {info.filename} is encrypted")
            if info.file_size > _expansion_cap(rooms[stem], limits):
                raise _too_expanding(info.filename, info.file_size, rooms[stem], limits)
        total = sum(info.file_size for info in infos.values())
        if total > limits.max_unzipped_bytes:
            raise _too_big(archive_path.name, total, limits)
        left = limits.max_unzipped_bytes
        with _bar(progress, "extract", total, unit="B") as bar:
            for stem, info in infos.items():  # what really comes out, whatever the headers said
                target = work / f"{stem}.csv"
                cap = min(left, _expansion_cap(rooms[stem], limits))

                def too_much(
                    seen: int, info: zipfile.ZipInfo = info, room: int = rooms[stem], left: int = left
                ) -> IngestError:
                    if seen > left:
                        return _too_big(archive_path.name, limits.max_unzipped_bytes - left + seen, limits)
                    return _too_expanding(info.filename, seen, room, limits)

                what = f"archive member {info.filename}"
                try:
                    src = archive.open(info)
                except (zipfile.BadZipFile, zlib.error, NotImplementedError) as exc:  # bad header, method
                    raise IngestError(f"{what} cannot be read: {exc}") from None
                with src, target.open("wb") as dst:
                    left -= copy_limited(src, dst, cap, too_much, what, bar.update)
                files.append(SourceFile(stem, target))
    return files


@dataclass(frozen=True)
class FileScan:
    """What one pass over a source file's bytes tells: its hash, size and physical lines."""

    sha256: str
    bytes: int
    lines: int  # newlines, plus a last line without one


def scan_file(path: Path, stop: threading.Event | None = None) -> FileScan | None:
    """Hash and count the physical lines of `path` (None when `stop` is set meanwhile)."""
    digest = hashlib.sha256()
    size = newlines = 0
    last = b"\n"
    with path.open("rb") as handle:
        while chunk := handle.read(4 << 20):
            if stop is not None and stop.is_set():
                return None
            digest.update(chunk)
            size += len(chunk)
            newlines += chunk.count(b"\n")
            last = chunk[-1:]
    return FileScan(digest.hexdigest(), size, newlines + (last != b"\n"))


def first_long_line(path: Path, max_bytes: int) -> int | None:
    """1-based number of the first physical line longer than `max_bytes` (without its newline)."""
    line, run = 1, 0
    with path.open("rb") as handle:
        while chunk := handle.read(4 << 20):
            parts = chunk.split(b"\n")
            lengths = [run + len(parts[0]), *map(len, parts[1:])]
            if max(lengths) > max_bytes:
                return line + next(k for k, n in enumerate(lengths) if n > max_bytes)
            line += len(parts) - 1
            run = lengths[-1]
    return None


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


def check_header(source: SourceFile, max_line_bytes: int = MAX_LINE_BYTES) -> None:
    expected = list(schema.SOURCE_FILES[source.stem][0])
    with source.path.open("rb") as handle:  # a bounded read: the first line may be a zip bomb's
        first = handle.readline(max_line_bytes + 1)
    if not first:
        raise IngestError("the file is empty", file=source.name, line=1)
    if len(first) > max_line_bytes and not first.endswith(b"\n"):
        raise IngestError(f"header line longer than the {max_line_bytes:,}-byte limit", file=source.name, line=1)
    found = next(csv.reader([first.decode("utf-8-sig", errors="replace")]), [])
    if found != expected:
        wrong = next(
            (i for i, (e, f) in enumerate(zip(expected, found, strict=True)) if e != f), min(len(expected), len(found))
        )
        raise IngestError(
            f"unexpected header: expected {','.join(expected)} but found {','.join(found)[:500]}",
            file=source.name,
            line=1,
            column=expected[wrong] if wrong < len(expected) else found[wrong],
        )


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
    """SQL helpers (queries/ingest/macros.sql) and the Python function parse_str_list falls back to."""
    con.create_function("py_str_list", _literal_str_list, ["VARCHAR"], "VARCHAR[]", side_effects=False)
    _run(con, _sql("season_by_month"), seasons=[schema.SEASON_BY_MONTH[m] for m in range(1, 13)])
    _run(con, _sql("macros"))


def _check(stem: str, column: str, duck_type: str, thorough: bool) -> tuple[str, str] | None:
    """(SQL condition true on a bad raw value, what was expected); None for free text.

    The quick form leaves out the costly element-overflow test of numeric lists: the strict
    CAST that follows fails on those, and only then is the thorough form run to locate them.
    The condition binds the regexes of ``_CHECK_REGEXES``.
    """
    if duck_type == "VARCHAR":  # text may be empty (a recipe without description)
        return None
    expected = _EXPECTED[duck_type]
    overflow = None
    if duck_type in _INTEGER_TYPES:
        check = "check_integer"
    elif duck_type == "DOUBLE":
        check = "check_number"
    elif duck_type == "DATE":
        check = "check_date"
    elif duck_type == "VARCHAR[]":
        check = "check_string_list"
    else:
        check, overflow = _LIST_CHECKS[duck_type]
        if (stem, column) == ("RAW_recipes", "nutrition"):
            check = "check_nutrition"
            expected = f"a list of {_NUTRITION_SIZE} numbers ({', '.join(schema.NUTRITION_COLUMNS)})"
    bad = _sql(check, {"column": column}, {"type": duck_type})
    if thorough and overflow:
        bad += "\n" + _sql(overflow, {"column": column}, {"type": duck_type})
    return bad, expected


def _convert(column: str, name: str, duck_type: str) -> str:
    """The typed value of a raw text column, named `name`."""
    if duck_type == "VARCHAR":
        return _sql("keep_text", {"column": column, "name": name})
    if duck_type == "VARCHAR[]":
        return _sql("parse_string_list", {"column": column, "name": name})
    return _sql("cast_column", {"column": column, "name": name}, {"type": duck_type})


def load_source(
    con: duckdb.DuckDBPyConnection,
    source: SourceFile,
    scan: Callable[[], FileScan | None],
    max_line_bytes: int = MAX_LINE_BYTES,
) -> int:
    """Load one CSV into a typed table named after its stem; structural errors raise.

    `scan` gives the file's physical line count (``scan_file``), which every loaded record
    must account for.
    """
    types = source_types(source.stem)
    raw = f"csv_{source.stem}"
    rejects = f"rejects_{source.stem}"
    try:
        _run(
            con,
            _sql("load_csv", {"raw": raw}),
            path=str(source.path),
            columns=dict.fromkeys(types, "VARCHAR"),
            max_line_size=int(max_line_bytes),
            rejects_table=rejects,
            rejects_scan=f"scans_{source.stem}",
        )
    except duckdb.Error as exc:
        raise IngestError(f"cannot read the CSV: {exc}", file=source.name) from None
    _raise_first_reject(con, source, rejects, max_line_bytes)
    _check_every_line_read(con, source, raw, scan(), max_line_bytes)
    _raise_first_type_error(con, source, raw, thorough=False)
    renames = _RENAMES.get(source.stem, {})
    converted = _listed([_convert(c, renames.get(c, c), t) for c, t in types.items()])
    try:
        _run(con, _sql("typed_table", {"table": source.stem, "raw": raw}, columns=converted))
    except duckdb.ConversionException as exc:
        _raise_first_type_error(con, source, raw, thorough=True)
        raise IngestError(f"cannot convert a value: {exc}", file=source.name) from None
    _run(con, _sql("drop_table", {"table": raw}))
    return _one_row(con, _sql("count_rows", {"table": source.stem}))[0]


def _too_long(max_line_bytes: int, what: str = "line") -> str:
    return f"{what} longer than the {max_line_bytes:,}-byte limit (INGEST_MAX_LINE_BYTES raises it)"


def _raise_first_reject(con: duckdb.DuckDBPyConnection, source: SourceFile, rejects: str, max_line_bytes: int) -> None:
    first = _run(con, _sql("first_reject", {"rejects": rejects})).fetchone()
    if first is None:
        return
    line, column, error_type, message, text = first
    if error_type == "LINE SIZE OVER MAXIMUM":  # no column: the record was not split
        long_line = first_long_line(source.path, max_line_bytes)  # the first over-long line, if one
        raise IngestError(
            _too_long(max_line_bytes, "line" if long_line else "record"),
            file=source.name,
            line=long_line or physical_line(source.path, line - 1),
        )
    # DuckDB counts records (header = 1), not physical lines: quoted newlines shift them.
    raise IngestError(
        f"malformed CSV record ({error_type.lower()}: {message}) starting {_shown(text)}",
        file=source.name,
        line=physical_line(source.path, line - 1),
        column=column,
    )


def _check_every_line_read(
    con: duckdb.DuckDBPyConnection, source: SourceFile, raw: str, scan: FileScan | None, max_line_bytes: int
) -> None:
    """Every physical line must be the header or part of a loaded record: DuckDB (1.5) skips a
    line longer than its read buffer without a reject (measured: a line of 140 MB at the default
    8 MiB max_line_size, of 40 MB at 1,000 bytes). Newlines inside quoted fields make a record
    span several lines. Blank lines hold no record and are let go."""
    if scan is None:  # the scan was stopped: ingest is being aborted
        return
    loaded, newlines = _one_row(con, _sql("records_and_newlines", {"raw": raw}))
    if scan.lines == 1 + loaded + newlines:
        return
    long_line = first_long_line(source.path, max_line_bytes)
    if long_line is not None:
        raise IngestError(_too_long(max_line_bytes), file=source.name, line=long_line)
    with _csv_reader(source.path) as reader:
        csv.field_size_limit(max_line_bytes)  # a long record made of short lines stops here
        try:
            records = sum(1 for record in reader if record) - 1  # the header
        except csv.Error as exc:
            raise IngestError(
                f"{_too_long(max_line_bytes, 'record')} ({exc})", file=source.name, line=reader.line_num
            ) from None
    if records != loaded:
        raise IngestError(
            f"{records:,} records in the file but {loaded:,} read: "
            f"{scan.lines - 1 - loaded - newlines:,} line(s) unaccounted for",
            file=source.name,
        )


def _raise_first_type_error(con: duckdb.DuckDBPyConnection, source: SourceFile, raw: str, thorough: bool) -> None:
    """Raise an IngestError on the first value (in file order) of the wrong type."""
    checks = {
        column: check
        for column, duck_type in source_types(source.stem).items()
        if (check := _check(source.stem, column, duck_type, thorough))
    }
    firsts = _one_row(
        con,
        _sql(
            "first_bad_rows",
            {"raw": raw},
            firsts=_listed([_sql("first_bad_row", bad=bad) for bad, _ in checks.values()]),
        ),
        **_CHECK_REGEXES,
    )
    bad_rows = [(row, column) for row, column in zip(firsts, checks, strict=True) if row is not None]
    if not bad_rows:
        return
    row, column = min(bad_rows, key=lambda item: item[0])  # ties: header order (min is stable)
    value = _one_row(con, _sql("bad_value", {"column": column, "raw": raw}), row=row)[0]
    raise IngestError(
        f"expected {checks[column][1]}, found {_shown(value)}",
        file=source.name,
        line=physical_line(source.path, row + 1),
        column=column,
    )


# -- invariants ------------------------------------------------------------------------------


# reason -> (source table, template selecting src_row and a detail text), applied in this order.
_REJECTION_RULES = {
    "duplicate_recipe_id": ("RAW_recipes", "reject_duplicate_recipe_id"),
    "rating_out_of_range": ("RAW_interactions", "reject_rating_out_of_range"),
    "unknown_recipe": ("RAW_interactions", "reject_unknown_recipe"),
    "duplicate_pair": ("RAW_interactions", "reject_duplicate_pair"),
}
_EARLIEST_YEAR = EARLIEST_PLAUSIBLE_DATE.year
# A warning rule: a template selecting the source stem, src_row and a detail text, with its identifiers
# (also bound, as text, where the template names them as $parameters).
_Rule = tuple[str, dict[str, str]]


def _rules(*templates: str) -> tuple[_Rule, ...]:
    return tuple((template, {}) for template in templates)


# reason -> rules finding its rows; the rows are kept.
_WARNING_RULES = {
    "interaction_before_submission": _rules("warn_interaction_before_submission"),
    f"recipe_submitted_before_{_EARLIEST_YEAR}": _rules("warn_recipe_submitted_early"),
    "recipe_submitted_in_the_future": _rules("warn_recipe_submitted_in_the_future"),
    f"interaction_before_{_EARLIEST_YEAR}": _rules("warn_interaction_early"),
    "interaction_in_the_future": _rules("warn_interaction_in_the_future"),
    "negative_minutes": _rules("warn_negative_minutes"),
    "negative_nutrition": _rules("warn_negative_nutrition"),
}
SPLIT_FILES = ("interactions_train", "interactions_validation", "interactions_test")


def cross_file_rules(con: duckdb.DuckDBPyConnection, stems: set[str]) -> dict[str, tuple[_Rule, ...]]:
    """Warning rules between the split / PP files and RAW, for the files loaded (their working tables
    are made on `con`)."""
    splits = [stem for stem in SPLIT_FILES if stem in stems]
    pp_recipes, pp_users = "PP_recipes" in stems, "PP_users" in stems
    rules: dict[str, tuple[_Rule, ...]] = {}
    if splits:
        _run(con, _sql("split_rows_table"))
        for order, stem in enumerate(splits):
            _run(con, _sql("split_rows_add", {"split": stem}), source=stem, file_order=order)
        rules["split_unknown_recipe"] = _rules("warn_split_unknown_recipe")
        rules["split_unknown_user"] = _rules("warn_split_unknown_user")
        rules["user_index_conflict"] = (
            ("warn_index_conflict", {"rows": "split_rows", "key": "user_id", "index": "u"}),
        )
        if pp_users:
            rules["unknown_user_index"] = _rules("warn_unknown_user_index")
    if pp_recipes:
        rules["pp_recipe_unknown_recipe"] = _rules("warn_pp_recipe_unknown_recipe")
    if splits or pp_recipes:
        _run(con, _sql("recipe_index_rows_table"))
        if splits:
            _run(con, _sql("recipe_index_rows_of_splits"))
        if pp_recipes:
            _run(con, _sql("recipe_index_rows_of_pp_recipes"), file_order=len(SPLIT_FILES))
        rules["recipe_index_conflict"] = (
            ("warn_index_conflict", {"rows": "recipe_index_rows", "key": "recipe_id", "index": "i"}),
        )
    if pp_recipes and (splits or pp_users):
        rules["unknown_recipe_index"] = (_rules("warn_split_unknown_recipe_index") if splits else ()) + (
            _rules("warn_pp_users_unknown_recipe_index") if pp_users else ()
        )
    return rules


def _tally(
    con: duckdb.DuckDBPyConnection, table: str, reasons: list[str], verb: str
) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Count per reason of `table` (reason, source, src_row, detail) and the first examples, logged."""
    counts = dict.fromkeys(reasons, 0) | dict(_run(con, _sql("count_by_reason", {"table": table})).fetchall())
    examples: dict[str, list[str]] = {}
    for reason, source, src_row, detail in _run(
        con,
        _sql("finding_examples", {"table": table}),
        sources=list(schema.SOURCE_FILES),
        per_reason=EXAMPLES_PER_REASON,
    ).fetchall():
        examples.setdefault(reason, []).append(f"{source}.csv record {src_row + 1}: {detail}")
    for reason, shown in examples.items():
        logger.warning("{} {} row(s) for {}; first: {}", verb, counts[reason], reason, "; ".join(shown))
    return counts, examples


@dataclass
class Findings:
    """What the invariants found: rejected rows (deleted) and warnings (kept), per reason."""

    rejected: dict[str, int]
    rejected_examples: dict[str, list[str]]
    rejected_by_source: dict[str, int]
    warnings: dict[str, int]
    warning_examples: dict[str, list[str]]


def apply_invariants(
    con: duckdb.DuckDBPyConnection, stems: set[str] | None = None, today: date | None = None
) -> Findings:
    """Delete rejected rows, in policy order, then count the warnings of the loaded `stems`
    (dates after `today`, the ingest date, are in the future)."""
    _run(con, _sql("findings_table", {"table": "rejected"}))
    for reason, (table, rule) in _REJECTION_RULES.items():
        _run(con, _sql("record_rejections", rule=_sql(rule)), reason=reason, source=table)
        _run(con, _sql("delete_rejected", {"table": table}), reason=reason)
    rejected, rejected_examples = _tally(con, "rejected", list(_REJECTION_RULES), "Rejected")
    by_source = dict(_run(con, _sql("rejected_by_source")).fetchall())
    rules = _WARNING_RULES | cross_file_rules(con, stems or set(schema.REQUIRED_SOURCES))
    _run(con, _sql("findings_table", {"table": "warned"}))
    for reason, reason_rules in rules.items():
        for rule, identifiers in reason_rules:
            _run(
                con,
                _sql("record_warnings", rule=_sql(rule, identifiers)),
                **identifiers,
                reason=reason,
                earliest_date=EARLIEST_PLAUSIBLE_DATE,
                ingest_date=today or datetime.now(UTC).date(),
            )
    warnings, warning_examples = _tally(con, "warned", list(rules), "Kept")
    return Findings(rejected, rejected_examples, by_source, warnings, warning_examples)


# -- dataset tables --------------------------------------------------------------------------


# table -> (source stem it needs, template of its rows in order, the date its calendar is of).
_DERIVED_TABLES = {
    "recipes": ("RAW_recipes", "table_recipes", "submitted"),
    "interactions": ("RAW_interactions", "table_interactions", "date"),
    "recipe_tags": ("RAW_recipes", "table_recipe_tags", "submitted"),
    "recipe_ingredients": ("RAW_recipes", "table_recipe_ingredients", "submitted"),
    "review_words": ("RAW_interactions", "table_review_words", None),
}


def table_queries(stems: set[str]) -> dict[str, str]:
    """Query of every contract table the loaded sources allow: exactly the contract's columns and
    types, in the order it is written."""
    star_counts = _listed([_sql("star_count_column", {"column": c}) for c in schema.STAR_COUNT_COLUMNS])
    nutrition = _listed(
        [_sql("nutrition_column", {"column": c}, position=str(i)) for i, c in enumerate(schema.NUTRITION_COLUMNS, 1)]
    )
    sources = {table: (stem, "table_as_loaded", None) for stem, (_, table) in schema.SOURCE_FILES.items()}
    queries = {}
    for table, (stem, template, day) in (sources | _DERIVED_TABLES).items():
        if stem not in stems:
            continue
        columns = _listed(
            [_sql("cast_column", {"column": c, "name": c}, {"type": t}) for c, t in schema.TABLES[table].items()]
        )
        calendar = _sql("calendar_columns", {"day": day}) if day else ""
        queries[table] = _sql(
            template, {"source": stem}, columns=columns, calendar=calendar, nutrition=nutrition, star_counts=star_counts
        )
    return queries


def write_tables(con: duckdb.DuckDBPyConnection, stems: set[str], out: Path, progress: bool) -> dict[str, int]:
    """Write each table as zstd Parquet with exactly the contract's columns and types."""
    _run(con, _sql("recipe_stats", star_counts=schema.STAR_COUNTS_SQL))
    queries = table_queries(stems)
    counts = {}
    with _bar(progress, "write", len(queries), unit="table") as bar:
        for table in schema.TABLES:
            if table not in queries:
                continue
            bar.set_postfix_str(table)
            counts[table] = _one_row(
                con,
                _sql("write_table", table=queries[table]),
                path=str(out / f"{table}.parquet"),
                row_group_size=WIDE_ROW_GROUP_SIZE if table in WIDE_TABLES else ROW_GROUP_SIZE,
                minutes_outlier_threshold=schema.MINUTES_OUTLIER_THRESHOLD,
            )[0]
            bar.update()
    return counts


def summarize_tables(out: Path, tables: list[str], progress: bool) -> dict[str, Any]:
    """The Explorer's data-quality summary of each written table, read from its Parquet file with the
    very SQL the Explorer runs on a view (app.export): stored in the manifest, a whole table's summary
    is read there instead of being recomputed on request."""
    from app.export import table_quality  # the Explorer's SQL; imported only when ingesting

    con = duckdb.connect(
        config={
            "memory_limit": DUCKDB_MEMORY_LIMIT,
            "temp_directory": str(out.parent / "spill"),
            "threads": os.cpu_count() or 2,
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        }
    )
    try:
        _run(con, _sql("no_progress_bar"))
        summaries = {}
        with _bar(progress, "quality", len(tables), unit="table") as bar:
            for table in tables:
                bar.set_postfix_str(table)
                con.read_parquet(str(out / f"{table}.parquet")).create_view(table)
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
    return tqdm(
        total=total,
        desc=f"{desc:<8}",
        unit=unit,
        unit_scale=unit == "B",
        file=sys.stderr,
        disable=not progress,
        dynamic_ncols=True,
    )


def refuse_unusable(
    con: duckdb.DuckDBPyConnection,
    source_rows: dict[str, int],
    findings: Findings,
    limits: Limits,
    allow_no_interactions: bool = False,
) -> dict[str, float]:
    """Raise IngestError when a RAW file is empty, lost more than the allowed share of its rows,
    or kept none; returns each RAW file's rejected share."""
    shares = {}
    for stem, what in (("RAW_recipes", "recipe"), ("RAW_interactions", "interaction")):
        name = f"{stem}.csv"
        read, lost = source_rows[name], findings.rejected_by_source.get(stem, 0)
        if allow_no_interactions and stem == "RAW_interactions" and read == 0:
            continue
        if read == 0:
            raise IngestError(
                f"no {what} at all (the file holds only its header): refusing to publish an empty dataset", file=name
            )
        shares[name] = lost / read
        if shares[name] > limits.max_rejected_share:
            reasons = ", ".join(
                f"{reason} {findings.rejected[reason]:,}"
                for reason, (table, _) in _REJECTION_RULES.items()
                if table == stem and findings.rejected[reason]
            )
            raise IngestError(
                f"{lost:,} of {read:,} rows rejected ({shares[name]:.1%}: {reasons}), more than the "
                f"{limits.max_rejected_share:.1%} allowed (--max-rejected-share or INGEST_MAX_REJECTED_SHARE "
                "changes it): refusing to publish",
                file=name,
            )
        if _one_row(con, _sql("count_rows", {"table": stem}))[0] == 0:
            raise IngestError(f"every {what} was rejected: refusing to publish an empty dataset", file=name)
    return shares


@contextmanager
def _scanner(files: list[SourceFile]) -> Iterator[dict[str, Future[FileScan | None]]]:
    """Hash and count the lines of `files` in a thread, in parallel with DuckDB's work; on exit
    (an error, an interruption) the scans stop instead of reading to the end."""
    stop = threading.Event()
    executor = ThreadPoolExecutor(1, thread_name_prefix="ingest-scan")
    try:
        yield {f.name: executor.submit(scan_file, f.path, stop) for f in files}
    finally:
        stop.set()
        executor.shutdown(wait=True, cancel_futures=True)


def ingest(
    source: str | Path,
    dest: str,
    s3: S3Settings | None = None,
    progress: bool = True,
    synthetic: bool = False,
    limits: Limits | None = None,
    allow_no_interactions: bool = False,
) -> Manifest:
    """Check the Kaggle CSVs at `source` and publish them as a new dataset version at `dest`.

    Returns the manifest written, plus ``elapsed_seconds``. Raises IngestError on unusable
    input and StorageUnreachable when `dest` cannot be reached; `dest` is then unchanged.
    `synthetic` marks the dataset as generated data; a source made by ``python -m app generate``
    (its GENERATED.json marker) is marked without it.
    `limits` default to ``Limits.from_env(os.environ)``. `allow_no_interactions` publishes a
    RAW_interactions.csv holding only its header (recipe-only test datasets); never from the CLI.
    """
    started = time.perf_counter()
    limits = limits or Limits.from_env(os.environ)
    today = datetime.now(UTC).date()
    source = Path(source).expanduser()
    storage = open_storage(dest, s3)
    _current_version(storage)  # fail fast, before minutes of work, if the destination is unreachable
    with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX) as tmp:
        work = Path(tmp)
        files = locate_sources(source, work, progress, limits)
        generated = generated_marker(files)
        if generated is not None:
            logger.info(
                "{} holds {} ({}): publishing it as synthetic data",
                source.name,
                schema.GENERATED_MARKER,
                _describe_marker(generated),
            )
        for source_file in files:
            check_header(source_file, limits.max_line_bytes)
        # DuckDB imports pandas and pyarrow when it first binds a parameter, in C++ code that drops any
        # exception raised meanwhile, Interrupted (SIGTERM, Ctrl-C) included: imported here, they stay
        # interruptible (app.export, which summarize_tables uses, imports them anyway).
        import pandas  # noqa: F401
        import pyarrow  # noqa: F401

        with _scanner(files) as scans:
            # In memory (spilling to `work`): a database file would compress every table it
            # stores, doubling the CPU time of loading for tables that live a few seconds.
            con = duckdb.connect(
                config={
                    "memory_limit": DUCKDB_MEMORY_LIMIT,
                    "temp_directory": str(work / "spill"),
                    "threads": os.cpu_count() or 2,
                    "preserve_insertion_order": True,
                    "autoinstall_known_extensions": False,
                    "autoload_known_extensions": False,
                }
            )
            try:
                _run(con, _sql("no_progress_bar"))
                _register_functions(con)
                source_rows = {}
                with _bar(progress, "load", len(files), unit="file") as bar:
                    for source_file in files:
                        bar.set_postfix_str(source_file.name)
                        source_rows[source_file.name] = load_source(
                            con, source_file, scans[source_file.name].result, limits.max_line_bytes
                        )
                        bar.update()
                stems = {f.stem for f in files}
                findings = apply_invariants(con, stems, today)
                shares = refuse_unusable(con, source_rows, findings, limits, allow_no_interactions)
                out = work / "out"
                out.mkdir()
                row_counts = write_tables(con, stems, out, progress)
            finally:
                con.close()
            quality = summarize_tables(out, list(row_counts), progress)
            inputs = {
                name: {"sha256": scan.sha256, "bytes": scan.bytes}
                for name, future in scans.items()
                if (scan := future.result())
            }
        content = hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()
        now = datetime.now(UTC)
        version = f"{now:%Y%m%dT%H%M%S}.{now.microsecond // 1000:03d}Z-{content[:8]}"
        manifest = {
            "version": version,
            "created_at": now.isoformat(timespec="seconds"),
            "app_version": _app_version(),
            "synthetic": synthetic or generated is not None,
            "source": {
                "name": source.name,
                "files": inputs,
                "rows": source_rows,
                **({"generated": generated} if generated is not None else {}),
            },
            "row_counts": row_counts,
            "rejected": findings.rejected,
            "rejected_examples": findings.rejected_examples,
            "rejected_share": {name: round(share, 6) for name, share in shares.items()},
            "warnings": findings.warnings,
            "warning_examples": findings.warning_examples,
            "quality": quality,
        }
        publish(storage, version, {t: out / f"{t}.parquet" for t in row_counts}, manifest, progress)
    manifest["elapsed_seconds"] = round(time.perf_counter() - started, 1)
    return manifest


def _describe_marker(marker: dict[str, Any]) -> str:
    if "unreadable" in marker:
        return f"unreadable: {marker['unreadable']}"
    known = ", ".join(f"{key} {marker[key]}" for key in ("scale", "seed") if key in marker)
    return f"made by `python -m app generate`{', ' + known if known else ''}"


# -- command line ----------------------------------------------------------------------------


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"expected a share between 0 and 1 (0.05 = 5 %), got {text!r}")
    return value


def add_cli(subparsers: argparse._SubParsersAction) -> None:
    """Register ``ingest SOURCE --to DEST [--quiet] [--synthetic] [--max-rejected-share S]``;
    the handler returns the exit code."""
    parser = subparsers.add_parser(
        "ingest",
        help="import the Kaggle CSVs into a published dataset",
        description="Check the Kaggle Food.com CSVs (zip archive or folder) and publish them as a new dataset version.",
    )
    parser.add_argument("source", help="Kaggle zip archive or folder holding the CSV files")
    parser.add_argument(
        "--to", dest="dest", required=True, metavar="DEST", help="dataset root: a local folder or s3://bucket/prefix"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    parser.add_argument(
        "--synthetic", action="store_true", help="mark as synthetic; automatic for data made by `generate`"
    )
    parser.add_argument(
        "--max-rejected-share",
        type=_share,
        metavar="SHARE",
        help="refuse to publish when a RAW file loses more than this share of its rows "
        f"to rejections (default {MAX_REJECTED_SHARE} or $INGEST_MAX_REJECTED_SHARE)",
    )
    parser.set_defaults(handler=run_cli)


class Interrupted(BaseException):
    """Raised in the main thread by SIGTERM or SIGINT during a CLI ingest, so that every context
    manager (temporary folder, DuckDB, partial upload) cleans up; not an Exception, so no handler
    for errors takes it for one."""


@contextmanager
def _interruptible(received: list[int]) -> Iterator[None]:
    """While inside, SIGTERM and SIGINT raise Interrupted (once; later ones are ignored while
    cleaning up) and are appended to `received`: DuckDB reports an interrupted query as its own
    error, so the caller checks that list rather than the exception's type."""
    if threading.current_thread() is not threading.main_thread():  # signals only reach the main thread
        yield
        return

    def handler(signum: int, frame: object) -> None:
        if not received:
            received.append(signum)
            raise Interrupted(signum)

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _served_version(dest: str, s3: S3Settings) -> str | None:
    try:
        return _current_version(open_storage(dest, s3))
    except AppError:
        return None


def run_cli(args: argparse.Namespace) -> int:
    try:
        s3 = S3Settings.from_env(dict(os.environ))
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    received: list[int] = []
    before = None
    try:
        with _interruptible(received):
            limits = Limits.from_env(os.environ, max_rejected_share=getattr(args, "max_rejected_share", None))
            before = _served_version(args.dest, s3)
            manifest = ingest(
                args.source, args.dest, s3, progress=not args.quiet, synthetic=args.synthetic, limits=limits
            )
    except BaseException as exc:
        if not received:
            if isinstance(exc, AppError):
                print(f"ingest failed: {exc.user_message}", file=sys.stderr)
                return 1
            raise
    if received:
        after = _served_version(args.dest, s3)
        served = (
            f"the served dataset is unchanged ({before or 'none'})"
            if after == before
            else f"version {after} had been published before the interruption"
        )
        print(
            f"ingest interrupted by {signal.Signals(received[0]).name}: stopped and removed its temporary "
            f"files; {served}",
            file=sys.stderr,
        )
        return 128 + received[0]
    print(summary(manifest, args.dest))
    return 0


def summary(manifest: Manifest, dest: str) -> str:
    """Human-readable report of an ingest: rows per table, rejections, warnings with examples."""
    lines = [
        f"Published version {manifest['version']} to {dest} in {manifest['elapsed_seconds']} s"
        + (" (synthetic data)" if manifest.get("synthetic") else "")
    ]
    lines += [f"  {table:<24}{rows:>12,} rows" for table, rows in manifest["row_counts"].items()]
    total = sum(manifest["rejected"].values())
    lines.append(f"Rejected rows: {total:,}" + (" (examples in the log and manifest.json)" if total else ""))
    lines += [f"  {reason:<24}{n:>12,}" for reason, n in manifest["rejected"].items() if n]
    examples = manifest.get("warning_examples", {})
    for reason, n in manifest["warnings"].items():
        if n:
            lines.append(f"Warning: {n:,} rows kept with {reason}")
            lines += [f"    e.g. {example}" for example in examples.get(reason, [])]
    return "\n".join(lines)
