"""Reading a CSV file as a table of clean text, checked: encoding, separator, header, row
widths, hidden characters, limits; every problem of the file at once, with line and column."""

from __future__ import annotations

import csv
import io as _io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import InputError, InputProblem, Problems, ToolWarning
from ..text import clean, hidden_character, strip_hidden, visible
from .xlsx import column_letter, is_xlsx, read_xlsx_rows

ID_COLUMN = "id"


# Limits that keep reading fast and messages clear; far above any real candidate list.
MAX_CSV_BYTES = 500_000_000  # about 3.5 million candidate rows of the shipped kind
MAX_COLUMNS = 1_000
MAX_CELL_CHARS = 10_000
_MAX_SHOWN = 10  # problems listed before "... and N more"


# Whitespace some cell of a row would lose to `text.clean`, searched in the row's cells
# joined by NUL (never in a cell: `_read_text` refuses it).
_UNIT = "\x00"
_UNTIDY = re.compile(f"[^\\S ]|  | {_UNIT}|{_UNIT} |^ | $")


def read_csv_text(
    path: Path, what: str, strip_invisible: bool = False, sheet: str | None = None
) -> pd.DataFrame:
    """Read a CSV as strings, tolerating a BOM and stray whitespace; refuse anything else.

    Every cell is normalised (`text.clean`); a cell with an invisible, bidirectional or
    control character, a row with more fields than the header (unless the extra fields are
    empty: a trailing separator, accepted with a warning), too many columns or too long a
    cell are refused naming the line and column. Reading is linear in the file's size.
    `strip_invisible`: hidden characters are removed instead, with a warning.

    A file named `.xlsx` is read as an Excel workbook (its first sheet, or `sheet`), and
    its rows go through the same checks, problems naming the cell (B17).
    """
    if is_xlsx(path):
        return _read_workbook(path, what, strip_invisible, sheet)
    text = _read_text(path, what)
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    # European spreadsheets save with semicolons, some exports with tabs: use what the
    # header uses.
    sep = max((",", ";", "\t"), key=lambda d: (first_line.count(d), d == ","))
    if first_line.count(sep) >= MAX_COLUMNS:
        raise InputError(
            f"{path}: line 1 has {first_line.count(sep) + 1:,} columns; at most "
            f"{MAX_COLUMNS:,} are allowed; check the separator or remove empty columns.",
            code="too_many_columns",
            file=str(path),
            line=1,
        )
    rows = _records(text, sep, path)
    if not rows:
        raise InputError(f"{path}: not a valid CSV file; save it as CSV with a header row.")
    header = [clean(c) for c in rows[0][1]]
    _check_header(header, path)
    suspicious = hidden_character(text) is not None
    frame = _table(header, rows[1:], path, suspicious, strip_invisible)
    if frame.columns.empty or all(c == "" for c in frame.columns):
        raise InputError(f"{path}: the first row must name the columns (e.g. id,name,...).")
    return frame


def _read_workbook(path: Path, what: str, strip_invisible: bool, sheet: str | None) -> pd.DataFrame:
    """An Excel workbook's sheet, checked as a CSV file is (`read_csv_text`)."""
    _check_file(path, what)
    rows = read_xlsx_rows(path, what, sheet, MAX_COLUMNS, MAX_CELL_CHARS)
    if not rows:
        raise InputError(f"{path}: the {what} sheet is empty; it needs a header row and data.")
    header = [clean(c) for c in rows[0][1]]
    _check_header(header, path, cells=rows[0][0])
    frame = _table(header, rows[1:], path, True, strip_invisible, cells=True)
    if frame.columns.empty or all(c == "" for c in frame.columns):
        raise InputError(f"{path}: the first row must name the columns (e.g. id,name,...).")
    return frame


def _check_file(path: Path, what: str) -> None:
    """The file exists, is a file and is not too large."""
    if not path.exists():
        raise InputError(f"{path}: no such {what} file; check the path.")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a {what} CSV file.")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"{path}: cannot read the {what} file ({exc.strerror}).") from exc
    if size > MAX_CSV_BYTES:
        raise InputError(
            f"{path}: {size:,} bytes is too large for a {what} file "
            f"(at most {MAX_CSV_BYTES:,}); check that this is the right file.",
            code="file_too_large",
            file=str(path),
        )


