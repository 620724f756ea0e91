"""Excel workbooks through the CLI: candidates read from a sheet (--sheet) give the roster
the same CSV gives; problems name the cell."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from helpers import SMALL_POOL_CSV, SMALL_SPEC_TOML
from typer.testing import CliRunner, Result

from wgigbalance.cli import app

runner = CliRunner()


def pool_workbook(path: Path, first: str = "Pool", extra: str | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    if extra is not None:  # an unrelated first sheet
        sheet.title = extra
        sheet.append(["nothing", "here"])
        sheet = book.create_sheet(first)
    else:
        sheet.title = first
    for n, row in enumerate(csv.reader(io.StringIO(SMALL_POOL_CSV))):
        # numbers as numbers, as a spreadsheet keeps them
        sheet.append([int(c) if n and c.isdigit() else c for c in row])
    book.save(path)
    return path


@pytest.fixture
def small(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "pool.csv").write_text(SMALL_POOL_CSV)
    (tmp_path / "spec.toml").write_text(SMALL_SPEC_TOML)
    return {"pool": tmp_path / "pool.csv", "spec": tmp_path / "spec.toml", "dir": tmp_path}


def run(*args: object) -> Result:
    return runner.invoke(app, [str(a) for a in (*args, "--time-limit", 20)])


def test_candidates_as_a_workbook_give_the_csv_roster(small: dict[str, Path]) -> None:
    book = pool_workbook(small["dir"] / "pool.xlsx")
    from_csv = run("select", "--candidates", small["pool"], "--constraints", small["spec"],
                   "--out", small["dir"] / "a.csv")  # fmt: skip
    from_xlsx = run("select", "--candidates", book, "--constraints", small["spec"],
                    "--out", small["dir"] / "b.csv")  # fmt: skip
    assert from_csv.exit_code == from_xlsx.exit_code == 0, from_xlsx.output
    assert (small["dir"] / "a.csv").read_text() == (small["dir"] / "b.csv").read_text()


@pytest.mark.parametrize("command", ["select", "lottery", "explain", "tradeoffs"])
def test_sheet_picks_the_sheet(small: dict[str, Path], command: str) -> None:
    book = pool_workbook(small["dir"] / "pool.xlsx", extra="Notes")
    inputs = ("--candidates", book, "--constraints", small["spec"])
    assert run(command, *inputs, "--sheet", "Pool").exit_code in (0, 1)
    wrong = run(command, *inputs)  # the first sheet has no id column
    assert wrong.exit_code == 2 and "no 'id' column" in wrong.output
    missing = run(command, *inputs, "--sheet", "Nope")
    assert missing.exit_code == 2 and "no sheet named 'Nope'" in missing.output


def test_a_bad_cell_is_named(small: dict[str, Path]) -> None:
    book = pool_workbook(small["dir"] / "pool.xlsx")
    workbook = openpyxl.load_workbook(book)
    workbook.active["B5"] = "=1+1"  # a formula never calculated: no saved value
    workbook.save(book)
    result = run("select", "--candidates", book, "--constraints", small["spec"])
    assert result.exit_code == 2
    assert "cell B5" in result.output and "Traceback" not in result.output


def test_a_text_file_named_xlsx_is_one_clear_error(small: dict[str, Path]) -> None:
    fake = small["dir"] / "pool.xlsx"
    fake.write_text(SMALL_POOL_CSV)
    result = run("select", "--candidates", fake, "--constraints", small["spec"])
    assert result.exit_code == 2
    assert "not a readable Excel workbook" in result.output
    assert "Traceback" not in result.output


def test_select_writes_a_workbook_that_check_reads_back(small: dict[str, Path]) -> None:
    out = small["dir"] / "roster.xlsx"
    inputs = ("--candidates", small["pool"], "--constraints", small["spec"])
    assert run("select", *inputs, "--out", out).exit_code == 0
    assert run("select", *inputs, "--out", small["dir"] / "roster.csv").exit_code == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Roster", "Balance", "Rules"]
    roster = book["Roster"]
    assert roster.freeze_panes == "A2" and roster["A1"].font.b
    rows = [[c if c is not None else "" for c in r] for r in roster.iter_rows(values_only=True)]
    from_csv = list(csv.reader(io.StringIO((small["dir"] / "roster.csv").read_text())))
    assert rows == from_csv
    assert [c.value for c in book["Rules"][1]] == ["kind", "rule", "key", "seats", "min",
                                                   "max", "holds"]  # fmt: skip
    assert book["Balance"].max_row > 1
    checked = run("check", out, *inputs)
    assert checked.exit_code == 0, checked.output
    assert (small["dir"] / "roster.xlsx.manifest.json").exists()


def test_the_same_run_writes_the_same_bytes(small: dict[str, Path]) -> None:
    inputs = ("--candidates", small["pool"], "--constraints", small["spec"])
    first, second = small["dir"] / "a.xlsx", small["dir"] / "b.xlsx"
    assert run("select", *inputs, "--out", first).exit_code == 0
    assert run("select", *inputs, "--out", second).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_formulas_in_cells_are_written_as_text(small: dict[str, Path]) -> None:
    pool = small["dir"] / "evil.csv"
    pool.write_text(SMALL_POOL_CSV.replace("P00,", "=HYPERLINK(1),", 1).replace("P01,", "-2+3,", 1))
    out = small["dir"] / "r.xlsx"
    result = run("select", "--candidates", pool, "--constraints", small["spec"], "--out", out)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    cells = [c for row in book["Roster"].iter_rows() for c in row if isinstance(c.value, str)]
    risky = [c for c in cells if c.value.startswith(("=", "-"))]
    assert risky, "the test pool's risky ids were not selected"
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)
    assert b"<f>" not in _sheet_xml(out)


def _sheet_xml(path: Path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return b"".join(archive.read(n) for n in archive.namelist() if "worksheets" in n)


def test_lottery_writes_probabilities(small: dict[str, Path]) -> None:
    out = small["dir"] / "drawn.xlsx"
    inputs = ("--candidates", small["pool"], "--constraints", small["spec"])
    result = run("lottery", *inputs, "--out", out)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Roster", "Balance", "Rules", "Probabilities"]
    probabilities = [r for r in book["Probabilities"].iter_rows(min_row=2, values_only=True)]
    assert len(probabilities) == 16
    assert all(0 <= p <= 1 for _, p in probabilities)


def test_csv_only_outputs_refuse_an_xlsx_name(small: dict[str, Path]) -> None:
    inputs = ("--candidates", small["pool"], "--constraints", small["spec"])
    wrong = small["dir"] / "reserves.xlsx"
    result = run("select", *inputs, "--reserves", "2", "--reserves-out", wrong)
    assert result.exit_code == 2 and "--reserves-out writes CSV only" in result.output
    roster = small["dir"] / "group.csv"
    assert run("select", *inputs, "--out", roster).exit_code == 0
    result = run("reserves", roster, *inputs, "--length", "2", "--runs", "5", "--out", wrong)
    assert result.exit_code == 2 and "--out writes CSV only" in result.output
    assert not wrong.exists()
