"""Reading candidate, roster and history files saved as Excel workbooks (.xlsx)."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

from wgigbalance import InputError, read_candidates, read_roster_ids
from wgigbalance.io import read_history
from wgigbalance.io.xlsx import column_letter


def workbook(path: Path, *sheets: tuple[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def refused(path: Path, **kwargs: object) -> InputError:
    with pytest.raises(InputError) as info:
        read_candidates(path, **kwargs)  # type: ignore[arg-type]
    assert str(info.value).startswith(f"{path}: "), str(info.value)
    return info.value


def test_values_are_read_as_the_cell_shows_them(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "c.xlsx",
        (
            "People",
            [
                ["id", "name", "score", "born", "ok", "ratio"],
                [1, "  Ann   Lee ", 3.0, dt.datetime(1990, 5, 17), True, 0.25],
                ["002", "Bo\u0308b", 7, dt.date(2001, 1, 2), False, None],
            ],
        ),
    )
    frame = read_candidates(path)
    assert frame.to_dict("records") == [
        {"id": "1", "name": "Ann Lee", "score": "3", "born": "1990-05-17", "ok": "TRUE",
         "ratio": "0.25"},
        {"id": "002", "name": "B\u00f6b", "score": "7", "born": "2001-01-02", "ok": "FALSE",
         "ratio": ""},
    ]  # fmt: skip


def test_first_sheet_or_the_named_one(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "c.xlsx",
        ("First", [["id", "x"], ["a", 1]]),
        ("Second", [["id", "x"], ["b", 2], ["c", 3]]),
    )
    assert read_candidates(path)["id"].tolist() == ["a"]
    assert read_candidates(path, sheet="Second")["id"].tolist() == ["b", "c"]
    error = refused(path, sheet="Third")
    assert error.code == "no_such_sheet"
    assert "'First', 'Second'" in str(error)


def test_blank_rows_are_skipped_and_rows_keep_their_number(tmp_path: Path) -> None:
    path = workbook(tmp_path / "c.xlsx", ("S", [["id", "x"], ["a", 1], [], ["a", 2]]))
    message = str(refused(path))
    assert "lines 2, 4" in message


def test_hidden_characters_name_the_cell(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "c.xlsx", ("S", [["id", "name"], ["a", "x"], ["b", "evil\u202etxt"]])
    )
    error = refused(path)
    assert "cell B3 (column 'name')" in str(error)
    assert error.problems[0].line == 3
    assert error.problems[0].code == "hidden_character"
    frame = read_candidates(path, strip_invisible=True)
    assert frame["name"].tolist() == ["x", "eviltxt"]
    assert "cell B3" in frame.attrs["warnings"][0].message


def test_cells_beyond_the_header_are_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "c.xlsx", ("S", [["id", "name"], ["a", "x", "extra"]]))
    message = str(refused(path))
    assert "row 2 has 3 fields" in message and "cell C2" in message


def test_formula_without_a_saved_value_names_the_cell(tmp_path: Path) -> None:
    path = workbook(tmp_path / "c.xlsx", ("S", [["id", "score"], ["a", 1], ["b", "=B2*2"]]))
    error = refused(path)
    assert "cell B3" in str(error) and "no saved value" in str(error)
    assert (error.problems[0].line, error.problems[0].column) == (3, "B")


def test_error_values_are_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "c.xlsx", ("S", [["id", "score"], ["a", 1]]))
    # a saved error value, as a spreadsheet writes it
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    name = next(n for n in parts if n.startswith("xl/worksheets/sheet"))
    parts[name] = parts[name].replace(
        b'<c r="B2" t="n"><v>1</v></c>', b'<c r="B2" t="e"><v>#DIV/0!</v></c>'
    )
    assert b"#DIV/0!" in parts[name]
    with zipfile.ZipFile(path, "w") as archive:
        for n, data in parts.items():
            archive.writestr(n, data)
    assert "cell B2" in str(refused(path))


def test_too_long_a_cell_is_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "c.xlsx", ("S", [["id", "note"], ["a", "x" * 10_001]]))
    error = refused(path)
    assert error.code == "cell_too_long" and "cell B2" in str(error)


@pytest.mark.parametrize(
    "content",
    [b"id,name\na,b\n", b"PK\x03\x04 truncated", b"", b"\x00\x01\x02"],
    ids=["text", "truncated", "empty", "binary"],
)
def test_a_file_that_is_no_workbook_is_one_clear_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "c.xlsx"
    path.write_bytes(content)
    error = refused(path)
    assert len(error.problems) == 1
    assert "Excel workbook" in str(error)


def test_a_truncated_workbook_is_one_clear_error(tmp_path: Path) -> None:
    path = workbook(tmp_path / "c.xlsx", ("S", [["id"], ["a"]]))
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert "Excel workbook" in str(refused(path))


def test_an_empty_sheet_and_a_missing_file(tmp_path: Path) -> None:
    assert "empty" in str(refused(workbook(tmp_path / "c.xlsx", ("S", [])), sheet=None))
    assert "no such" in str(refused(tmp_path / "none.xlsx"))


def test_rosters_and_histories_read_as_workbooks(tmp_path: Path) -> None:
    roster = workbook(tmp_path / "r.xlsx", ("R", [["id", "name"], ["a", "x"], ["b", "y"]]))
    assert read_roster_ids(roster) == ["a", "b"]
    history = workbook(tmp_path / "h.xlsx", ("H", [["cycle", "id"], [1, "a"], [2, "b"]]))
    assert read_history(history) == [("1", ["a"]), ("2", ["b"])]


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 1, 25, 26, 27, 701, 702)] == [
        "A", "B", "Z", "AA", "AB", "ZZ", "AAA"
    ]  # fmt: skip