def _read_text(path: Path, what: str) -> str:
    """The file's text: it exists, is not too large, and decodes as UTF-8 or Windows-1252."""
    _check_file(path, what)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the {what} file ({exc.strerror}).") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{path}: not a text CSV file; save it as CSV (UTF-8) and try again."
            ) from exc
    if "\x00" in text:
        raise InputError(f"{path}: not a text CSV file; save it as CSV (UTF-8) and try again.")
    if not text.strip():
        raise InputError(f"{path}: the {what} file is empty; it needs a header row and data.")
    # Unicode NFC for every cell at once (separators and line breaks never compose).
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _records(text: str, sep: str, path: Path) -> list[tuple[int, list[str]]]:
    """Every non-blank record with the line it starts on; a cell longer than the limit is
    refused naming its line (the csv module's own limit is higher than ours)."""
    reader = csv.reader(_io.StringIO(text), delimiter=sep)
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for fields in reader:
            if fields:
                if max(map(len, fields)) > MAX_CELL_CHARS:
                    raise _cell_too_long(path, line)
                rows.append((line, fields))
            line = reader.line_num + 1
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise _cell_too_long(path, line) from None
        raise InputError(
            f"{path}: line {line}: not a valid CSV file ({exc}); save it as CSV with a header row.",
            file=str(path),
            line=line,
        ) from None
    return rows


def _cell_too_long(path: Path, line: int) -> InputError:
    return InputError(
        f"{path}: line {line}: a cell is longer than {MAX_CELL_CHARS:,} characters; "
        "check the quotes around it or shorten it.",
        code="cell_too_long",
        file=str(path),
        line=line,
    )


def _check_header(header: list[str], path: Path, cells: int | None = None) -> None:
    """`cells`: the header is row `cells` of a workbook (problems name the cell)."""
    if len(header) > MAX_COLUMNS:
        raise InputError(
            f"{path}: line 1 has {len(header):,} columns; at most {MAX_COLUMNS:,} are "
            "allowed; check the separator or remove empty columns.",
            code="too_many_columns",
            file=str(path),
            line=1,
        )
    for n, name in enumerate(header):
        hidden = hidden_character(name)
        if hidden is not None:
            problems = Problems()
            place = None if cells is None else f"cell {column_letter(n)}{cells}"
            _hidden(problems, path, cells or 1, name, hidden, place)
            problems.raise_if_any()
    counts = Counter(c for c in header if c)
    repeated = sorted(c for c, n in counts.items() if n > 1)
    if repeated:
        raise InputError(
            f"{path}: column {visible(repeated[0])!r} appears twice in the header; rename one "
            "of them."
        )


def _table(
    header: list[str],
    body: list[tuple[int, list[str]]],
    path: Path,
    suspicious: bool,
    strip: bool = False,
    cells: bool = False,
) -> pd.DataFrame:
    """The data rows as a frame of cleaned strings; short rows are padded with empty cells,
    long ones refused unless every extra field is empty (then dropped, with a warning).
    `suspicious`: the file has a hidden character somewhere (only then is every cell
    searched, to name its line and column); `strip`: hidden characters are removed;
    `cells`: the rows are a workbook's (problems name the cell, B17, and the row)."""
    width, problems = len(header), Problems()
    padded, trailing, long, starts, stripped = [], 0, [], [], _Stripped()
    for line, fields in body:
        if len(fields) > width:
            if any(f.strip() for f in fields[width:]):
                long.append((line, len(fields)))
                continue
            trailing += 1
            fields = fields[:width]
        # The whole text is already NFC (`_read_text`): here only the whitespace.
        if _UNTIDY.search(_UNIT.join(fields)) is not None:
            fields = [" ".join(f.split()) for f in fields]
        row = fields + [""] * (width - len(fields))
        if suspicious:
            for n, (name, cell) in enumerate(zip(header, row, strict=True)):
                hidden = hidden_character(cell)
                place = f"cell {column_letter(n)}{line}" if cells else None
                if hidden is not None and strip:
                    where = place or f"line {line}, column {name!r}"
                    row[n] = stripped.strip(cell, f"{where}, {hidden}")
                elif hidden is not None:
                    _hidden(problems, path, line, name, hidden, place)
        padded.append(row)
        starts.append(line)
    if long:
        _more_fields(problems, path, long, width, cells)
    _raise_first(problems)
    frame = pd.DataFrame(padded, columns=header, dtype=str)
    # The line each row starts on: blank lines and line breaks inside quoted cells make it
    # differ from the row's number + 2.
    frame.attrs["lines"] = RowLines(tuple(starts))
    unnamed = [i for i, c in enumerate(header) if c == ""]
    if unnamed and len(unnamed) < width:
        empty = [i for i in unnamed if not (frame.iloc[:, i] != "").any()]
        frame = frame.drop(columns=frame.columns[empty]) if empty else frame
    warnings = [] if not stripped.cells else [stripped.warning(path)]
    if trailing:
        warnings.append(
            ToolWarning(
                "trailing_separator",
                f"{path}: {trailing} row(s) end with an empty field the header does not "
                "name (a trailing separator); the empty fields were ignored.",
            )
        )
    if warnings:
        frame.attrs["warnings"] = warnings
    return frame


