"""Writing an Excel workbook (.xlsx): sheets of a header row (bold, frozen) and rows, text
that a spreadsheet would run as a formula kept as text, the same bytes for the same data."""

from __future__ import annotations

import datetime as _dt
import io as _io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from ..text import visible
from .xlsx import XLSX_SUFFIX

Cell = str | int | float | bool | None
Sheet = tuple[str, Sequence[str], Sequence[Sequence[Cell]]]  # title, header, rows

# A fixed time for the workbook's properties and its zip entries: the same data, the same
# bytes (a workbook otherwise records when it was written).
_FIXED = _dt.datetime(2000, 1, 1, tzinfo=_dt.UTC)
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
_FORMULA_START = ("=", "+", "-", "@")


def wants_xlsx(path: str | Path | None) -> bool:
    """Whether an output file is written as an Excel workbook (by its name)."""
    return path is not None and Path(path).suffix.lower() == XLSX_SUFFIX


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """The workbook with one sheet per (title, header, rows). Text cells stay text: a cell
    starting with = + - @ is stored as a string with the quote prefix (never a formula);
    control and bidirectional characters are written visibly (`\\x1b`, `<U+202E>`)."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title)
        lines: list[list[Cell]] = [list(header), *(list(row) for row in rows)]
        for r, row in enumerate(lines, start=1):
            for c, value in enumerate(row, start=1):
                cell = sheet.cell(row=r, column=c)
                if isinstance(value, str):
                    text = visible(value)
                    cell.value = text
                    cell.data_type = "s"  # never a formula
                    if text.startswith(_FORMULA_START):
                        cell.quotePrefix = True
                else:
                    cell.value = value
                if r == 1:
                    cell.font = bold
        sheet.freeze_panes = "A2"
    book.properties.created = book.properties.modified = _FIXED.replace(tzinfo=None)
    book.properties.creator = "wgigbalance"
    buffer = _io.BytesIO()
    book.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The zip with fixed entry times and property time stamps, entries in the same order."""
    out = _io.BytesIO()
    with zipfile.ZipFile(_io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _STAMP.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content)
    return out.getvalue()
