"""Ingest refuses bad datasets and says why: empty files, lost rows, zip bombs, corrupt or hostile
archives, over-long lines; it counts implausible values and split/PP inconsistencies as warnings, and
removes its temporary files on failure and on SIGTERM. Each refusal leaves the served dataset as it was."""

from __future__ import annotations

import argparse
import io
import os
import re
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest

from app import schema
from app.errors import IngestError
from app.ingest import EARLIEST_PLAUSIBLE_DATE, Limits, add_cli, copy_limited, ingest, read_current
from app.settings import PROJECT_ROOT
from app.storage import LocalStorage
from tests.test_ingest import INTERACTIONS, RECIPES, ingest_error, make_source, real_file, recipe_row, write_csv

SPLIT_HEADER = schema.SOURCE_FILES["interactions_test"][0]


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The system temp folder of this test: ingest's temporary files must all be gone at the end."""
    folder = tmp_path / "system-tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder
    assert list(folder.iterdir()) == []


def cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    add_cli(parser.add_subparsers())
    args = parser.parse_args(["ingest", *argv, "--quiet"])
    return args.handler(args)


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` (CURRENT, versions) and its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# -- unusable datasets --------------------------------------------------------------------------


@pytest.mark.parametrize(("stem", "what"), [("RAW_interactions", "interaction"), ("RAW_recipes", "recipe")])
def test_a_file_with_only_its_header_is_refused_and_the_served_dataset_kept(
    tmp_path: Path, private_tmp: Path, capsys: pytest.CaptureFixture, stem: str, what: str
) -> None:
    root = tmp_path / "root"
    good = ingest(make_source(tmp_path / "good"), str(root), progress=False)
    before = tree(root)
    bad = make_source(tmp_path / "bad", **{"interactions" if stem == "RAW_interactions" else "recipes": []})
    assert cli(str(bad), "--to", str(root)) == 1
    err = capsys.readouterr().err
    assert (
        f"ingest failed: {stem}.csv: no {what} at all (the file holds only its header): refusing to publish "
        "an empty dataset"
    ) in err
    assert tree(root) == before  # CURRENT and every version byte for byte
    assert (root / "CURRENT").read_text() == good["version"] + "\n"


def test_rejected_share_over_the_limit_is_refused(
    tmp_path: Path, private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 1 of 6 interactions rejected (16.7 %): refused by default (5 %) and at 0.15, published at 0.2.
    source = make_source(tmp_path / "kaggle", interactions=[*INTERACTIONS, [6, 999, "2007-01-01", 5, "who?"]])
    error = ingest_error(source, tmp_path)
    assert error.file == "RAW_interactions.csv"
    assert error.user_message == (
        "RAW_interactions.csv: 1 of 6 rows rejected (16.7%: unknown_recipe 1), more than the 5.0% allowed "
        "(--max-rejected-share or INGEST_MAX_REJECTED_SHARE changes it): refusing to publish"
    )
    monkeypatch.setenv("INGEST_MAX_REJECTED_SHARE", "0.15")
    assert "more than the 15.0% allowed" in ingest_error(source, tmp_path).user_message
    monkeypatch.setenv("INGEST_MAX_REJECTED_SHARE", "0.2")
    manifest = ingest(source, str(tmp_path / "published"), progress=False)
    assert manifest["row_counts"]["interactions"] == 5
    assert manifest["rejected_share"] == {"RAW_recipes.csv": 0.0, "RAW_interactions.csv": round(1 / 6, 6)}


def test_every_row_rejected_is_refused_even_when_any_share_is_allowed(
    tmp_path: Path, private_tmp: Path, capsys: pytest.CaptureFixture
) -> None:
    source = make_source(tmp_path / "kaggle", interactions=[[1, 999, "2007-01-01", 5, "who?"]])
    assert cli(str(source), "--to", str(tmp_path / "root"), "--max-rejected-share", "1") == 1
    assert (
        "ingest failed: RAW_interactions.csv: every interaction was rejected: refusing to publish an empty dataset"
    ) in capsys.readouterr().err
    assert not (tmp_path / "root" / "CURRENT").exists()


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("INGEST_MAX_ZIP_RATIO", "abc", "INGEST_MAX_ZIP_RATIO must be a number, got 'abc'"),
        ("INGEST_MAX_UNZIPPED_BYTES", "1.5", "INGEST_MAX_UNZIPPED_BYTES must be a whole number of bytes, got '1.5'"),
        ("INGEST_MAX_LINE_BYTES", "0", "INGEST_MAX_LINE_BYTES must be positive, got 0"),
        ("INGEST_MAX_REJECTED_SHARE", "2", "the maximum rejected share must be between 0 and 1, got 2.0"),
    ],
)
def test_bad_limit_settings_are_named(variable: str, value: str, message: str) -> None:
    with pytest.raises(IngestError) as caught:
        Limits.from_env({variable: value})
    assert caught.value.user_message == message


# -- archives -----------------------------------------------------------------------------------


def zip_of(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as handle:
        for name, data in members.items():
            handle.writestr(name, data)
    return path


def kaggle_members(tmp_path: Path, **rows: Any) -> dict[str, bytes]:
    source = make_source(tmp_path / "members", **rows)
    return {p.name: p.read_bytes() for p in source.iterdir()}


def set_central_size(archive: Path, name: str, field: str, value: int) -> None:
    """Make the central directory lie: `field` ("compressed" or "uncompressed") of member `name`."""
    data = bytearray(archive.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at != -1:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + length] == name.encode():
            struct.pack_into("<I", data, at + (20 if field == "compressed" else 24), value)
        at = data.find(b"PK\x01\x02", at + 4)
    archive.write_bytes(bytes(data))


def bomb(path: Path, members: dict[str, bytes], mebibytes: int) -> Path:
    """A zip of `members` whose RAW_interactions.csv is its header then one line of `mebibytes` MiB of
    zeros (about 1 KB compressed per MiB)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as handle:
        handle.writestr("RAW_recipes.csv", members["RAW_recipes.csv"])
        with handle.open("RAW_interactions.csv", "w") as member:
            member.write(b"user_id,recipe_id,date,rating,review\n")
            zeros = b"0" * (1 << 20)
            for _ in range(mebibytes):
                member.write(zeros)
    return path


def test_zip_bomb_is_refused_before_extracting(tmp_path: Path, private_tmp: Path) -> None:
    archive = bomb(tmp_path / "bomb.zip", kaggle_members(tmp_path), 300)
    assert archive.stat().st_size < 400_000
    started = time.perf_counter()
    error = ingest_error(archive, tmp_path)
    elapsed = time.perf_counter() - started
    match = re.fullmatch(
        r"archive member RAW_interactions\.csv expands to ([\d,]+)\+ bytes from ([\d,]+) compressed "
        r"bytes, more than 200:1 \(a zip bomb\?\); INGEST_MAX_ZIP_RATIO raises the limit",
        error.user_message,
    )
    assert match, error.user_message
    expanded, compressed = (int(g.replace(",", "")) for g in match.groups())
    assert expanded == 300 * 2**20 + 37 and expanded / compressed > 200
    assert elapsed < 1.0  # nothing extracted: the declared sizes are checked first
    print(f"\nzip bomb (300 MiB in {archive.stat().st_size:,} bytes) refused in {elapsed * 1000:.0f} ms")


def test_zip_bomb_declaring_more_compressed_bytes_is_measured_by_its_room(tmp_path: Path, private_tmp: Path) -> None:
    """A central directory claiming a compressed size reaching into the next member does not lower the ratio."""
    members = kaggle_members(tmp_path)
    archive = bomb(tmp_path / "bomb.zip", members, 50)
    with zipfile.ZipFile(archive, "a", zipfile.ZIP_STORED) as handle:  # 600 KB of room to claim
        handle.writestr("padding.bin", os.urandom(600_000))
    set_central_size(archive, "RAW_interactions.csv", "compressed", 500_000)  # 50 MiB / 500 KB: 105:1
    error = ingest_error(archive, tmp_path)
    compressed = int(re.search(r"from ([\d,]+) compressed", error.user_message).group(1).replace(",", ""))
    assert compressed < 60_000 and "more than 200:1" in error.user_message


def test_zip_header_understating_a_size_stops_there(tmp_path: Path, private_tmp: Path) -> None:
    """Declared 1,000 bytes, 50 MiB inside: reading stops at the declared size, and the CRC tells."""
    archive = bomb(tmp_path / "bomb.zip", kaggle_members(tmp_path), 50)
    set_central_size(archive, "RAW_interactions.csv", "uncompressed", 1000)
    started = time.perf_counter()
    error = ingest_error(archive, tmp_path)
    assert error.user_message == (
        "archive member RAW_interactions.csv is corrupt: Bad CRC-32 for file 'RAW_interactions.csv'"
    )
    assert time.perf_counter() - started < 1.0


def test_extraction_stops_at_the_cap_whatever_the_stream_declares() -> None:
    class Endless:
        """A member that never ends, as a lying header could make one look."""

        produced = 0

        def read(self, size: int) -> bytes:
            self.produced += size
            return bytes(size)

    src, dst = Endless(), io.BytesIO()
    with pytest.raises(IngestError, match=r"^too much: 4194304 bytes$"):
        copy_limited(src, dst, 3 << 20, lambda seen: IngestError(f"too much: {seen} bytes"), "member")
    assert (src.produced, len(dst.getvalue())) == (4 << 20, 3 << 20)  # the chunk over the cap is not written


def test_archive_over_the_total_limit_is_refused(
    tmp_path: Path, private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    members = kaggle_members(tmp_path)
    archive = zip_of(tmp_path / "archive.zip", members)
    monkeypatch.setenv("INGEST_MAX_UNZIPPED_BYTES", "1000")
    total = sum(len(data) for data in members.values())
    assert ingest_error(archive, tmp_path).user_message == (
        f"the CSVs of archive.zip expand to {total:,}+ bytes, more than the limit of 1,000 bytes "
        "(INGEST_MAX_UNZIPPED_BYTES raises it)"
    )
    monkeypatch.setenv("INGEST_MAX_UNZIPPED_BYTES", str(total))
    assert ingest(archive, str(tmp_path / "published"), progress=False)["row_counts"]["interactions"] == 5


def test_bad_crc_is_a_clear_error_without_traceback(
    tmp_path: Path, private_tmp: Path, capsys: pytest.CaptureFixture
) -> None:
    archive = zip_of(tmp_path / "archive.zip", kaggle_members(tmp_path), zipfile.ZIP_STORED)
    with zipfile.ZipFile(archive) as handle:
        info = handle.getinfo("RAW_interactions.csv")
    data = bytearray(archive.read_bytes())
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
    data[info.header_offset + 30 + name_length + extra_length + 10] ^= 0x01  # one bit of a stored member
    archive.write_bytes(bytes(data))
    assert cli(str(archive), "--to", str(tmp_path / "root")) == 1
    err = capsys.readouterr().err
    assert (
        "ingest failed: archive member RAW_interactions.csv is corrupt: Bad CRC-32 for file 'RAW_interactions.csv'"
    ) in err
    assert "Traceback" not in err


def test_unsafe_member_names_are_ignored(tmp_path: Path, private_tmp: Path) -> None:
    members = kaggle_members(tmp_path)
    hostile = {
        "../RAW_recipes.csv": b"name,id\n",
        "/etc/RAW_interactions.csv": b"x\n",
        "C:/data/RAW_recipes.csv": b"x\n",
        "a/../../RAW_interactions.csv": b"x\n",
    }
    error = ingest_error(zip_of(tmp_path / "only.zip", hostile), tmp_path)
    assert error.user_message == (
        "missing required file(s) RAW_recipes.csv, RAW_interactions.csv in only.zip; found: no CSV file; "
        "ignored unsafe name(s): ../RAW_recipes.csv, /etc/RAW_interactions.csv, C:/data/RAW_recipes.csv, "
        "a/../../RAW_interactions.csv"
    )
    # Next to the real files, hostile names (shallower ones included) change nothing.
    manifest = ingest(
        zip_of(tmp_path / "mixed.zip", {**hostile, **{f"food/{n}": d for n, d in members.items()}}),
        str(tmp_path / "published"),
        progress=False,
    )
    assert manifest["row_counts"]["recipes"] == 3 and manifest["row_counts"]["interactions"] == 5
    assert sorted(p.name for p in tmp_path.iterdir()) == ["members", "mixed.zip", "only.zip", "published", "system-tmp"]


# -- over-long lines ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("review", "message"),
    [
        ("x" * 5_000, "line longer than the 1,000-byte limit"),  # in DuckDB's rejects
        ("x" * 40_000_000, "line longer than the 1,000-byte limit"),  # beyond DuckDB's buffer: skipped without reject
        ("x\n" * 2_000, "record longer than the 1,000-byte limit"),  # short lines, one long quoted record
    ],
)
def test_over_long_line_names_file_and_line(
    tmp_path: Path, private_tmp: Path, monkeypatch: pytest.MonkeyPatch, review: str, message: str
) -> None:
    monkeypatch.setenv("INGEST_MAX_LINE_BYTES", "1000")
    records = [list(r) for r in INTERACTIONS]
    records[3][4] = review
    error = ingest_error(make_source(tmp_path / "kaggle", interactions=records), tmp_path)
    # Header on line 1; the first review spans lines 2-3; records 2 and 3 on lines 4 and 5.
    assert (error.file, error.line) == ("RAW_interactions.csv", 6)
    assert error.user_message == f"RAW_interactions.csv, line 6: {message} (INGEST_MAX_LINE_BYTES raises it)"


def test_blank_lines_hold_no_record_and_are_let_go(tmp_path: Path, private_tmp: Path) -> None:
    source = make_source(tmp_path / "kaggle")
    path = source / "RAW_interactions.csv"
    lines = path.read_text().split("\n")
    path.write_text("\n".join([*lines[:4], "", *lines[4:], "", ""]))
    manifest = ingest(source, str(tmp_path / "published"), progress=False)
    assert manifest["source"]["rows"]["RAW_interactions.csv"] == manifest["row_counts"]["interactions"] == 5


# -- warnings -----------------------------------------------------------------------------------


def test_implausible_values_are_counted_as_warnings(
    tmp_path: Path, private_tmp: Path, capsys: pytest.CaptureFixture
) -> None:
    today = datetime.now(UTC).date()
    soon, later = (today + timedelta(days=2)).isoformat(), (today + timedelta(days=400)).isoformat()
    recipes = [
        *RECIPES,
        recipe_row(400, "1998-12-31", -5),  # before 1999, negative minutes
        recipe_row(500, later, 10, nutrition=(-1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)),  # future, negative
        recipe_row(600, today.isoformat(), 20),
    ]  # today is no future
    interactions = [
        *INTERACTIONS,
        [6, 100, "1998-06-01", 4, "early"],  # before 1999 and before the submission
        [7, 100, soon, 5, "time traveller"],
        [8, 600, today.isoformat(), 5, "today"],
    ]
    source = make_source(tmp_path / "kaggle", recipes, interactions)
    assert cli(str(source), "--to", str(tmp_path / "root")) == 0
    out = capsys.readouterr().out
    _, manifest = read_current(LocalStorage(tmp_path / "root"))
    assert EARLIEST_PLAUSIBLE_DATE.isoformat() == "1999-01-01"
    assert manifest["warnings"] == {
        "interaction_before_submission": 2,
        "recipe_submitted_before_1999": 1,
        "recipe_submitted_in_the_future": 1,
        "interaction_before_1999": 1,
        "interaction_in_the_future": 1,
        "negative_minutes": 1,
        "negative_nutrition": 1,
    }
    assert manifest["warning_examples"]["negative_nutrition"] == [
        "RAW_recipes.csv record 5: recipe_id=500 nutrition=[-1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]"
    ]
    assert manifest["warning_examples"]["interaction_in_the_future"] == [
        f"RAW_interactions.csv record 7: user_id=7 recipe_id=100 date={soon}"
    ]
    assert manifest["row_counts"]["recipes"] == 6 and manifest["row_counts"]["interactions"] == 8  # all kept
    assert sum(manifest["rejected"].values()) == 0
    assert (
        "Warning: 1 rows kept with negative_minutes\n    e.g. RAW_recipes.csv record 4: recipe_id=400 minutes=-5" in out
    )
    assert "Warning: 2 rows kept with interaction_before_submission" in out


PP_RECIPE = ["[1, 2]", "[[1, 2], [3]]", "[4, 5]", "[0, 1]", 0, "[7, 8]"]


def test_split_and_pp_files_are_checked_against_raw(
    tmp_path: Path, private_tmp: Path, capsys: pytest.CaptureFixture
) -> None:
    # RAW: recipes 100, 200, 300 and users 1-5. PP_recipes: i 0, 1, 7, 3; PP_users: u 0-3.
    source = make_source(tmp_path / "kaggle")
    write_csv(
        source / "interactions_train.csv",
        SPLIT_HEADER,
        [
            [1, 100, "2006-01-07", 5.0, 0, 0],
            [2, 100, "2006-04-03", 4.0, 1, 0],
            [3, 999, "2006-07-09", 0.0, 2, 5],  # unknown recipe; i 5 not in PP_recipes
            [77, 200, "2003-02-28", 3.0, 3, 1],  # unknown user
        ],
    )
    write_csv(
        source / "interactions_test.csv",
        SPLIT_HEADER,
        [
            [1, 200, "2007-01-07", 5.0, 4, 1],  # user 1 was u 0 in train; u 4 not in PP_users
            [4, 300, "2007-01-08", 2.0, 1, 2],  # u 1 was user 2 in train; recipe 300 is i 7 in PP_recipes
        ],
    )
    write_csv(
        source / "PP_recipes.csv",
        schema.SOURCE_FILES["PP_recipes"][0],
        [[100, 0, *PP_RECIPE], [200, 1, *PP_RECIPE], [300, 7, *PP_RECIPE], [888, 3, *PP_RECIPE]],
    )
    write_csv(
        source / "PP_users.csv",
        schema.SOURCE_FILES["PP_users"][0],
        [
            [0, "[1]", "[0, 1]", 2, "[5.0, 4.0]", 2],
            [1, "[1]", "[0, 9]", 2, "[4.0, 3.0]", 2],  # item 9: no recipe
            [2, "[1]", "[5]", 1, "[3.0]", 1],
            [3, "[1]", "[1]", 1, "[3.0]", 1],
        ],
    )
    assert cli(str(source), "--to", str(tmp_path / "root")) == 0
    out = capsys.readouterr().out
    _, manifest = read_current(LocalStorage(tmp_path / "root"))
    assert {k: v for k, v in manifest["warnings"].items() if v} == {
        "interaction_before_submission": 1,
        "split_unknown_recipe": 1,
        "split_unknown_user": 1,
        "user_index_conflict": 2,
        "unknown_user_index": 1,
        "pp_recipe_unknown_recipe": 1,
        "recipe_index_conflict": 1,
        "unknown_recipe_index": 4,
    }
    examples = manifest["warning_examples"]
    assert examples["split_unknown_recipe"] == ["interactions_train.csv record 3: user_id=3 recipe_id=999 u=2 i=5"]
    assert examples["user_index_conflict"] == [
        "interactions_train.csv record 1: user_id=1 has several u: [0, 4]",
        "interactions_train.csv record 2: u=1 has several user_id: [2, 4]",
    ]
    assert examples["recipe_index_conflict"] == ["interactions_test.csv record 2: recipe_id=300 has several i: [2, 7]"]
    assert examples["unknown_recipe_index"] == [
        "PP_users.csv record 2: u=1 item i=9",
        "PP_users.csv record 3: u=2 item i=5",
        "interactions_train.csv record 3: user_id=3 recipe_id=999 u=2 i=5",
    ]
    assert examples["pp_recipe_unknown_recipe"] == ["PP_recipes.csv record 4: recipe_id=888 i=3"]
    assert manifest["row_counts"]["interactions_train"] == 4  # kept: warnings only
    assert (
        "Warning: 1 rows kept with split_unknown_recipe\n"
        "    e.g. interactions_train.csv record 3: user_id=3 recipe_id=999 u=2 i=5"
    ) in out


def test_real_split_and_pp_users_against_generated_raw(generated_csv: Path, tmp_path: Path) -> None:
    """The real interactions_test.csv next to generated RAW files: its recipes and users are mostly
    unknown there, which the summary now says (it said "Rejected rows: 0")."""
    source = tmp_path / "mixed"
    source.mkdir()
    for name in ("RAW_recipes.csv", "RAW_interactions.csv"):
        (source / name).symlink_to(generated_csv / name)
    for name in ("interactions_test.csv", "PP_users.csv"):
        (source / name).symlink_to(real_file(name))
    manifest = ingest(source, str(tmp_path / "published"), progress=False)
    split, raw_recipes, raw_interactions = (
        f"read_csv('{source / n}')" for n in ("interactions_test.csv", "RAW_recipes.csv", "RAW_interactions.csv")
    )
    unknown_recipes, unknown_users = duckdb.sql(f"""SELECT
        count(*) FILTER (WHERE recipe_id NOT IN (SELECT id FROM {raw_recipes})),
        count(*) FILTER (WHERE user_id NOT IN (SELECT user_id FROM {raw_interactions})) FROM {split}""").fetchone()
    warnings = manifest["warnings"]
    assert (warnings["split_unknown_recipe"], warnings["split_unknown_user"]) == (unknown_recipes, unknown_users)
    assert unknown_recipes > 0.5 * 12_455
    assert (warnings["user_index_conflict"], warnings["unknown_user_index"], warnings["recipe_index_conflict"]) == (
        0,
        0,
        0,
    )
    print(
        f"\nreal interactions_test.csv + PP_users.csv over generated RAW: {unknown_recipes:,} of 12,455 rows with "
        f"an unknown recipe, {unknown_users:,} with an unknown user"
    )


# -- interruption -------------------------------------------------------------------------------


@pytest.mark.parametrize("delay", [0.0, 0.4])
def test_sigterm_during_ingest_removes_temporary_files(generated_csv: Path, tmp_path: Path, delay: float) -> None:
    root = tmp_path / "root"
    good = ingest(make_source(tmp_path / "good"), str(root), progress=False)
    before = tree(root)
    system_tmp = tmp_path / "system-tmp"
    system_tmp.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "ingest", str(generated_csv), "--to", str(root), "--quiet"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "TMPDIR": str(system_tmp)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not list(system_tmp.glob("mtm-ingest-*")):  # ingest is at work
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.01)
        time.sleep(delay)
        assert process.poll() is None, "ingest ended before the signal: use more data"
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 128 + signal.SIGTERM
    assert (
        f"ingest interrupted by SIGTERM: stopped and removed its temporary files; the served dataset is "
        f"unchanged ({good['version']})"
    ) in err
    assert "Traceback" not in err
    assert list(system_tmp.iterdir()) == []  # no mtm-ingest-* left, nor anything else
    assert tree(root) == before