class _Stripped:
    """Hidden characters removed from cells (`strip_invisible`): how many, and the first."""

    def __init__(self) -> None:
        self.cells, self.chars, self.first = 0, 0, ""

    def strip(self, cell: str, where: str) -> str:
        text, count = strip_hidden(cell)
        self.cells, self.chars = self.cells + 1, self.chars + count
        self.first = self.first or where
        return clean(text)

    def warning(self, path: Path) -> ToolWarning:
        return ToolWarning(
            "invisible_stripped",
            f"{path}: removed {self.chars:,} invisible or control character(s) from "
            f"{self.cells:,} cell(s) (the first: {visible(self.first)}); check those values.",
        )


def _more_fields(
    problems: Problems, path: Path, long: list[tuple[int, int]], width: int, cells: bool = False
) -> None:
    """Rows with more fields than the header: one line naming them (never a shifted table)."""
    line, got = long[0]
    more = f" (and {len(long) - 1:,} more rows)" if len(long) > 1 else ""
    fix = (
        f"cell {column_letter(width)}{line} and after have no column name in the header; "
        "name the columns or remove those cells"
        if cells
        else "remove the extra fields (or quote a cell that contains the separator)"
    )
    problems.add(
        InputError(
            f"{path}: {'row' if cells else 'line'} {line} has {got} fields but the header "
            f"names {width} columns{more}; {fix}.",
            code="too_many_fields",
            file=str(path),
            line=line,
        )
    )


def _hidden(
    problems: Problems, path: Path, line: int, column: str, what: str, place: str | None = None
) -> None:
    """`place`: the cell (B17) of a workbook, else the line of a CSV file."""
    where = f"{place} (column {visible(column)!r})" if place else f"line {line}, column "
    where = where if place else where + repr(visible(column))
    problems.add(
        InputError(
            f"{path}: {where}: the cell contains an invisible "
            f"or control character ({what}); retype the value without it.",
            code="hidden_character",
            file=str(path),
            line=line,
            column=column,
        )
    )


def _raise_first(problems: Problems) -> None:
    """All the problems of a file, but at most `_MAX_SHOWN` lines of them."""
    found = problems.found
    if len(found) > _MAX_SHOWN:
        more = len(found) - _MAX_SHOWN
        last = found[_MAX_SHOWN - 1]
        rest = InputProblem(last.code, f"... and {more:,} more like these", last.file)
        problems.found = [*found[:_MAX_SHOWN], rest]
    problems.raise_if_any()


@dataclass(frozen=True)
class RowLines:
    """The line each row of a read file starts on, kept in the frame's `attrs`: immutable,
    so pandas' copies of `attrs` share it rather than copy it."""

    starts: tuple[int, ...]

    def __deepcopy__(self, memo: dict[int, object]) -> RowLines:
        return self


def line_of(frame: pd.DataFrame, row: int) -> int:
    """The file line row `row` of a read frame starts on (row + 2 for a frame made in memory)."""
    lines = frame.attrs.get("lines")
    if isinstance(lines, RowLines) and 0 <= row < len(lines.starts):
        return lines.starts[row]
    return row + 2
