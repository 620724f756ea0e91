"""Reading candidate files and writing spreadsheet-safe CSV."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from wgigbalance import InputError, read_candidates, read_roster_ids
from wgigbalance.io import frame_to_safe_csv, neutralise_cell, sha256_file, write_atomic


def refused(path: Path) -> str:
    with pytest.raises(InputError) as info:
        read_candidates(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: "), message
    return message


def test_reads_every_cell_as_text(write_file) -> None:
    path = write_file("c.csv", "id,name,score,code\n001,Ann,7.50,NA\n002,Bob,,null\n")
    frame = read_candidates(path)
    assert frame.to_dict("records") == [
        {"id": "001", "name": "Ann", "score": "7.50", "code": "NA"},
        {"id": "002", "name": "Bob", "score": "", "code": "null"},
    ]


def test_missing_file(tmp_path: Path) -> None:
    message = refused(tmp_path / "missing.csv")
    assert "no such candidate file" in message


def test_folder_is_not_a_file(tmp_path: Path) -> None:
    assert "is a folder" in refused(tmp_path)


def test_binary_file_is_refused(write_file) -> None:
    path = write_file("pool.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 8)
    assert "not a text CSV file" in refused(path)


def test_zip_spreadsheet_is_refused(write_file) -> None:
    # an .xlsx file is a zip archive: binary, with NUL bytes
    path = write_file("pool.csv", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(64))
    assert "not a text CSV file" in refused(path)


def test_empty_file_is_refused(write_file) -> None:
    assert "is empty" in refused(write_file("pool.csv", "  \n\n"))


def test_missing_id_column(write_file) -> None:
    message = refused(write_file("pool.csv", "name,region\nAnn,African\n"))
    assert "no 'id' column (columns are: name, region)" in message
    assert "add a column named 'id'" in message


def test_duplicate_ids_name_the_lines(write_file) -> None:
    message = refused(write_file("pool.csv", "id,name\nA,x\nB,y\nA,z\n"))
    assert "id 'A' appears more than once (lines 2, 4)" in message


def test_duplicate_ids_after_stripping_whitespace(write_file) -> None:
    message = refused(write_file("pool.csv", "id,name\nA,x\n A ,y\n"))
    assert "id 'A' appears more than once" in message


def test_empty_id(write_file) -> None:
    message = refused(write_file("pool.csv", "id,name\nA,x\n,y\n  ,z\n"))
    assert "empty id on line 3, 4" in message


def test_header_only_is_an_empty_pool(write_file) -> None:
    message = refused(write_file("pool.csv", "id,name,region\n"))
    assert "has a header but no candidates" in message


# Regression: pandas used to rename the repeat to 'region.1' before the duplicate check.
def test_duplicate_column_is_refused(write_file) -> None:
    message = refused(write_file("pool.csv", "id,region,region\nA,x,y\n"))
    assert "column 'region' appears twice" in message


def test_bom_and_stray_whitespace_are_accepted(write_file) -> None:
    text = "\ufeff id , name ,region \n A1 ,  Ann Lee  , African\nB2,Bob,Asia-Pacific \n"
    frame = read_candidates(write_file("pool.csv", text))
    assert list(frame.columns) == ["id", "name", "region"]
    assert frame.to_dict("records") == [
        {"id": "A1", "name": "Ann Lee", "region": "African"},
        {"id": "B2", "name": "Bob", "region": "Asia-Pacific"},
    ]


def test_windows_1252_file_is_read(write_file) -> None:
    path = write_file("pool.csv", "id,name\nA,Zo\u00eb\n".encode("cp1252"))
    assert read_candidates(path)["name"].tolist() == ["Zo\u00eb"]


def test_roster_ids_strip_the_neutralising_quote(write_file) -> None:
    path = write_file("roster.csv", "id,name\n'-A1,x\nB2,y\n")
    assert read_roster_ids(path) == ["-A1", "B2"]


# --------------------------------------------------------------------------------------------
# Writing


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
    ],
)
def test_neutralise_cell(cell: object, written: str) -> None:
    assert neutralise_cell(cell) == written


def test_safe_csv_neutralises_formula_cells() -> None:
    frame = pd.DataFrame(
        {
            "id": ["A", "B", "C", "D", "E"],
            "name": ['=HYPERLINK("x")', "+cmd", "-2+3", "@SUM(1)", "Ann, Lee"],
        }
    )
    text = frame_to_safe_csv(frame)
    back = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert back["id"].tolist() == ["A", "B", "C", "D", "E"]
    assert back["name"].tolist() == [
        '\'=HYPERLINK("x")',
        "'+cmd",
        "'-2+3",
        "'@SUM(1)",
        "Ann, Lee",
    ]
    # no written cell starts with a formula character
    for row in back.itertuples(index=False):
        for value in row:
            assert not str(value).startswith(("=", "+", "-", "@"))


def test_safe_csv_neutralises_the_header_too() -> None:
    text = frame_to_safe_csv(pd.DataFrame({"id": ["A"], "=x": ["1"]}))
    assert text.splitlines()[0] == "id,'=x"


def test_write_atomic(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    write_atomic(target, "a\nb\n")
    assert target.read_text() == "a\nb\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"], "no temporary file left behind"


def test_write_atomic_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "nope" / "out.csv"
    with pytest.raises(InputError, match="does not exist"):
        write_atomic(target, "x")
    assert not target.exists()


def test_sha256_file(write_file) -> None:
    import hashlib

    path = write_file("x.bin", b"abc" * 1000)
    assert sha256_file(path) == hashlib.sha256(b"abc" * 1000).hexdigest()
