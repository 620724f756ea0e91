"""Reading an Excel workbook (.xlsx) as rows of text, for the same checks as a CSV file:
the first sheet or a named one, each cell's value as written in the cell (3, not 3.0;
dates as ISO), formulas by their saved value, every problem naming its cell (B17)."""

from __future__ import annotations

import datetime as _dt
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

from ..errors import InputError, Problems

XLSX_SUFFIX = ".xlsx"
# A workbook is a zip file: its unpacked size is bounded too (no zip bombs).
MAX_XLSX_UNPACKED = 200_000_000
_MAX_PROBLEMS = 10  # cells reported before reading stops


def is_xlsx(path: Path) -> bool:
    """Whether a file is read as an Excel workbook (by its name)."""
    return path.suffix.lower() == XLSX_SUFFIX


def column_letter(index: int) -> str:
    """The spreadsheet letter of the 0-based column `index` (0: A, 26: AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_text(value: Any) -> str:
    """A cell's value as the text it shows: whole numbers without a decimal point, dates
    and times in ISO form, TRUE/FALSE for truth values."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, _dt.datetime):
        if value.time() == _dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, _dt.date | _dt.time):
        return value.isoformat()
    text = str(value)
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _unreadable(path: Path, what: str) -> InputError:
    return InputError(
        f"{path}: not a readable Excel workbook (.xlsx); save the {what} file again as "
        "an Excel workbook or as CSV (UTF-8).",
        code="bad_xlsx",
        file=str(path),
    )


def read_xlsx_rows(
    path: Path, what: str, sheet: str | None, max_columns: int, max_cell: int
) -> list[tuple[int, list[str]]]:
    """The non-blank rows of the sheet with their row numbers, every cell as text (trailing
    empty cells dropped). A formula with no saved value, an error value (#DIV/0!), too many
    columns or too long a cell is refused naming the cell."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _unreadable(path, what) from None
    if unpacked > MAX_XLSX_UNPACKED:
        raise InputError(
            f"{path}: the workbook unpacks to {unpacked:,} bytes (at most "
            f"{MAX_XLSX_UNPACKED:,}); check that this is the right file.",
            code="file_too_large",
            file=str(path),
        )
    import openpyxl  # only when a workbook is read

    try:
        values = openpyxl.load_workbook(path, read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on a damaged file: all mean the same
        raise _unreadable(path, what) from None
    try:
        names = [ws.title for ws in values.worksheets]
        if not names:
            raise InputError(f"{path}: the workbook has no sheet.", code="bad_xlsx", file=str(path))
        if sheet is None:
            chosen = names[0]
        elif sheet in names:
            chosen = sheet
        else:
            raise InputError(
                f"{path}: no sheet named {sheet!r} (sheets: {', '.join(map(repr, names))}); "
                "check --sheet.",
                code="no_such_sheet",
                file=str(path),
            )
        try:
            return _rows(path, values[chosen], formulas[chosen], max_columns, max_cell)
        except InputError:
            raise
        except Exception:
            raise _unreadable(path, what) from None
    finally:
        values.close()
        formulas.close()


def _rows(
    path: Path, values: Any, formulas: Any, max_columns: int, max_cell: int
) -> list[tuple[int, list[str]]]:
    problems = Problems()
    rows: list[tuple[int, list[str]]] = []
    for number, (cells, raw) in enumerate(
        zip(values.iter_rows(), formulas.iter_rows(), strict=False), start=1
    ):
        texts: list[str] = []
        for n, cell in enumerate(cells):
            value = getattr(cell, "value", None)
            where = f"cell {column_letter(n)}{number}"
            if value is None and n < len(raw):
                formula = getattr(raw[n], "value", None)
                if isinstance(formula, str) and formula.startswith("="):
                    problems.add(
                        _cell_error(
                            path,
                            number,
                            n,
                            f"{where}: the formula "
                            f"{formula[:40]!r} has no saved value; open the workbook in a "
                            "spreadsheet, let it calculate, and save it again (or type the value).",
                        )
                    )
                    texts.append("")
                    continue
            if getattr(cell, "data_type", None) == "e":
                problems.add(
                    _cell_error(
                        path,
                        number,
                        n,
                        f"{where}: the cell holds the error "
                        f"{str(value)!r}; fix the formula or type the value.",
                    )
                )
                texts.append("")
                continue
            text = cell_text(value)
            if len(text) > max_cell:
                problems.add(
                    _cell_error(
                        path,
                        number,
                        n,
                        f"{where}: the cell is longer than {max_cell:,} characters; shorten it.",
                        code="cell_too_long",
                    )
                )
                text = ""
            texts.append(text)
        if len(problems.found) >= _MAX_PROBLEMS:
            break
        while texts and not texts[-1].strip():
            texts.pop()
        if len(texts) > max_columns:
            raise InputError(
                f"{path}: row {number} has {len(texts):,} columns; at most {max_columns:,} "
                "are allowed; remove empty columns.",
                code="too_many_columns",
                file=str(path),
                line=number,
            )
        if texts:
            rows.append((number, texts))
    problems.raise_if_any()
    return rows


def _cell_error(
    path: Path, row: int, column: int, message: str, code: str = "bad_cell"
) -> InputError:
    return InputError(
        f"{path}: {message}", code=code, file=str(path), line=row, column=column_letter(column)
    )
